import { UsageError } from '../command.js'
import type { Command } from '../command.js'

/** `/me ACTION`: an action in the current room ("* alice waves"). */
export const me: Command = {
  name: '/me',
  usage: '/me ACTION',
  description: 'describe an action in the current room, e.g. /me waves',
  async run (ctx, args) {
    const room = ctx.current()
    if (room == null) {
      throw new UsageError('you are not in a room: /join ROOM first')
    }
    if (args.length === 0) {
      throw new UsageError('usage: /me ACTION (for example /me waves)')
    }
    await ctx.chat.send(room, args, { action: true })
  }
}
