import type { Command } from '../command.js'
import { moderationTarget } from './target.js'

/** `/ban NICK [REASON]`: owner or admin bans a peer from the current room. */
export const ban: Command = {
  name: '/ban',
  usage: '/ban NICK [REASON]',
  description: 'ban NICK from the current room until unbanned (owner or admin)',
  completes: 'nick',
  async run (ctx, args) {
    const { room, peer, reason } = moderationTarget(ctx, args, '/ban NICK [REASON]')
    await ctx.chat.authority.ban(room, peer, reason)
  }
}
