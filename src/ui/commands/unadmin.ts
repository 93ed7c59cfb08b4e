import type { Command } from '../command.js'
import { moderationTarget } from './target.js'

/** `/unadmin NICK`: the owner removes an admin of the current room. */
export const unadmin: Command = {
  name: '/unadmin',
  usage: '/unadmin NICK',
  description: 'remove NICK from the admins of the current room (owner only)',
  completes: 'nick',
  async run (ctx, args) {
    const { room, peer } = moderationTarget(ctx, args, '/unadmin NICK')
    await ctx.chat.authority.setAdmin(room, peer, false)
    ctx.emit({ type: 'notice', message: `${ctx.chat.nickOf(peer) ?? peer} is no longer an admin of #${room}`, time: ctx.now() })
  }
}
