import { UsageError } from '../command.js'
import type { Command } from '../command.js'
import { normaliseRoomName } from '../../protocol/names.js'

/** `/info [ROOM]`: the room's owner, admins, bans and settings, from its signed record. */
export const info: Command = {
  name: '/info',
  usage: '/info [ROOM]',
  description: 'show the owner, admins, bans and settings of the current room (or ROOM)',
  completes: 'joined-room',
  async run (ctx, args) {
    const input = args.split(/\s+/).filter(Boolean)[0]
    const room = input != null ? normaliseRoomName(input) : ctx.current()
    if (room == null) {
      throw new UsageError('you are not in a room: /info ROOM')
    }
    const record = ctx.chat.authority.record(room)
    if (record == null) {
      throw new UsageError(`no record of #${room} is known yet${ctx.chat.isJoined(room) ? '; try again in a moment' : `: /join #${room} first`}`)
    }
    const nick = (peer: string): string | null => ctx.chat.nickOf(peer) ?? null
    ctx.emit({
      type: 'info',
      room,
      owner: record.owner,
      ownerNick: nick(record.owner),
      createdAt: record.createdAtMs,
      seq: Number(record.body.seq),
      reclaims: record.chain.length - 1,
      admins: record.body.admins.map(peer => ({ peer, nick: nick(peer) })),
      bans: record.body.bans.map(b => ({ peer: b.peer, nick: nick(b.peer), reason: b.reason, by: b.by, at: b.atMs })),
      settings: { ...record.body.settings },
      time: ctx.now()
    })
  }
}
