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
  | { type: 'token', room: string, token: string, reclaimed: boolean, time: number }
  | { type: 'moderation', room: string, kind: 'kick' | 'ban' | 'unban', target: string, targetNick: string | null, by: string, byNick: string | null, reason: string, untilMs: number | null, self: boolean, time: number }
  | { type: 'record', room: string, owner: string, ownerNick: string | null, ownerChanged: boolean, admins: string[], time: number }
  | { type: 'info', room: string, owner: string, ownerNick: string | null, createdAt: number, seq: number, reclaims: number, admins: Array<{ peer: string, nick: string | null }>, bans: Array<{ peer: string, nick: string | null, reason: string, by: string, at: number }>, settings: { topic: string, msgPerMinute: number, burst: number, maxBytes: number }, time: number }
  | { type: 'announcement', text: string, operator: string, time: number }
  | { type: 'private', peer: string, nick: string, text: string, time: number, self: boolean }
  | { type: 'query', peer: string | null, nick: string | null, time: number }
  | { type: 'whois', peer: string, nick: string | null, display: string, claimedNick: string | null, claimExpiresAt: number | null, rooms: string[], lastSeen: number | null, addrs: string[], connected: boolean, ignored: boolean, time: number }
  | { type: 'ignores', ignored: Array<{ peer: string, nick: string, since: number }>, time: number }
  | { type: 'notice', message: string, time: number }
  | { type: 'error', message: string, time: number }

/** The `type` of every event. */
export type UiEventType = UiEvent['type']
