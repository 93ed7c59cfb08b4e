import { UsageError } from '../command.js'
import type { Command } from '../command.js'

/** `/join ROOM`: join (or create) a room and make it current; switch to it if already joined. */
export const join: Command = {
  name: '/join',
  aliases: ['/j'],
  usage: '/join ROOM',
  description: 'join a room (creating it if nobody is in it) and talk there; switches to it if already joined',
  completes: 'room',
  async run (ctx, args) {
    const [input, ...rest] = args.split(/\s+/).filter(Boolean)
    if (input == null || rest.length > 0) {
      throw new UsageError('usage: /join ROOM (for example /join #general)')
    }
    if (ctx.people?.query() != null) {
      // like IRC clients: joining a room ends the private conversation
      ctx.people.setQuery(undefined)
      ctx.emit({ type: 'query', peer: null, nick: null, time: ctx.now() })
    }
    const alreadyIn = ctx.chat.joinedRooms()
    const room = await ctx.chat.join(input)
    ctx.setCurrent(room)
    if (alreadyIn.includes(room)) {
      ctx.emit({ type: 'current', room, time: ctx.now() })
    } else {
      ctx.emit({ type: 'joined', room, time: ctx.now() })
    }
  }
}
