import type { RoomSummary } from '../chat/chat-client.js'

/**
 * Everything the user sees, as data. The TTY, line and JSON renderers each
 * turn these into output; `--json` prints them as they are, one per line.
 */
export type UiEvent =
  | { type: 'ready', peer: string, nick: string, addrs: string[], network: string }
  | { type: 'message', room: string, nick: string, peer: string, text: string, time: number, action: boolean, self: boolean }
  | { type: 'join' | 'leave' | 'member', room: string, nick: string, peer: string, time: number }
  | { type: 'nick', peer: string, oldNick: string, newNick: string, time: number }
  | { type: 'joined' | 'left', room: string, time: number }
  | { type: 'current', room: string | null, time: number }
  | { type: 'rooms', rooms: RoomSummary[], time: number }
  | { type: 'who', room: string, members: Array<{ nick: string, peer: string }>, time: number }
  | { type: 'help', commands: Array<{ usage: string, description: string }>, time: number }
  | { type: 'notice', message: string, time: number }
  | { type: 'error', message: string, time: number }

/** The `type` of every event. */
export type UiEventType = UiEvent['type']
