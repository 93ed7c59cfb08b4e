import type { ChatClient } from '../chat/chat-client.js'
import type { UiEvent } from './ui-events.js'
import type { PeopleServices } from './commands/msg.js'

/** What a slash command may use: the chat core, the session and the output. */
export interface CommandContext {
  /** The chat core. */
  chat: ChatClient
  /** The room plain lines go to, if any. */
  current: () => string | undefined
  /** Change the room plain lines go to. */
  setCurrent: (room: string | undefined) => void
  /** Show an event to the user. */
  emit: (event: UiEvent) => void
  /** Wall clock, ms since the epoch. */
  now: () => number
  /** Leave every room and exit. */
  quit: () => Promise<void>
  /** Every command, for `/help`. */
  commands: readonly Command[]
  /** Private messages, nick claims, the ignore list and the open query, when the host provides them. */
  people?: PeopleServices
}

/** One slash command. Each lives in a file of its own under `commands/`. */
export interface Command {
  /** The name, with its slash: `/join`. */
  name: string
  /** Other names, with slashes: `/part` for `/leave`. */
  aliases?: string[]
  /** How to call it: `/join ROOM`. */
  usage: string
  /** One line on what it does. */
  description: string
  /** What the command completes its first argument with. */
  completes?: 'room' | 'nick' | 'joined-room'
  /** Run it with everything after the command name (trimmed). */
  run: (ctx: CommandContext, args: string) => Promise<void>
}

/** The user called a command wrongly; the message says how to call it. */
export class UsageError extends Error {
  override readonly name = 'UsageError'
}
