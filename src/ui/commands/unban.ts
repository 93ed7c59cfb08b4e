import type { Command } from '../command.js'
import { moderationTarget } from './target.js'

/** `/unban NICK`: owner or admin lifts a ban in the current room. */
export const unban: Command = {
  name: '/unban',
  usage: '/unban NICK',
  description: 'lift the ban of NICK (or peer id) in the current room (owner or admin)',
  completes: 'nick',
  async run (ctx, args) {
    const { room, peer } = moderationTarget(ctx, args, '/unban NICK')
    await ctx.chat.authority.unban(room, peer)
  }
}
