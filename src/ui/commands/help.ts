import type { Command } from '../command.js'

/** `/help`: every command with a line on what it does. */
export const help: Command = {
  name: '/help',
  aliases: ['/?'],
  usage: '/help',
  description: 'list the commands',
  async run (ctx) {
    const commands = ctx.commands.map(c => ({ usage: c.usage, description: c.description }))
    ctx.emit({ type: 'help', commands, time: ctx.now() })
  }
}
