import type { ChatClient } from '../chat/chat-client.js'
import type { ChatEvents } from '../chat/events.js'
import type { Command, CommandContext } from './command.js'
import { COMMANDS } from './commands/index.js'
import type { UiEvent } from './ui-events.js'
import type { PeopleServices } from './commands/msg.js'

/** What a UI session needs from its host (the CLI). */
export interface SessionInit {
  chat: ChatClient
  emit: (event: UiEvent) => void
  quit: () => Promise<void>
  now?: () => number
  commands?: readonly Command[]
  /** private messages, nick claims and the ignore list, when the host has them */
  people?: PeopleServices
}

/** A UI session: the command context plus the chat events turned into UI events. */
export interface Session {
  ctx: CommandContext
  /** Stop forwarding chat events. */
  detach: () => void
}

/**
 * Connect a chat client to a renderer: every chat event becomes a
 * {@link UiEvent}, and the returned context runs the slash commands.
 */
export function createSession (init: SessionInit): Session {
  const { chat, emit } = init
  const now = init.now ?? Date.now
  let current: string | undefined
  const ctx: CommandContext = {
    chat,
    current: () => current,
    setCurrent: (room) => { current = room },
    emit,
    now,
    quit: init.quit,
    commands: init.commands ?? COMMANDS,
    people: init.people
  }
  const ignored = (peer: string): boolean => init.people?.ignores.has(peer) ?? false
  const forward = <K extends keyof ChatEvents>(type: K, toUi: (detail: ChatEvents[K]['detail']) => UiEvent | undefined): () => void => {
    const listener = (evt: ChatEvents[K]): void => {
      const event = toUi(evt.detail)
      if (event != null) {
        emit(event)
      }
    }
    chat.addEventListener(type, listener)
    return () => { chat.removeEventListener(type, listener) }
  }
  const removers = [
    // an ignored peer's lines are not shown
    forward('message', d => ignored(d.peer) ? undefined : { type: 'message', ...d }),
    forward('join', d => ({ type: 'join', ...d })),
    forward('leave', d => ({ type: 'leave', ...d })),
    forward('member', d => ({ type: 'member', ...d })),
    forward('nick', d => ({ type: 'nick', ...d })),
    forward('notice', d => ({ type: 'notice', ...d })),
    forward('warning', d => ({ type: 'error', ...d })),
    forward('token', d => ({ type: 'token', ...d })),
    forward('moderation', d => ({ type: 'moderation', ...d })),
    forward('record', d => ({ type: 'record', ...d })),
    forward('announcement', d => ({ type: 'announcement', ...d }))
  ]
  // however we left a room (/leave, a kick, a ban), say so and move on
  const onLeft = (evt: ChatEvents['left']): void => {
    const { room, time } = evt.detail
    emit({ type: 'left', room, time })
    if (current === room) {
      current = chat.joinedRooms().at(-1)
      emit({ type: 'current', room: current ?? null, time })
    }
  }
  chat.addEventListener('left', onLeft)
  removers.push(() => { chat.removeEventListener('left', onLeft) })
  const dm = init.people?.dm
  if (dm != null) {
    const onPrivate = (evt: CustomEvent<{ peer: string, nick: string, text: string, time: number }>): void => {
      const { peer, nick, text, time } = evt.detail
      emit({ type: 'private', peer, nick, text, time, self: false })
    }
    dm.addEventListener('message', onPrivate)
    removers.push(() => { dm.removeEventListener('message', onPrivate) })
  }
  return {
    ctx,
    detach: () => {
      for (const remove of removers) {
        remove()
      }
    }
  }
}
