import { UsageError } from '../command.js'
import type { Command } from '../command.js'
import { displayNames, matchPeer } from '../../chat/nick-registry.js'
import { findPerson, people } from './msg.js'

/** `/unignore NICK`: show someone's messages again. */
export const unignore: Command = {
  name: '/unignore',
  usage: '/unignore NICK',
  description: 'show the messages of NICK again',
  completes: 'nick',
  async run (ctx, args) {
    const services = people(ctx)
    const parts = args.split(/\s+/).filter(Boolean)
    if (parts.length !== 1) {
      throw new UsageError('usage: /unignore NICK (/ignore lists who you ignore)')
    }
    const ignored = services.ignores.list()
    let peer: string
    let display: string
    try {
      // the ignore list remembers the nick each peer had: match there first
      peer = matchPeer(parts[0], ignored).peer
      display = displayNames(ignored).get(peer) ?? peer
    } catch (err) {
      if ((err as Error).name !== 'UnknownPeerError') {
        throw err
      }
      const target = await findPerson(ctx, parts[0])
      peer = target.peer
      display = target.display
    }
    if (!services.ignores.remove(peer)) {
      throw new UsageError(`${display} is not ignored (/ignore lists who is)`)
    }
    ctx.emit({ type: 'notice', message: `no longer ignoring ${display}`, time: ctx.now() })
  }
}
