import type { Command, CommandContext } from './command.js'
import { MAX_LINE_BYTES, parseLine } from './parse-line.js'
import { sendToQuery } from './commands/query.js'

/** Find a command by name or alias (`/join`, `/j`). */
export function findCommand (commands: readonly Command[], name: string): Command | undefined {
  return commands.find(c => c.name === name || (c.aliases ?? []).includes(name))
}

/**
 * Handle one line of user input: run a command or send text to the current
 * room. Every failure becomes a one-line `error` event; nothing throws.
 */
export async function handleLine (ctx: CommandContext, line: string): Promise<void> {
  const parsed = parseLine(line)
  try {
    switch (parsed.kind) {
      case 'empty':
        return
      case 'too-long':
        ctx.emit({ type: 'error', message: `line is ${parsed.bytes} bytes; the limit is ${MAX_LINE_BYTES}`, time: ctx.now() })
        return
      case 'command': {
        const command = findCommand(ctx.commands, parsed.name)
        if (command == null) {
          ctx.emit({ type: 'error', message: `unknown command ${parsed.name.slice(0, 32)}: type /help for the list`, time: ctx.now() })
          return
        }
        await command.run(ctx, parsed.args)
        return
      }
      case 'text': {
        if (await sendToQuery(ctx, parsed.text)) {
          return
        }
        const room = ctx.current()
        if (room == null) {
          ctx.emit({ type: 'error', message: 'you are not in a room: /join ROOM first (/help lists the commands)', time: ctx.now() })
          return
        }
        await ctx.chat.send(room, parsed.text)
      }
    }
  } catch (err) {
    ctx.emit({ type: 'error', message: (err as Error).message, time: ctx.now() })
  }
}
