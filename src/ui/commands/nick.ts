import { UsageError } from '../command.js'
import type { Command } from '../command.js'

/** `/nick NAME`: change your nickname everywhere. */
export const nick: Command = {
  name: '/nick',
  usage: '/nick NAME',
  description: 'change your nickname (letters, digits, "_" and "-", up to 24)',
  async run (ctx, args) {
    const parts = args.split(/\s+/).filter(Boolean)
    if (parts.length !== 1) {
      throw new UsageError('usage: /nick NAME (for example /nick alice)')
    }
    const old = ctx.chat.nick
    const updated = ctx.chat.setNick(parts[0])
    ctx.emit({ type: 'nick', peer: ctx.chat.peer, oldNick: old, newNick: updated, time: ctx.now() })
  }
}
