import { UsageError } from '../command.js'
import type { Command } from '../command.js'
import { normaliseRoomName } from '../../protocol/names.js'

/** `/who [ROOM]`: who is in the current room (or the room named). */
export const who: Command = {
  name: '/who',
  aliases: ['/names'],
  usage: '/who [ROOM]',
  description: 'list the members of the current room (or of the room named) heard recently',
  completes: 'joined-room',
  async run (ctx, args) {
    const room = args.split(/\s+/).filter(Boolean)[0] ?? ctx.current()
    if (room == null) {
      throw new UsageError('you are not in a room: /join ROOM first, or /who ROOM')
    }
    const name = normaliseRoomName(room)
    const members = ctx.chat.members(name).map(m => ({ nick: m.nick, peer: m.peer }))
    ctx.emit({ type: 'who', room: name, members, time: ctx.now() })
  }
}
