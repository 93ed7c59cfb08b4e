import { UsageError } from '../command.js'
import type { Command } from '../command.js'
import { emitPeople, findPerson, people } from './msg.js'

/** `/ignore [NICK]`: hide someone's room and private messages; alone, list who is ignored. */
export const ignore: Command = {
  name: '/ignore',
  usage: '/ignore [NICK]',
  description: 'hide the room and private messages of NICK (kept across restarts); /ignore alone lists who you ignore',
  completes: 'nick',
  async run (ctx, args) {
    const services = people(ctx)
    const parts = args.split(/\s+/).filter(Boolean)
    if (parts.length === 0) {
      emitPeople(ctx, {
        type: 'ignores',
        ignored: services.ignores.list().map(e => ({ peer: e.peer, nick: e.nick, since: e.sinceMs })),
        time: ctx.now()
      })
      return
    }
    if (parts.length !== 1) {
      throw new UsageError('usage: /ignore NICK (a nick, nick~suffix or peer id)')
    }
    const target = await findPerson(ctx, parts[0], { excludeSelf: true })
    if (target.peer === ctx.chat.peer) {
      throw new UsageError('you cannot ignore yourself')
    }
    const added = services.ignores.add(target.peer, target.nick, ctx.now())
    ctx.emit({
      type: 'notice',
      message: added
        ? `ignoring ${target.display} (${target.peer}): their messages are hidden; /unignore ${target.display} to undo`
        : `${target.display} is already ignored`,
      time: ctx.now()
    })
  }
}
