import { sanitizeForTerminal as clean } from './sanitize.js'
import type { UiEvent } from './ui-events.js'

/** How the human-readable renderers format events. */
export interface FormatOptions {
  /** ANSI colours (TTY without NO_COLOR). */
  colour: boolean
  /** The local time zone offset is used; this turns timestamps on. */
  timestamps: boolean
}

const CODES = { dim: 2, bold: 1, red: 31, green: 32, yellow: 33, blue: 34, magenta: 35, cyan: 36 } as const
type Style = keyof typeof CODES
const NICK_STYLES: Style[] = ['green', 'yellow', 'blue', 'magenta', 'cyan']

function paint (opts: FormatOptions, style: Style, text: string): string {
  return opts.colour ? `\u001b[${CODES[style]}m${text}\u001b[0m` : text
}

/** A stable colour per nick so a conversation is easy to follow. */
function nickStyle (nick: string): Style {
  let hash = 0
  for (const ch of nick) {
    hash = (hash * 31 + ch.charCodeAt(0)) >>> 0
  }
  return NICK_STYLES[hash % NICK_STYLES.length]
}

function stamp (opts: FormatOptions, time: number): string {
  if (!opts.timestamps) {
    return ''
  }
  const d = new Date(time)
  const hh = String(d.getHours()).padStart(2, '0')
  const mm = String(d.getMinutes()).padStart(2, '0')
  const ss = String(d.getSeconds()).padStart(2, '0')
  return paint(opts, 'dim', `${hh}:${mm}:${ss}`) + ' '
}

/** An ISO date, or a plain note when the time is outside what a Date can hold. */
export function isoTime (ms: number): string {
  const d = new Date(ms)
  return Number.isNaN(d.getTime()) ? `(time ${ms} out of range)` : d.toISOString()
}

/** Last four characters of a peer id: enough to tell two peers apart at a glance. */
export function shortPeer (peer: string): string {
  return peer.slice(-4)
}

/**
 * Turn an event into the lines a person reads. Every string that came from
 * the network passes through {@link clean} first.
 */
export function formatEvent (event: UiEvent, opts: FormatOptions): string[] {
  const t = 'time' in event ? stamp(opts, event.time) : ''
  const notice = (text: string): string[] => [`${t}${paint(opts, 'dim', '-!-')} ${text}`]
  switch (event.type) {
    case 'ready':
      return [
        `${paint(opts, 'bold', 'CryptiComm')} peer ${event.peer} (${event.nick}) is up on the ${event.network} network.`,
        'Others can join you with --bootstrap and one of:',
        ...event.addrs.map(a => `  ${a}`),
        'Type /join ROOM to start, /help for the commands.'
      ]
    case 'message': {
      const room = paint(opts, 'dim', `#${clean(event.room)}`)
      const nick = paint(opts, nickStyle(event.nick), clean(event.nick))
      return event.action
        ? [`${t}${room} * ${nick} ${clean(event.text)}`]
        : [`${t}${room} <${nick}> ${clean(event.text)}`]
    }
    case 'join':
      return notice(`${clean(event.nick)} (${shortPeer(event.peer)}) joined #${clean(event.room)}`)
    case 'leave':
      return notice(`${clean(event.nick)} (${shortPeer(event.peer)}) left #${clean(event.room)}`)
    case 'member':
      return notice(`${clean(event.nick)} (${shortPeer(event.peer)}) is in #${clean(event.room)}`)
    case 'nick':
      return notice(`${clean(event.oldNick)} is now known as ${clean(event.newNick)}`)
    case 'joined':
      return notice(`you joined #${clean(event.room)}; plain lines now go there`)
    case 'left':
      return notice(`you left #${clean(event.room)}`)
    case 'current':
      return notice(event.room == null ? 'you are in no room: /join ROOM' : `talking in #${clean(event.room)}`)
    case 'rooms':
      if (event.rooms.length === 0) {
        return notice('no active rooms heard yet: /join ROOM creates one')
      }
      return [
        ...notice(`${event.rooms.length} active room${event.rooms.length === 1 ? '' : 's'}:`),
        ...event.rooms.map(r => `    #${clean(r.room)}  ${r.members} member${r.members === 1 ? '' : 's'}${r.joined ? ' (joined)' : ''}`)
      ]
    case 'who':
      return [
        ...notice(`${event.members.length} in #${clean(event.room)}:`),
        ...event.members.map(m => `    ${clean(m.nick)}  ${m.peer}`)
      ]
    case 'help':
      return [
        ...notice('commands (plain lines go to the current room):'),
        ...event.commands.map(c => `    ${c.usage.padEnd(22)} ${c.description}`)
      ]
    case 'token':
      return [
        ...notice(event.reclaimed ? `you now own #${clean(event.room)}. Its NEW reclaim token (the old one is spent):` : `you created #${clean(event.room)} and own it. Its reclaim token:`),
        `    ${paint(opts, 'bold', event.token)}`,
        ...notice(`It is shown only now (and saved in your data directory). Anyone with it can take the room: /reclaim #${clean(event.room)} TOKEN`)
      ]
    case 'moderation': {
      const who = (nick: string | null, peer: string): string => `${nick != null ? clean(nick) : '?'} (${shortPeer(peer)})`
      const reason = event.reason.length > 0 ? `: ${clean(event.reason)}` : ''
      if (event.self && event.kind !== 'unban') {
        const until = event.untilMs != null ? `; you may rejoin at ${new Date(event.untilMs).toLocaleTimeString()}` : ''
        return [`${t}${paint(opts, 'red', '-!-')} you were ${event.kind === 'kick' ? 'kicked' : 'banned'} from #${clean(event.room)} by ${who(event.byNick, event.by)}${reason}${until}`]
      }
      const verb = event.kind === 'kick' ? 'kicked' : event.kind === 'ban' ? 'banned' : 'unbanned'
      return notice(`${who(event.targetNick, event.target)} was ${verb} from #${clean(event.room)} by ${who(event.byNick, event.by)}${reason}`)
    }
    case 'record':
      if (event.ownerChanged) {
        return notice(`#${clean(event.room)} has a new owner: ${event.ownerNick != null ? clean(event.ownerNick) : '?'} (${event.owner})`)
      }
      return notice(`#${clean(event.room)}: owner ${event.ownerNick != null ? clean(event.ownerNick) : '?'} (${shortPeer(event.owner)}), ${event.admins.length} admin${event.admins.length === 1 ? '' : 's'}`)
    case 'info':
      return [
        ...notice(`#${clean(event.room)}, created ${isoTime(event.createdAt)}, record seq ${event.seq}, reclaimed ${event.reclaims} time${event.reclaims === 1 ? '' : 's'}`),
        `    owner   ${event.ownerNick != null ? clean(event.ownerNick) : '?'} ${event.owner}`,
        `    admins  ${event.admins.length === 0 ? '-' : event.admins.map(a => `${a.nick != null ? clean(a.nick) : '?'} ${a.peer}`).join(', ')}`,
        `    bans    ${event.bans.length === 0 ? '-' : event.bans.map(b => `${b.nick != null ? clean(b.nick) : '?'} ${b.peer}${b.reason.length > 0 ? ` (${clean(b.reason)})` : ''}`).join(', ')}`,
        `    topic   ${event.settings.topic.length > 0 ? clean(event.settings.topic) : '-'}`
      ]
    case 'private': {
      const who = paint(opts, nickStyle(event.nick), clean(event.nick.length > 0 ? event.nick : shortPeer(event.peer)))
      return event.self
        ? [`${t}${paint(opts, 'magenta', '-> *')}${who}${paint(opts, 'magenta', '*')} ${clean(event.text)}`]
        : [`${t}${paint(opts, 'magenta', '*')}${who}${paint(opts, 'magenta', '*')} ${clean(event.text)}`]
    }
    case 'query':
      return notice(event.peer == null ? 'private conversation closed; plain lines go to the current room' : `talking privately with ${clean(event.nick ?? '')} (${shortPeer(event.peer)}): plain lines go to them; /query alone ends it`)
    case 'whois':
      return [
        ...notice(`${clean(event.display)}${event.ignored ? ' (ignored)' : ''}`),
        `    peer      ${event.peer}`,
        `    nick      ${event.nick != null ? clean(event.nick) : '-'}${event.claimedNick != null && event.claimedNick !== event.nick ? ` (claims ${clean(event.claimedNick)})` : ''}`,
        `    rooms     ${event.rooms.length === 0 ? '-' : event.rooms.map(r => `#${clean(r)}`).join(' ')}`,
        `    seen      ${event.connected ? 'connected now' : event.lastSeen != null ? isoTime(event.lastSeen) : 'never'}`,
        ...event.addrs.map(a => `    address   ${clean(a)}`)
      ]
    case 'ignores':
      return event.ignored.length === 0
        ? notice('you ignore nobody')
        : [...notice(`you ignore ${event.ignored.length}:`), ...event.ignored.map(i => `    ${clean(i.nick)}  ${i.peer}`)]
    case 'announcement':
      return [`${t}${paint(opts, 'yellow', '-!- ANNOUNCEMENT from the network operator:')} ${paint(opts, 'bold', clean(event.text))}`]
    case 'notice':
      return notice(clean(event.message))
    case 'error':
      return [`${t}${paint(opts, 'red', 'error:')} ${clean(event.message)}`]
  }
}

/** The `--json` rendering: one JSON object per event, on one line. */
export function formatJson (event: UiEvent): string {
  return JSON.stringify(event)
}
