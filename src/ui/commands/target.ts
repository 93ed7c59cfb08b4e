import { UsageError } from '../command.js'
import type { CommandContext } from '../command.js'

/**
 * The room a moderation command acts in and the peer it names: `NICK` (or
 * `nick~abcd`, or a peer id) in the current room, and the rest as a reason.
 */
export function moderationTarget (ctx: CommandContext, args: string, usage: string): { room: string, peer: string, reason: string } {
  const room = ctx.current()
  if (room == null) {
    throw new UsageError('you are not in a room: /join ROOM first')
  }
  const match = /^(\S+)\s*(.*)$/s.exec(args.trim())
  if (match == null) {
    throw new UsageError(`usage: ${usage}`)
  }
  return { room, peer: ctx.chat.resolvePeer(room, match[1]), reason: match[2] }
}
