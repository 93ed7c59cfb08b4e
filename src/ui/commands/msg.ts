import { UsageError } from '../command.js'
import type { Command, CommandContext } from '../command.js'
import type { UiEvent } from '../ui-events.js'
import type { DirectMessages } from '../../chat/direct-messages.js'
import { shortPeer } from '../../chat/direct-messages.js'
import type { IgnoreList } from '../../chat/ignore-list.js'
import { displayNames, matchPeer } from '../../chat/nick-registry.js'
import type { NickEntry, NickRegistry } from '../../chat/nick-registry.js'
import { UnknownPeerError } from '../../chat/errors.js'

/**
 * What the people commands (`/msg`, `/query`, `/whois`, `/ignore`,
 * `/unignore`) use besides the chat core: `CommandContext.people`.
 */
export interface PeopleServices {
  /** Private messages. */
  dm: DirectMessages
  /** Nick claims in the DHT. */
  nicks: NickRegistry
  /** Ignored peers; the host persists it on its `change` event. */
  ignores: IgnoreList
  /** The person plain lines go to (set by `/query`), if any. */
  query: () => NickEntry | undefined
  /** Change (or clear) the person plain lines go to. */
  setQuery: (target: NickEntry | undefined) => void
}

/** A person found by {@link findPerson}: peer, nick ('' when unknown) and how to show them. */
export interface Person extends NickEntry {
  /** `alice`, `alice~3f9k` when the nick is shared, or a short peer id */
  display: string
}

/** UI events the people commands emit (until they are part of `UiEvent`). */
export type PeopleUiEvent =
  | { type: 'private', peer: string, nick: string, text: string, time: number, self: boolean }
  | { type: 'query', peer: string | null, nick: string | null, time: number }
  | { type: 'whois', peer: string, nick: string | null, display: string, claimedNick: string | null, claimExpiresAt: number | null, rooms: string[], lastSeen: number | null, addrs: string[], connected: boolean, ignored: boolean, time: number }
  | { type: 'ignores', ignored: Array<{ peer: string, nick: string, since: number }>, time: number }

/**
 * The people services of a context.
 *
 * @throws {UsageError} when the session has none
 */
export function people (ctx: CommandContext): PeopleServices {
  const services = (ctx as CommandContext & { people?: PeopleServices }).people
  if (services == null) {
    throw new UsageError('private messages are not available in this session')
  }
  return services
}

/** Show a people event. */
export function emitPeople (ctx: CommandContext, event: PeopleUiEvent): void {
  ctx.emit(event as unknown as UiEvent)
}

/** Everyone this session knows by name without asking the network: room members, the directory, ignored peers, the query. */
export function knownPeople (ctx: CommandContext): NickEntry[] {
  const entries: NickEntry[] = []
  for (const room of ctx.chat.joinedRooms()) {
    for (const m of ctx.chat.members(room)) {
      entries.push({ peer: m.peer, nick: m.nick })
    }
  }
  for (const m of ctx.chat.listDirectoryMembers()) {
    entries.push({ peer: m.peer, nick: m.nick })
  }
  const services = (ctx as CommandContext & { people?: PeopleServices }).people
  const query = services?.query()
  if (query != null) {
    entries.push(query)
  }
  for (const e of services?.ignores.list() ?? []) {
    entries.push({ peer: e.peer, nick: e.nick })
  }
  return entries
}

/**
 * Find the person a user means by `input`: a peer id, `nick` or
 * `nick~suffix`. The people this session knows come first (room members,
 * directory); when none matches, the DHT's nick claims are asked.
 *
 * @throws {UnknownPeerError} nobody matches
 * @throws {AmbiguousNickError} several peers match (the message lists them)
 */
export async function findPerson (ctx: CommandContext, input: string, options: { excludeSelf?: boolean } = {}): Promise<Person> {
  const self = ctx.chat.peer
  const keep = (entries: NickEntry[]): NickEntry[] => options.excludeSelf === true ? entries.filter(e => e.peer !== self) : entries
  const local = keep(knownPeople(ctx))
  try {
    return person(matchPeer(input, local), local)
  } catch (err) {
    if ((err as Error).name !== 'UnknownPeerError') {
      throw err
    }
  }
  const nickPart = input.trim().split('~')[0]
  let remote: NickEntry[]
  try {
    remote = keep(await people(ctx).nicks.resolve(nickPart))
  } catch (err) {
    if ((err as Error).name === 'InvalidNameError') {
      throw new UnknownPeerError(`nobody called "${printable(input)}" is known: give a nick, nick~suffix or a peer id`)
    }
    throw err
  }
  const all = [...local, ...remote]
  try {
    return person(matchPeer(input, all), all)
  } catch (err) {
    // talking to ourselves: say so, rather than that nobody is called that
    if ((err as Error).name === 'UnknownPeerError' && options.excludeSelf === true && (input.trim() === self || input.trim().toLowerCase() === ctx.chat.nick)) {
      return { peer: self, nick: ctx.chat.nick, display: ctx.chat.nick }
    }
    if ((err as Error).name === 'UnknownPeerError') {
      throw new UnknownPeerError(`nobody called "${printable(input)}" is known here or in the DHT`)
    }
    throw err
  }
}

/** How to show `entry` among the people this session knows (`alice~3f9k` when the nick is shared). */
export function asPerson (ctx: CommandContext, entry: NickEntry): Person {
  return person(entry, knownPeople(ctx))
}

function person (match: NickEntry, candidates: NickEntry[]): Person {
  if (match.nick === '') {
    const named = candidates.find(c => c.peer === match.peer && c.nick !== '')
    if (named == null) {
      return { ...match, display: shortPeer(match.peer) }
    }
    match = { peer: match.peer, nick: named.nick }
  }
  const names = displayNames([match, ...candidates.filter(c => c.nick === match.nick)])
  return { ...match, display: names.get(match.peer) ?? match.nick }
}

/**
 * Send `text` privately to `target` as ourselves; on delivery show it (a
 * `private` event with `self: true`) and a notice with the round-trip time.
 * Failures throw with a one-line message.
 */
export async function sendPrivate (ctx: CommandContext, target: Person, text: string): Promise<void> {
  const result = await people(ctx).dm.send(target.peer, text, ctx.chat.nick, { label: target.display })
  emitPeople(ctx, { type: 'private', peer: target.peer, nick: target.nick, text, time: result.sentAtMs, self: true })
  const how = result.dialled ? `, ${Math.round(result.totalMs)} ms with the connection` : ''
  ctx.emit({ type: 'notice', message: `delivered to ${target.display} (round trip ${Math.round(result.rttMs)} ms${how})`, time: ctx.now() })
}

function printable (text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.trim().replace(/[\u0000-\u001f\u007f-\u009f]/g, '?').slice(0, 40)
}

/** `/msg NICK TEXT`: a private message over a direct encrypted stream. */
export const msg: Command = {
  name: '/msg',
  usage: '/msg NICK TEXT',
  description: 'send TEXT privately to NICK (nick, nick~suffix or peer id), end-to-end encrypted',
  completes: 'nick',
  async run (ctx, args) {
    const match = /^(\S+)\s+(.*\S.*)$/s.exec(args.trim())
    if (match == null) {
      throw new UsageError('usage: /msg NICK TEXT (for example /msg alice hello)')
    }
    people(ctx)
    const target = await findPerson(ctx, match[1], { excludeSelf: true })
    await sendPrivate(ctx, target, match[2])
  }
}
