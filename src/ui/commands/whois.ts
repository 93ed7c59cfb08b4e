import { UsageError } from '../command.js'
import type { Command } from '../command.js'
import { emitPeople, findPerson, people } from './msg.js'

/** `/whois NICK`: peer id, rooms shared, last seen and known addresses of someone. */
export const whois: Command = {
  name: '/whois',
  usage: '/whois NICK',
  description: 'show the peer id, shared rooms, last time heard, nick claim and known addresses of NICK',
  completes: 'nick',
  async run (ctx, args) {
    const parts = args.split(/\s+/).filter(Boolean)
    if (parts.length !== 1) {
      throw new UsageError('usage: /whois NICK (a nick, nick~suffix or peer id)')
    }
    const services = people(ctx)
    const target = await findPerson(ctx, parts[0])
    const rooms: string[] = []
    let lastSeen: number | null = null
    for (const room of ctx.chat.joinedRooms()) {
      const member = ctx.chat.members(room).find(m => m.peer === target.peer)
      if (member != null) {
        rooms.push(room)
        lastSeen = Math.max(lastSeen ?? 0, member.lastSeenMs)
      }
    }
    for (const m of ctx.chat.listDirectoryMembers()) {
      if (m.peer === target.peer && m.lastHeardMs > 0) {
        lastSeen = Math.max(lastSeen ?? 0, m.lastHeardMs)
      }
    }
    const [claim, reach] = await Promise.all([
      services.nicks.claimOf(target.peer),
      services.dm.reachability(target.peer)
    ])
    emitPeople(ctx, {
      type: 'whois',
      peer: target.peer,
      nick: target.nick === '' ? (claim?.nick ?? null) : target.nick,
      display: target.display,
      claimedNick: claim?.nick ?? null,
      claimExpiresAt: claim?.expiresAtMs ?? null,
      rooms,
      lastSeen,
      addrs: reach.addrs,
      connected: reach.connected,
      ignored: services.ignores.has(target.peer),
      time: ctx.now()
    })
  }
}
