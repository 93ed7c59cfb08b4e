import type { Command } from '../command.js'

/** `/rooms`: the active rooms on the network, with member counts. */
export const rooms: Command = {
  name: '/rooms',
  aliases: ['/list'],
  usage: '/rooms',
  description: 'list the active rooms on the network with their member counts',
  async run (ctx) {
    ctx.emit({ type: 'rooms', rooms: ctx.chat.listRooms(), time: ctx.now() })
  }
}
