/**
 * The peers a user ignores (`/ignore`, `/unignore`): their room and private
 * messages are not shown. Pure: the host persists it as JSON
 * ({@link IgnoreList.toJSON}, {@link IgnoreList.fromJSON}) whenever it emits
 * `change`.
 */
import { TypedEventEmitter } from '@libp2p/interface'
import { isNormalNick } from '../protocol/names.js'
import { isCanonicalPeerId } from '../protocol/room-record-validator.js'

/** Most peers one list holds. */
export const MAX_IGNORED_PEERS = 1000

/** Version of the JSON form written by {@link IgnoreList.toJSON}. */
export const IGNORE_LIST_VERSION = 1

/** One ignored peer. */
export interface IgnoreEntry {
  /** the peer id (base58btc) */
  peer: string
  /** the nick it went by when ignored ('' when unknown), to show and to `/unignore` by */
  nick: string
  /** when it was ignored, ms since the epoch */
  sinceMs: number
}

/** The JSON form of an ignore list. */
export interface IgnoreListJson {
  version: number
  ignored: IgnoreEntry[]
}

/** The events of an {@link IgnoreList}. */
export interface IgnoreListEvents {
  /** the list changed: persist it */
  'change': CustomEvent<IgnoreEntry[]>
}

/** A stored ignore list that cannot be read. */
export class InvalidIgnoreListError extends Error {
  override readonly name = 'InvalidIgnoreListError'
}

/** An ignore list already holding {@link MAX_IGNORED_PEERS}. */
export class IgnoreListFullError extends Error {
  override readonly name = 'IgnoreListFullError'
}

/** The ignored peers, by peer id. */
export class IgnoreList extends TypedEventEmitter<IgnoreListEvents> {
  private readonly entries = new Map<string, IgnoreEntry>()

  constructor (entries: readonly IgnoreEntry[] = []) {
    super()
    for (const entry of entries) {
      this.entries.set(entry.peer, { ...entry })
    }
  }

  /**
   * Ignore `peer` (known as `nick`). Returns false when it was already
   * ignored (its nick is then updated).
   *
   * @throws {IgnoreListFullError} when the list is full
   */
  add (peer: string, nick: string, nowMs: number): boolean {
    const existing = this.entries.get(peer)
    if (existing != null) {
      if (existing.nick !== nick && nick !== '') {
        existing.nick = nick
        this.changed()
      }
      return false
    }
    if (this.entries.size >= MAX_IGNORED_PEERS) {
      throw new IgnoreListFullError(`you ignore ${MAX_IGNORED_PEERS} peers already: /unignore some first`)
    }
    this.entries.set(peer, { peer, nick, sinceMs: nowMs })
    this.changed()
    return true
  }

  /** Stop ignoring `peer`. Returns false when it was not ignored. */
  remove (peer: string): boolean {
    const removed = this.entries.delete(peer)
    if (removed) {
      this.changed()
    }
    return removed
  }

  /** True when `peer` is ignored. */
  has (peer: string): boolean {
    return this.entries.has(peer)
  }

  /** The ignored peers, by nick then peer id. */
  list (): IgnoreEntry[] {
    return [...this.entries.values()]
      .map(e => ({ ...e }))
      .sort((a, b) => a.nick.localeCompare(b.nick) || (a.peer < b.peer ? -1 : a.peer > b.peer ? 1 : 0))
  }

  /** How many peers are ignored. */
  get size (): number {
    return this.entries.size
  }

  /** The JSON form (`JSON.stringify(list)` uses it). */
  toJSON (): IgnoreListJson {
    return { version: IGNORE_LIST_VERSION, ignored: this.list() }
  }

  /**
   * Read a list from its JSON form (parsed, or as text).
   *
   * @throws {InvalidIgnoreListError} when it is not a valid list
   */
  static fromJSON (value: unknown): IgnoreList {
    let data = value
    if (typeof value === 'string') {
      try {
        data = JSON.parse(value)
      } catch (err) {
        throw new InvalidIgnoreListError(`ignore list is not JSON: ${(err as Error).message}`)
      }
    }
    if (typeof data !== 'object' || data == null || (data as IgnoreListJson).version !== IGNORE_LIST_VERSION || !Array.isArray((data as IgnoreListJson).ignored)) {
      throw new InvalidIgnoreListError(`ignore list must be { "version": ${IGNORE_LIST_VERSION}, "ignored": [...] }`)
    }
    const ignored = (data as IgnoreListJson).ignored
    if (ignored.length > MAX_IGNORED_PEERS) {
      throw new InvalidIgnoreListError(`ignore list holds ${ignored.length} peers; at most ${MAX_IGNORED_PEERS} are allowed`)
    }
    const entries: IgnoreEntry[] = []
    for (const [i, raw] of ignored.entries()) {
      const entry = raw as Partial<IgnoreEntry> | null
      if (entry == null || typeof entry.peer !== 'string' || !isCanonicalPeerId(entry.peer)) {
        throw new InvalidIgnoreListError(`ignore list entry ${i} has no valid peer id`)
      }
      if (typeof entry.nick !== 'string' || (entry.nick !== '' && !isNormalNick(entry.nick))) {
        throw new InvalidIgnoreListError(`ignore list entry ${i} has an invalid nick`)
      }
      if (typeof entry.sinceMs !== 'number' || !Number.isSafeInteger(entry.sinceMs) || entry.sinceMs < 0) {
        throw new InvalidIgnoreListError(`ignore list entry ${i} has an invalid time`)
      }
      entries.push({ peer: entry.peer, nick: entry.nick, sinceMs: entry.sinceMs })
    }
    return new IgnoreList(entries)
  }

  private changed (): void {
    this.safeDispatchEvent('change', { detail: this.list() })
  }
}
