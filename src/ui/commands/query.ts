import { UsageError } from '../command.js'
import type { Command, CommandContext } from '../command.js'
import { asPerson, emitPeople, findPerson, people, sendPrivate } from './msg.js'

/**
 * Send a plain line to the person of the open `/query`, if there is one.
 * Resolves false (sending nothing) when no query is open, so that the line
 * goes to the current room instead. Failures throw with a one-line message.
 */
export async function sendToQuery (ctx: CommandContext, text: string): Promise<boolean> {
  const services = (ctx as CommandContext & { people?: { query: () => { peer: string, nick: string } | undefined } }).people
  const target = services?.query()
  if (target == null) {
    return false
  }
  await sendPrivate(ctx, asPerson(ctx, target), text)
  return true
}

/**
 * `/query NICK [TEXT]`: plain lines go privately to NICK until `/join` or
 * `/query` again; `/query` alone ends it.
 */
export const query: Command = {
  name: '/query',
  usage: '/query [NICK [TEXT]]',
  description: 'talk privately with NICK: plain lines go to them until /join or /query again; /query alone ends it',
  completes: 'nick',
  async run (ctx, args) {
    const services = people(ctx)
    const match = /^(\S+)(?:\s+(.*\S.*))?$/s.exec(args.trim())
    if (args.trim().length === 0) {
      const previous = services.query()
      services.setQuery(undefined)
      emitPeople(ctx, { type: 'query', peer: null, nick: null, time: ctx.now() })
      if (previous == null) {
        ctx.emit({ type: 'notice', message: 'no private conversation was open: /query NICK opens one', time: ctx.now() })
      }
      return
    }
    if (match == null) {
      throw new UsageError('usage: /query NICK [TEXT] (for example /query alice)')
    }
    const target = await findPerson(ctx, match[1], { excludeSelf: true })
    if (target.peer === ctx.chat.peer) {
      throw new UsageError('you cannot talk privately with yourself')
    }
    services.setQuery({ peer: target.peer, nick: target.nick })
    emitPeople(ctx, { type: 'query', peer: target.peer, nick: target.nick === '' ? null : target.nick, time: ctx.now() })
    if (match[2] != null) {
      await sendPrivate(ctx, target, match[2])
    }
  }
}
