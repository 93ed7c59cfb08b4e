import { UsageError } from '../command.js'
import type { Command } from '../command.js'
import { normaliseRoomName } from '../../protocol/names.js'

/** `/leave [ROOM]`: leave the current room, or the one named. */
export const leave: Command = {
  name: '/leave',
  aliases: ['/part'],
  usage: '/leave [ROOM]',
  description: 'leave the current room, or the room named',
  completes: 'joined-room',
  async run (ctx, args) {
    const parts = args.split(/\s+/).filter(Boolean)
    if (parts.length > 1) {
      throw new UsageError('usage: /leave [ROOM]')
    }
    const target = parts[0] ?? ctx.current()
    if (target == null) {
      throw new UsageError('you are not in a room: /leave ROOM names one')
    }
    // the session reports the leave (and the new current room) from the chat core's event
    await ctx.chat.leave(normaliseRoomName(target))
  }
}
