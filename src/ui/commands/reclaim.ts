import { UsageError } from '../command.js'
import type { Command } from '../command.js'
import { normaliseRoomName } from '../../protocol/names.js'

/** `/reclaim [ROOM] TOKEN`: become the owner of a room with its reclaim token. */
export const reclaim: Command = {
  name: '/reclaim',
  usage: '/reclaim [ROOM] TOKEN',
  description: 'become the owner of the current room (or ROOM) with its reclaim token',
  completes: 'joined-room',
  async run (ctx, args) {
    const parts = args.split(/\s+/).filter(Boolean)
    if (parts.length === 0 || parts.length > 2) {
      throw new UsageError('usage: /reclaim [ROOM] TOKEN')
    }
    const room = parts.length === 2 ? normaliseRoomName(parts[0]) : ctx.current()
    if (room == null) {
      throw new UsageError('you are not in a room: /reclaim ROOM TOKEN')
    }
    if (!ctx.chat.isJoined(room)) {
      throw new UsageError(`/join #${room} first, then /reclaim`)
    }
    await ctx.chat.authority.reclaim(room, parts[parts.length - 1])
    ctx.emit({ type: 'notice', message: `you now own #${room}`, time: ctx.now() })
  }
}
