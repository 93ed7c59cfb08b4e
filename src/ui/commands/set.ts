import { UsageError } from '../command.js'
import type { Command } from '../command.js'
import type { RoomSettings } from '../../protocol/room-record.js'

const NUMERIC: Record<string, keyof RoomSettings> = {
  rate: 'msgPerMinute',
  burst: 'burst',
  maxbytes: 'maxBytes'
}

const USAGE = '/set topic TEXT | /set rate N (messages a minute) | /set burst N | /set maxbytes N   (0 = network default)'

/** `/set KEY VALUE`: the owner changes the current room's topic or limits. */
export const set: Command = {
  name: '/set',
  usage: '/set KEY VALUE',
  description: 'owner: set the room\'s topic, rate (messages a minute), burst or maxbytes; 0 restores the default',
  async run (ctx, args) {
    const room = ctx.current()
    if (room == null) {
      throw new UsageError('you are not in a room: /join ROOM first')
    }
    const match = /^(\S+)\s*(.*)$/s.exec(args.trim())
    const key = match?.[1]?.toLowerCase()
    const value = match?.[2] ?? ''
    if (key == null) {
      throw new UsageError(`usage: ${USAGE}`)
    }
    let settings: Partial<RoomSettings>
    if (key === 'topic') {
      settings = { topic: value }
    } else if (NUMERIC[key] != null) {
      if (!/^\d+$/.test(value)) {
        throw new UsageError(`/set ${key} needs a whole number (got "${value.slice(0, 20)}")`)
      }
      settings = { [NUMERIC[key]]: Number(value) }
    } else {
      throw new UsageError(`unknown setting "${key.slice(0, 20)}": ${USAGE}`)
    }
    await ctx.chat.authority.setSettings(room, settings)
    ctx.emit({ type: 'notice', message: `#${room}: ${key} set to ${value.length > 0 ? value : '(empty)'}`, time: ctx.now() })
  }
}
