import type { Command } from '../command.js'

/** `/quit`: leave every room and exit. */
export const quit: Command = {
  name: '/quit',
  aliases: ['/exit'],
  usage: '/quit',
  description: 'leave every room and exit',
  async run (ctx) {
    await ctx.quit()
  }
}
