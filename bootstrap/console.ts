import type { ChatClient } from '../src/chat/chat-client.js'
import type { OperatorService } from '../src/chat/operator.js'
import type { CryptiNode } from '../src/node/create-node.js'
import { isCanonicalPeerId } from '../src/protocol/room-record-validator.js'

/** One user as the operator console lists it. */
export interface UserEntry {
  nick: string | null
  peer: string
  rooms: string[]
  address: string | null
  connected: boolean
  lastSeen: number
}

/** One entry of the operator's ban list as the console shows it. */
export interface BanEntry {
  peer: string
  /** the nick last known for the peer, if any */
  nick: string | null
  reason: string
  /** when the ban was decided, ms since the Unix epoch */
  atMs: number
}

/** What the console prints, as data (JSON mode prints it as it is). */
export type ConsoleEvent =
  | { type: 'users', users: UserEntry[], time: number }
  | { type: 'help', commands: Array<{ usage: string, description: string }>, time: number }
  | { type: 'notice', message: string, time: number }
  | { type: 'error', message: string, time: number }
  | { type: 'quit', time: number }
  /** an announcement was signed and sent */
  | { type: 'announced', text: string, time: number }
  /** a peer was added to the ban list, which now has sequence number `seq` */
  | { type: 'banned', peer: string, nick: string | null, reason: string, seq: number, time: number }
  /** a peer was taken off the ban list */
  | { type: 'unbanned', peer: string, nick: string | null, seq: number, time: number }
  /** the ban list (`seq` 0: there has never been one) */
  | { type: 'bans', bans: BanEntry[], seq: number, time: number }
  /** a peer was kicked; peers refuse it until `untilMs` */
  | { type: 'kicked', peer: string, nick: string | null, reason: string, untilMs: number, time: number }

/** What a console line may act on. */
export interface ConsoleContext {
  node: CryptiNode
  chat: ChatClient
  /** the operator service; without it the operator commands answer with an error */
  operator?: OperatorService
}

/** The console commands of the bootstrap node. */
export const CONSOLE_COMMANDS = [
  { usage: 'list users', description: 'every peer this node knows of: nick, peer id, rooms, address, last seen' },
  { usage: 'announce MESSAGE', description: 'an operator-signed announcement, shown to every peer in every room' },
  { usage: 'ban NICK|PEERID [REASON]', description: 'ban a peer from the whole network: every peer refuses it' },
  { usage: 'unban NICK|PEERID', description: 'lift a ban' },
  { usage: 'bans', description: 'the operator\'s ban list' },
  { usage: 'kick NICK|PEERID [REASON]', description: 'disconnect a peer; every peer refuses it for 10 minutes' },
  { usage: 'help', description: 'this list' },
  { usage: 'quit', description: 'stop the bootstrap node' }
]

/**
 * Everyone the bootstrap knows of: its direct connections, and every member
 * the room directory lists (peers it is not connected to included).
 */
export function listUsers (node: CryptiNode, chat: ChatClient, now: number): UserEntry[] {
  const users = new Map<string, UserEntry>()
  for (const member of chat.listDirectoryMembers()) {
    users.set(member.peer, { nick: member.nick, peer: member.peer, rooms: member.rooms.sort(), address: null, connected: false, lastSeen: member.lastHeardMs })
  }
  for (const connection of node.getConnections()) {
    const peer = connection.remotePeer.toString()
    const entry = users.get(peer) ?? { nick: chat.nickOf(peer) ?? null, peer, rooms: [], address: null, connected: true, lastSeen: now }
    entry.address = connection.remoteAddr.toString()
    entry.connected = true
    entry.lastSeen = now
    users.set(peer, entry)
  }
  return [...users.values()].sort((a, b) => (a.nick ?? '~').localeCompare(b.nick ?? '~') || a.peer.localeCompare(b.peer))
}

/**
 * The peer a console argument names: a peer id as it is, or a nick that
 * exactly one known peer has (among `list users` and the banned peers whose
 * nick is known). Otherwise a one-line error: unknown, or ambiguous with the
 * candidates and their peer ids.
 */
export function resolveUser (input: string, ctx: ConsoleContext, now: number): { peer: string, nick: string | null } | { error: string } {
  const users = listUsers(ctx.node, ctx.chat, now)
  const nickOf = (peer: string): string | null => users.find(u => u.peer === peer)?.nick ?? ctx.chat.nickOf(peer) ?? null
  if (isCanonicalPeerId(input)) {
    return { peer: input, nick: nickOf(input) }
  }
  const nick = input.normalize('NFKC').toLowerCase()
  const candidates = new Map<string, string>()
  for (const user of users) {
    if (user.nick === nick) {
      candidates.set(user.peer, user.nick)
    }
  }
  for (const ban of ctx.operator?.bans() ?? []) {
    if (ctx.chat.nickOf(ban.peer) === nick) {
      candidates.set(ban.peer, nick)
    }
  }
  if (candidates.size === 1) {
    const [peer] = candidates.keys()
    return { peer, nick }
  }
  const quoted = printable(input)
  if (candidates.size === 0) {
    return { error: `nobody called "${quoted}" is known: list users shows who is online, or give a peer id` }
  }
  const list = [...candidates.keys()].sort().map(peer => `${nick} ${peer}`).join(', ')
  return { error: `"${quoted}" is ambiguous: ${list}; give the peer id` }
}

/**
 * Run one console line; resolves with what to print. Unknown commands,
 * unknown or ambiguous nicks and refused operator commands get a one-line
 * error.
 */
export async function runConsoleLine (line: string, ctx: ConsoleContext, now: number): Promise<ConsoleEvent | undefined> {
  const trimmed = line.trim()
  const words = trimmed.toLowerCase().split(/\s+/).filter(Boolean)
  const command = words.join(' ')
  if (command === '') {
    return undefined
  }
  if (command === 'help' || command === '?') {
    return { type: 'help', commands: CONSOLE_COMMANDS, time: now }
  }
  if (command === 'list users' || command === 'users') {
    return { type: 'users', users: listUsers(ctx.node, ctx.chat, now), time: now }
  }
  if (command === 'quit' || command === 'exit') {
    return { type: 'quit', time: now }
  }
  const verb = words[0]
  // the arguments as typed (the message and reasons keep their case)
  const rest = trimmed.slice(trimmed.split(/\s/, 1)[0].length).trim()
  const error = (message: string): ConsoleEvent => ({ type: 'error', message, time: now })
  const operatorCommand = OPERATOR_COMMANDS.get(verb)
  if (operatorCommand == null || (verb === 'bans' && rest !== '')) {
    return error(`unknown command "${printable(trimmed)}": type help for the list`)
  }
  const operator = ctx.operator
  if (operator == null) {
    return error(`${verb}: this node runs no operator service`)
  }
  try {
    return await operatorCommand(rest, { ...ctx, operator }, now)
  } catch (err) {
    return error(`${verb}: ${(err as Error).message}`)
  }
}

type OperatorCommand = (args: string, ctx: ConsoleContext & { operator: OperatorService }, now: number) => Promise<ConsoleEvent>

/** The first word of `args`, and the rest (trimmed). */
function splitTarget (args: string): [string, string] {
  const target = args.split(/\s/, 1)[0]
  return [target, args.slice(target.length).trim()]
}

function usageError (usage: string, now: number): ConsoleEvent {
  return { type: 'error', message: `usage: ${usage}`, time: now }
}

const OPERATOR_COMMANDS = new Map<string, OperatorCommand>(Object.entries({
  announce: async (args, ctx, now) => {
    if (args === '') {
      return usageError('announce MESSAGE', now)
    }
    const announcement = await ctx.operator.announce(args)
    return { type: 'announced', text: announcement.text, time: now }
  },
  ban: async (args, ctx, now) => {
    const [target, reason] = splitTarget(args)
    if (target === '') {
      return usageError('ban NICK|PEERID [REASON]', now)
    }
    const who = resolveUser(target, ctx, now)
    if ('error' in who) {
      return { type: 'error', message: who.error, time: now }
    }
    const list = await ctx.operator.ban(who.peer, reason)
    return { type: 'banned', peer: who.peer, nick: who.nick, reason, seq: Number(list.seq), time: now }
  },
  unban: async (args, ctx, now) => {
    const [target, extra] = splitTarget(args)
    if (target === '' || extra !== '') {
      return usageError('unban NICK|PEERID', now)
    }
    const who = resolveUser(target, ctx, now)
    if ('error' in who) {
      return { type: 'error', message: who.error, time: now }
    }
    const list = await ctx.operator.unban(who.peer)
    return { type: 'unbanned', peer: who.peer, nick: who.nick, seq: Number(list.seq), time: now }
  },
  bans: async (_args, ctx, now) => {
    const users = listUsers(ctx.node, ctx.chat, now)
    const bans = ctx.operator.bans().map(ban => ({
      peer: ban.peer,
      nick: users.find(u => u.peer === ban.peer)?.nick ?? ctx.chat.nickOf(ban.peer) ?? null,
      reason: ban.reason,
      atMs: ban.atMs
    }))
    return { type: 'bans', bans, seq: Number(ctx.operator.banList()?.seq ?? 0n), time: now }
  },
  kick: async (args, ctx, now) => {
    const [target, reason] = splitTarget(args)
    if (target === '') {
      return usageError('kick NICK|PEERID [REASON]', now)
    }
    const who = resolveUser(target, ctx, now)
    if ('error' in who) {
      return { type: 'error', message: who.error, time: now }
    }
    const kick = await ctx.operator.kick(who.peer, reason)
    return { type: 'kicked', peer: who.peer, nick: who.nick, reason, untilMs: kick.untilMs, time: now }
  }
} satisfies Record<string, OperatorCommand>))

/** Human-readable lines for a console event. */
export function formatConsoleEvent (event: ConsoleEvent): string[] {
  switch (event.type) {
    case 'users': {
      if (event.users.length === 0) {
        return ['no users known yet']
      }
      const rows = event.users.map(u => {
        const seen = Math.max(0, Math.round((event.time - u.lastSeen) / 1000))
        return `  ${(u.nick ?? '?').padEnd(16)} ${u.peer}  ${(u.rooms.map(r => `#${r}`).join(',') || '-').padEnd(16)} ${u.address ?? '(not connected)'}  ${u.connected ? 'now' : `${seen}s ago`}`
      })
      return [`${event.users.length} user${event.users.length === 1 ? '' : 's'}:`, ...rows]
    }
    case 'help': {
      const width = Math.max(...event.commands.map(c => c.usage.length)) + 2
      return ['commands:', ...event.commands.map(c => `  ${c.usage.padEnd(width)}${c.description}`)]
    }
    case 'notice':
      return [event.message]
    case 'error':
      return [`error: ${event.message}`]
    case 'quit':
      return ['bye']
    case 'announced':
      return [`announced: ${event.text}`]
    case 'banned':
      return [`banned ${who(event)} from the network${event.reason !== '' ? `: ${event.reason}` : ''} (ban list #${event.seq})`]
    case 'unbanned':
      return [`unbanned ${who(event)} (ban list #${event.seq})`]
    case 'bans': {
      if (event.bans.length === 0) {
        return ['no bans']
      }
      const rows = event.bans.map(b => `  ${(b.nick ?? '?').padEnd(16)} ${b.peer}  since ${isoTime(b.atMs)}${b.reason !== '' ? `  ${b.reason}` : ''}`)
      return [`${event.bans.length} ban${event.bans.length === 1 ? '' : 's'} (ban list #${event.seq}):`, ...rows]
    }
    case 'kicked':
      return [`kicked ${who(event)} until ${isoTime(event.untilMs)}${event.reason !== '' ? `: ${event.reason}` : ''}`]
  }
}

function who (event: { peer: string, nick: string | null }): string {
  return event.nick != null ? `${event.nick} (${event.peer})` : event.peer
}

function isoTime (ms: number): string {
  const date = new Date(ms)
  return Number.isNaN(date.getTime()) ? String(ms) : date.toISOString()
}

/** At most 40 characters of user input, control characters replaced, for quoting in an error. */
function printable (input: string): string {
  // eslint-disable-next-line no-control-regex
  return input.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?').slice(0, 40)
}
