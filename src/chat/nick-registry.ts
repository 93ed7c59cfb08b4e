/**
 * Nicknames bound to peer ids by signed, expiring claims in the DHT (the
 * record is `../protocol/nick-claim.ts`), and the pure helpers that show and
 * match names when several peers share one: {@link displayNames} and
 * {@link matchPeer}.
 */
import type { Libp2p, Logger, PrivateKey } from '@libp2p/interface'
import type { KadDHT } from '@libp2p/kad-dht'
import { normaliseNick } from '../protocol/names.js'
import {
  NICK_CLAIM_TTL_MS, createNickClaim, compareNickClaims, nickClaimKey, nickProviderCid, verifyNickClaim
} from '../protocol/nick-claim.js'
import type { NickClaimRecord, SignedNickClaim } from '../protocol/nick-claim.js'
import { isCanonicalPeerId } from '../protocol/room-record-validator.js'
import { UnknownPeerError } from './errors.js'

// ---- defaults -------------------------------------------------------------------

/** How often a claim is renewed while we are online (a claim lives {@link NICK_CLAIM_TTL_MS}). */
export const NICK_CLAIM_RENEW_INTERVAL_MS = 6 * 60 * 60_000

/** Delays before retrying a claim that reached no DHT peer (then the renew interval). */
export const NICK_CLAIM_RETRY_DELAYS_MS = [15_000, 60_000, 5 * 60_000, 30 * 60_000]

/** How long storing a claim (put and provide) may take. */
export const NICK_CLAIM_PUT_TIMEOUT_MS = 15_000

/** How long resolving a nick or reading a claim may take. */
export const NICK_LOOKUP_TIMEOUT_MS = 8000

/** Most providers of one nick whose claims are read per resolve (a bound on what a flood of fake providers costs). */
export const MAX_NICK_PROVIDERS = 32

/** Claims read at once while resolving. */
export const NICK_LOOKUP_CONCURRENCY = 8

/** Shortest peer-id suffix shown after a shared nick: `alice~3f9k`. */
export const NICK_SUFFIX_CHARS = 4

// ---- display and matching (pure) -------------------------------------------------

/** A peer and the nick it goes by ('' when unknown). */
export interface NickEntry {
  peer: string
  nick: string
}

/** More than one peer matches a name; the message lists them. */
export class AmbiguousNickError extends Error {
  override readonly name = 'AmbiguousNickError'
  /** every peer that matched, with its display name */
  readonly candidates: Array<NickEntry & { display: string }>

  constructor (message: string, candidates: Array<NickEntry & { display: string }>) {
    super(message)
    this.candidates = candidates
  }
}

/**
 * How to show each peer: its nick when no other peer in `entries` shares it,
 * otherwise `nick~suffix`, the suffix being the end of the peer id,
 * lowercased — {@link NICK_SUFFIX_CHARS} characters, or more when 4 do not
 * tell the peers sharing the nick apart (all of them then get the same
 * longer length). A peer without a nick shows as its peer id. The first
 * entry of a peer counts; later ones are ignored.
 */
export function displayNames (entries: readonly NickEntry[]): Map<string, string> {
  const byNick = new Map<string, string[]>()
  const seen = new Set<string>()
  for (const { peer, nick } of entries) {
    if (seen.has(peer)) {
      continue
    }
    seen.add(peer)
    const peers = byNick.get(nick) ?? []
    peers.push(peer)
    byNick.set(nick, peers)
  }
  const out = new Map<string, string>()
  for (const [nick, peers] of byNick) {
    if (nick === '') {
      for (const peer of peers) {
        out.set(peer, peer)
      }
      continue
    }
    if (peers.length === 1) {
      out.set(peers[0], nick)
      continue
    }
    const length = suffixLength(peers)
    for (const peer of peers) {
      out.set(peer, `${nick}~${peer.slice(-length).toLowerCase()}`)
    }
  }
  return out
}

function suffixLength (peers: readonly string[]): number {
  const longest = Math.max(...peers.map(p => p.length))
  for (let length = NICK_SUFFIX_CHARS; length < longest; length++) {
    if (new Set(peers.map(p => p.slice(-length).toLowerCase())).size === peers.length) {
      return length
    }
  }
  return longest
}

/**
 * Find the one peer a user means among `candidates`: a peer id (which names
 * itself even when it is not a candidate), a nick, or `nick~suffix` where the
 * suffix is the end of the peer id (case-insensitive). Nicks are matched in
 * normal form.
 *
 * @throws {UnknownPeerError} nobody matches
 * @throws {AmbiguousNickError} more than one peer matches; the message lists
 *   each as `alice~3f9k (<peer id>)`
 */
export function matchPeer (input: string, candidates: readonly NickEntry[]): NickEntry {
  const text = input.trim()
  if (text.length === 0) {
    throw new UnknownPeerError('name someone: a nick, nick~suffix or a peer id')
  }
  const byPeer = candidates.find(c => c.peer === text)
  if (byPeer != null) {
    return { peer: byPeer.peer, nick: byPeer.nick }
  }
  if (isCanonicalPeerId(text)) {
    return { peer: text, nick: '' }
  }
  const tilde = text.indexOf('~')
  const nickPart = (tilde < 0 ? text : text.slice(0, tilde)).normalize('NFKC').toLowerCase()
  const suffix = tilde < 0 ? undefined : text.slice(tilde + 1).toLowerCase()
  const unique = new Map<string, NickEntry>()
  for (const c of candidates) {
    if (c.nick === nickPart && !unique.has(c.peer) && (suffix == null || (suffix.length > 0 && c.peer.toLowerCase().endsWith(suffix)))) {
      unique.set(c.peer, { peer: c.peer, nick: c.nick })
    }
  }
  const matches = [...unique.values()]
  if (matches.length === 1) {
    return matches[0]
  }
  if (matches.length === 0) {
    throw new UnknownPeerError(`nobody called "${printable(text)}" is known`)
  }
  // suffixes long enough to tell apart everyone who shares the nick
  const names = displayNames(candidates.filter(c => c.nick === nickPart))
  const listed = matches
    .map(m => ({ ...m, display: names.get(m.peer) ?? m.nick }))
    .sort((a, b) => a.display.localeCompare(b.display))
  throw new AmbiguousNickError(
    `"${printable(text)}" is ambiguous: ${listed.map(c => `${c.display} (${c.peer})`).join(', ')}; add the suffix or use the peer id`,
    listed
  )
}

function printable (text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?').slice(0, 40)
}

// ---- the service -------------------------------------------------------------------

/** What {@link NickRegistry} uses from the node (a `CryptiNode` will do). */
export type NickRegistryComponents = Pick<Libp2p<{ dht: KadDHT }>, 'peerId' | 'contentRouting' | 'services' | 'logger'>

/** Options of {@link NickRegistry}. */
export interface NickRegistryInit {
  /** Our identity key: signs our claims. */
  privateKey: PrivateKey
  /** Wall clock, ms since the epoch; `Date.now` by default. */
  clock?: () => number
  /** {@link NICK_CLAIM_RENEW_INTERVAL_MS} by default. */
  renewIntervalMs?: number
  /** Lifetime of our claims; {@link NICK_CLAIM_TTL_MS} by default. */
  ttlMs?: number
  /** {@link NICK_LOOKUP_TIMEOUT_MS} by default. */
  lookupTimeoutMs?: number
  /** {@link MAX_NICK_PROVIDERS} by default. */
  maxProviders?: number
}

/** A verified claim, as callers see it. */
export interface NickClaimInfo {
  peer: string
  nick: string
  issuedAtMs: number
  expiresAtMs: number
}

/** What {@link NickRegistry.claim} achieved. */
export interface NickClaimResult extends NickClaimInfo {
  /** DHT peers that stored the claim */
  stored: number
  /** true when the provider record for the nick was announced */
  provided: boolean
}

/**
 * Our nick claim in the DHT (signed, put under our peer id, renewed while we
 * run) and the lookups of other peers' claims: by peer ({@link claimOf}) and
 * by nick ({@link resolve}, through provider records).
 */
export class NickRegistry {
  private readonly components: NickRegistryComponents
  private readonly log: Logger
  private readonly key: PrivateKey
  private readonly clock: () => number
  private readonly renewIntervalMs: number
  private readonly ttlMs: number
  private readonly lookupTimeoutMs: number
  private readonly maxProviders: number
  private current?: SignedNickClaim
  private timer?: ReturnType<typeof setTimeout>
  private generation = 0
  private retries = 0
  private stopped = false

  constructor (components: NickRegistryComponents, init: NickRegistryInit) {
    this.components = components
    this.log = components.logger.forComponent('crypticomm:nicks')
    this.key = init.privateKey
    this.clock = init.clock ?? Date.now
    this.renewIntervalMs = init.renewIntervalMs ?? NICK_CLAIM_RENEW_INTERVAL_MS
    this.ttlMs = init.ttlMs ?? NICK_CLAIM_TTL_MS
    this.lookupTimeoutMs = init.lookupTimeoutMs ?? NICK_LOOKUP_TIMEOUT_MS
    this.maxProviders = init.maxProviders ?? MAX_NICK_PROVIDERS
  }

  private get self (): string {
    return this.components.peerId.toString()
  }

  /** The nick we claim, once {@link claim} was called. */
  get nick (): string | undefined {
    return this.current?.claim.nick
  }

  /** Allow claims again after {@link stop}. */
  start (): void {
    this.stopped = false
  }

  /** Stop renewing and stop re-announcing our nick (the claim expires on its own). */
  async stop (): Promise<void> {
    this.stopped = true
    this.generation++
    clearTimeout(this.timer)
    this.timer = undefined
    const nick = this.current?.claim.nick
    if (nick != null) {
      await this.withdraw(nick)
    }
  }

  /**
   * Claim `nick` (normalised): sign a claim, put it under our peer id and
   * provide the nick's content id, then renew it every
   * {@link NICK_CLAIM_RENEW_INTERVAL_MS} (sooner while no DHT peer stored
   * it). Call again on a nick change; the old nick is no longer re-announced.
   *
   * @throws {InvalidNameError} when the nick is not valid
   */
  async claim (input: string): Promise<NickClaimResult> {
    const nick = normaliseNick(input)
    const previous = this.current?.claim.nick
    const generation = ++this.generation
    clearTimeout(this.timer)
    this.timer = undefined
    if (previous !== nick) {
      this.retries = 0
    }
    const signed = await createNickClaim({ key: this.key, nick, nowMs: this.clock(), ttlMs: this.ttlMs })
    // kad-dht does not validate what we put: check our own record first
    await verifyNickClaim(nickClaimKey(this.self), signed.bytes, this.clock())
    this.current = signed
    if (previous != null && previous !== nick) {
      void this.withdraw(previous)
    }
    const [stored, provided] = await Promise.all([this.put(signed.bytes), this.provide(nick)])
    if (generation === this.generation && !this.stopped) {
      this.schedule(stored > 0 ? this.renewIntervalMs : this.retryDelay())
    }
    return { ...info(signed.claim), stored, provided }
  }

  /**
   * The peers whose valid claim names `nick` now (we are included when we
   * claim it): the providers of the nick's content id, each checked against
   * its own claim. At most {@link MAX_NICK_PROVIDERS} providers are read;
   * the whole lookup is bounded by {@link NICK_LOOKUP_TIMEOUT_MS}. Sorted by
   * peer id.
   *
   * @throws {InvalidNameError} when `nick` is not a valid nick
   */
  async resolve (input: string, options: { signal?: AbortSignal } = {}): Promise<NickEntry[]> {
    const nick = normaliseNick(input)
    const signal = this.lookupSignal(options.signal)
    const cid = await nickProviderCid(nick)
    const found = new Map<string, NickEntry>()
    if (this.current != null && this.current.claim.nick === nick) {
      found.set(this.self, { peer: this.self, nick })
    }
    const providers: string[] = []
    try {
      for await (const provider of this.components.contentRouting.findProviders(cid, { signal })) {
        const peer = provider.id.toString()
        if (peer === this.self || providers.includes(peer)) {
          continue
        }
        providers.push(peer)
        if (providers.length >= this.maxProviders) {
          break
        }
      }
    } catch (err) {
      this.log('provider lookup for %s ended: %e', nick, err)
    }
    await forEachLimited(providers, NICK_LOOKUP_CONCURRENCY, async peer => {
      const claim = await this.claimOf(peer, { signal })
      if (claim?.nick === nick) {
        found.set(peer, { peer, nick })
      }
    })
    this.log('%s resolves to %d peers (%d providers)', nick, found.size, providers.length)
    return [...found.values()].sort((a, b) => a.peer < b.peer ? -1 : a.peer > b.peer ? 1 : 0)
  }

  /**
   * The valid claim of `peer` now, from the DHT, or `undefined` when it has
   * none (or none could be found in {@link NICK_LOOKUP_TIMEOUT_MS}).
   */
  async claimOf (peer: string, options: { signal?: AbortSignal } = {}): Promise<NickClaimInfo | undefined> {
    if (peer === this.self && this.current != null && this.current.claim.expiresAtMs > this.clock()) {
      return info(this.current.claim)
    }
    if (!isCanonicalPeerId(peer)) {
      return undefined
    }
    const key = nickClaimKey(peer)
    let best: NickClaimRecord | undefined
    try {
      for await (const event of this.components.services.dht.get(key, { signal: this.lookupSignal(options.signal) })) {
        if (event.name !== 'VALUE') {
          continue
        }
        try {
          const claim = await verifyNickClaim(key, event.value, this.clock())
          if (best == null || compareNickClaims(claim, best) < 0) {
            best = claim
          }
        } catch (err) {
          this.log('ignored a claim of %s: %e', peer, err)
        }
      }
    } catch (err) {
      this.log('claim lookup of %s ended: %e', peer, err)
    }
    return best == null ? undefined : info(best)
  }

  private lookupSignal (signal?: AbortSignal): AbortSignal {
    const timeout = AbortSignal.timeout(this.lookupTimeoutMs)
    return signal == null ? timeout : AbortSignal.any([signal, timeout])
  }

  private retryDelay (): number {
    const delay = NICK_CLAIM_RETRY_DELAYS_MS[Math.min(this.retries, NICK_CLAIM_RETRY_DELAYS_MS.length - 1)]
    this.retries++
    return Math.min(delay, this.renewIntervalMs)
  }

  private schedule (delayMs: number): void {
    const generation = this.generation
    this.timer = setTimeout(() => {
      const nick = this.current?.claim.nick
      if (generation !== this.generation || this.stopped || nick == null) {
        return
      }
      this.claim(nick).catch(err => { this.log.error('renewing the claim of %s failed: %e', nick, err) })
    }, delayMs)
    this.timer.unref?.()
  }

  /** Put our claim; resolves with how many DHT peers stored it. */
  private async put (bytes: Uint8Array): Promise<number> {
    let stored = 0
    try {
      const query = this.components.services.dht.put(nickClaimKey(this.self), bytes, { signal: AbortSignal.timeout(NICK_CLAIM_PUT_TIMEOUT_MS) })
      for await (const event of query) {
        if (event.name === 'PEER_RESPONSE') {
          stored++
        }
      }
      this.log('stored our nick claim on %d peers', stored)
    } catch (err) {
      this.log('storing our nick claim failed: %e', err)
    }
    return stored
  }

  private async provide (nick: string): Promise<boolean> {
    try {
      await this.components.contentRouting.provide(await nickProviderCid(nick), { signal: AbortSignal.timeout(NICK_CLAIM_PUT_TIMEOUT_MS) })
      return true
    } catch (err) {
      this.log('announcing nick %s failed: %e', nick, err)
      return false
    }
  }

  private async withdraw (nick: string): Promise<void> {
    try {
      await this.components.services.dht.cancelReprovide(await nickProviderCid(nick))
    } catch (err) {
      this.log('could not stop announcing %s: %e', nick, err)
    }
  }
}

function info (claim: NickClaimRecord): NickClaimInfo {
  return { peer: claim.peer, nick: claim.nick, issuedAtMs: claim.issuedAtMs, expiresAtMs: claim.expiresAtMs }
}

/** Run `fn` over `items`, at most `limit` at a time; failures are the caller's to catch. */
async function forEachLimited<T> (items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++]
      await fn(item)
    }
  })
  await Promise.all(workers)
}
