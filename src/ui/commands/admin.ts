import type { Command } from '../command.js'
import { moderationTarget } from './target.js'

/** `/admin NICK`: the owner makes a member an admin of the current room. */
export const admin: Command = {
  name: '/admin',
  usage: '/admin NICK',
  description: 'make NICK an admin of the current room (owner only)',
  completes: 'nick',
  async run (ctx, args) {
    const { room, peer } = moderationTarget(ctx, args, '/admin NICK')
    await ctx.chat.authority.setAdmin(room, peer, true)
    ctx.emit({ type: 'notice', message: `${ctx.chat.nickOf(peer) ?? peer} is now an admin of #${room}`, time: ctx.now() })
  }
}
