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
    const left = normaliseRoomName(target)
    await ctx.chat.leave(left)
    ctx.emit({ type: 'left', room: left, time: ctx.now() })
    if (ctx.current() == null || ctx.current() === left) {
      const next = ctx.chat.joinedRooms().at(-1)
      ctx.setCurrent(next)
      ctx.emit({ type: 'current', room: next ?? null, time: ctx.now() })
    }
  }
}
