import type { Command } from '../command.js'
import { moderationTarget } from './target.js'

/** `/kick NICK [REASON]`: owner or admin removes a member for a cool-off. */
export const kick: Command = {
  name: '/kick',
  usage: '/kick NICK [REASON]',
  description: 'remove NICK from the current room for 5 minutes (owner or admin)',
  completes: 'nick',
  async run (ctx, args) {
    const { room, peer, reason } = moderationTarget(ctx, args, '/kick NICK [REASON]')
    await ctx.chat.authority.kick(room, peer, reason)
  }
}
