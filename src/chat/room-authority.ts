import { TypedEventEmitter } from '@libp2p/interface'
import type { Logger, PrivateKey } from '@libp2p/interface'
import { Key } from 'interface-datastore'
import type { Datastore } from 'interface-datastore'
import { roomRecordKey } from '../protocol/names.js'
import {
  createRoomRecord, currentOwner, decodeToken, encodeToken, extendsChain, findBan, hasAuthority,
  isAdmin, isBanned, isOwner, isSameGenesis, reclaimRoom, updateRoomBody, verifyRoomRecord
} from '../protocol/room-record.js'
import type { RoomBan, RoomRecord, RoomSettings } from '../protocol/room-record.js'
import { compareRoomRecords } from '../protocol/room-record-selector.js'
import { coolOffEndsAtMs, createRoomEvent, verifyRoomEvent } from '../protocol/room-event.js'
import type { RoomEventKind, RoomModerationEvent } from '../protocol/room-event.js'
import type { CryptiNode } from '../node/create-node.js'
import type { SingleKadDHT } from '@libp2p/kad-dht'
import { ModerationError } from './errors.js'
import { abortableSleep } from '../node/abortable-sleep.js'

/** How long a DHT lookup of a room record may take. */
export const RECORD_LOOKUP_TIMEOUT_MS = 5000

/** How long storing a room record in the DHT may take. */
export const RECORD_PUT_TIMEOUT_MS = 15_000

/** How often a member re-puts the newest record it holds (DHT records expire after 48 h). */
export const RECORD_REPUBLISH_INTERVAL_MS = 6 * 60 * 60_000

/** How long a join waits for the DHT routing table to know a connected peer. */
export const ROUTING_WAIT_MS = 3000

/** Delays before each record lookup on joining, while other members are present and none is found. */
export const LOOKUP_RETRY_DELAYS_MS = [0, 1000, 3000]

/** A room we created this recently yields to an earlier-created record of the same name. */
export const FRESH_GENESIS_MS = 10 * 60_000

/** Events of a {@link RoomAuthority}. */
export interface RoomAuthorityEvents {
  /** a newer valid record of a room was adopted */
  'record': CustomEvent<{ room: string, record: RoomRecord, previous?: RoomRecord }>
  /** we created or reclaimed a room: the new reclaim token, to show once and keep */
  'token': CustomEvent<{ room: string, token: string, reclaimed: boolean }>
  /** a verified moderation event */
  'moderation': CustomEvent<{ room: string, event: RoomModerationEvent }>
  /** a record for a room we know under another genesis (a same-named room, or a back-dated one) */
  'conflict': CustomEvent<{ room: string, message: string }>
}

interface RoomAuthorityState {
  record?: RoomRecord
  bytes?: Uint8Array
  /** peers kicked from the room: peer id → end of cool-off (ms) */
  kicked: Map<string, number>
  /** bans decided by admins (events) that the owner has not yet written into the record */
  eventBans: Map<string, RoomBan>
  /** per target, the issue time of the newest event applied: an older one (a replay) is ignored */
  lastEventAtMs: Map<string, number>
}

/** How a {@link RoomAuthority} sends records and events to a room's members. */
export type RoomBroadcast = (room: string, kind: 'RECORD' | 'MODERATION', payload: Uint8Array) => Promise<void>

/**
 * Who owns each room we are in, who its admins are and who is banned or
 * kicked — decided from signed records (kept in the DHT and pinned locally)
 * and signed moderation events, never from anyone's say-so.
 *
 * Pinning: the first valid record seen for a room is kept (in the datastore,
 * so across restarts); a later record replaces it only when it has the same
 * genesis, extends the pinned chain and wins the selector's order.
 */
export class RoomAuthority extends TypedEventEmitter<RoomAuthorityEvents> {
  private readonly rooms = new Map<string, RoomAuthorityState>()

  constructor (
    private readonly node: CryptiNode,
    private readonly key: PrivateKey,
    private readonly broadcast: RoomBroadcast,
    private readonly log: Logger,
    private readonly clock: () => number = Date.now,
    private readonly datastore?: Datastore
  ) {
    super()
  }

  private get self (): string {
    return this.node.peerId.toString()
  }

  private state (room: string): RoomAuthorityState {
    let state = this.rooms.get(room)
    if (state == null) {
      state = { kicked: new Map(), eventBans: new Map(), lastEventAtMs: new Map() }
      this.rooms.set(room, state)
    }
    return state
  }

  /** The record we hold for `room`, if any. */
  record (room: string): RoomRecord | undefined {
    return this.rooms.get(room)?.record
  }

  /**
   * On joining a room: load the pinned record and the DHT's, adopt the best,
   * and create the room (making us its owner) when nobody has a record of it.
   * Any member re-puts the record it holds, so the room outlives its owner.
   */
  async onJoin (room: string, othersPresent: () => boolean, signal?: AbortSignal): Promise<void> {
    await this.loadPinned(room)
    await this.routingReady(signal)
    const state = this.state(room)
    for (const delayMs of LOOKUP_RETRY_DELAYS_MS) {
      await abortableSleep(delayMs, signal)
      for (const bytes of await this.lookup(room, signal)) {
        await this.offer(room, bytes, 'dht')
      }
      // a room with other members has a record: keep looking rather than create a rival
      if (state.record != null || !othersPresent() || (signal?.aborted ?? false)) {
        break
      }
    }
    if (state.record == null) {
      if (signal?.aborted ?? false) {
        return
      }
      // nobody has a record: create one. Members that joined a new room at the
      // same moment may each do so; every peer then converges on the earliest
      // genesis, since a fresh room's record yields to an earlier one
      await this.create(room)
      return
    }
    if (state.bytes != null) {
      void this.put(room, state.bytes)
    }
  }

  /** Send the record we hold for `room` to its members on the room topic. */
  republishTo (room: string): void {
    const bytes = this.rooms.get(room)?.bytes
    if (bytes != null) {
      this.broadcast(room, 'RECORD', bytes).catch(err => { this.log('sending the record of %s failed: %e', room, err) })
    }
  }

  /** Re-put the records of `rooms` (records in the DHT expire). */
  republish (rooms: string[]): void {
    for (const room of rooms) {
      const bytes = this.rooms.get(room)?.bytes
      if (bytes != null) {
        void this.put(room, bytes)
      }
    }
  }

  /**
   * Consider a record from the network (DHT, room topic or disk). Adopts it
   * when it is valid, of the pinned genesis, extends the pinned chain and is
   * newer. Returns true when adopted.
   */
  async offer (room: string, bytes: Uint8Array, source: string): Promise<boolean> {
    let candidate: RoomRecord
    try {
      candidate = await verifyRoomRecord(roomRecordKey(room), bytes)
    } catch (err) {
      this.log('rejected room record for %s from %s: %e', room, source, err)
      return false
    }
    const state = this.state(room)
    const held = state.record
    if (held != null) {
      if (!isSameGenesis(held, candidate) && this.yieldsTo(held, candidate)) {
        this.log('our fresh record of %s yields to an earlier one', room)
      } else if (!isSameGenesis(held, candidate) && compareRoomRecords(candidate, held) > 0) {
        // a later genesis of the same name (someone raced us creating it): it simply loses
        this.log('ignored a later genesis of %s', room)
        return false
      } else if (!isSameGenesis(held, candidate)) {
        const message = `a different room record for #${room} (created ${Number.isNaN(new Date(candidate.createdAtMs).getTime()) ? candidate.createdAtMs : new Date(candidate.createdAtMs).toISOString()}, owner ${currentOwner(candidate)}) was seen and ignored; keeping the one first seen`
        this.log('%s', message)
        this.safeDispatchEvent('conflict', { detail: { room, message } })
        return false
      } else if (!extendsChain(held, candidate) || compareRoomRecords(candidate, held) >= 0) {
        return false
      }
    }
    state.record = candidate
    state.bytes = bytes
    // bans now in the record no longer need the event copy
    for (const ban of candidate.body.bans) {
      state.eventBans.delete(ban.peer)
    }
    await this.pin(room, bytes)
    this.log('adopted record of %s: owner %s seq %s chain %d', room, candidate.owner, candidate.body.seq, candidate.chain.length)
    this.safeDispatchEvent('record', { detail: { room, record: candidate, previous: held } })
    return true
  }

  /**
   * A room created moments ago (never reclaimed) gives way to an earlier
   * genesis of the same name: members that created the room at the same
   * moment, or a joiner whose DHT lookup came back empty, converge on the
   * first one. Once a room is {@link FRESH_GENESIS_MS} old, its pin holds.
   */
  private yieldsTo (held: RoomRecord, candidate: RoomRecord): boolean {
    return held.chain.length === 1 && this.clock() - held.createdAtMs < FRESH_GENESIS_MS &&
      compareRoomRecords(candidate, held) < 0
  }

  /**
   * True when messages from `peer` in `room` must be rejected: banned by the
   * record or by an admin's ban event, or kicked and still cooling off.
   */
  isSilenced (room: string, peer: string, nowMs: number): boolean {
    const state = this.rooms.get(room)
    if (state == null) {
      return false
    }
    if (state.record != null && isOwner(state.record, peer)) {
      return false
    }
    if (state.record != null && isBanned(state.record, peer)) {
      return true
    }
    if (state.eventBans.has(peer)) {
      return true
    }
    const until = state.kicked.get(peer)
    if (until != null && until > nowMs) {
      return true
    }
    if (until != null) {
      state.kicked.delete(peer)
    }
    return false
  }

  /** Why `peer` may not be in `room`, if it may not: banned, or kicked until a time. */
  exclusion (room: string, peer: string, nowMs: number): { banned: boolean, reason: string, untilMs?: number } | undefined {
    const state = this.rooms.get(room)
    if (state?.record == null) {
      return undefined
    }
    const ban = findBan(state.record, peer) ?? state.eventBans.get(peer)
    if (ban != null) {
      return { banned: true, reason: ban.reason }
    }
    const until = state.kicked.get(peer)
    if (until != null && until > nowMs) {
      return { banned: false, reason: '', untilMs: until }
    }
    return undefined
  }

  /** Handle a moderation event from the room topic; returns it when valid. */
  async onEvent (room: string, bytes: Uint8Array): Promise<RoomModerationEvent | undefined> {
    const state = this.rooms.get(room)
    if (state?.record == null) {
      return undefined
    }
    const event = await verifyRoomEvent(bytes, state.record, this.clock())
    this.apply(room, state, event)
    return event
  }

  /** Verify a moderation event against the record we hold (for the topic validator). */
  async check (room: string, bytes: Uint8Array): Promise<'valid' | 'invalid' | 'unknown'> {
    const record = this.rooms.get(room)?.record
    if (record == null) {
      return 'unknown'
    }
    try {
      await verifyRoomEvent(bytes, record, this.clock())
      return 'valid'
    } catch (err) {
      this.log('rejected moderation event in %s: %e', room, err)
      return 'invalid'
    }
  }

  /** `/admin` and `/unadmin`: owner only. */
  async setAdmin (room: string, peer: string, admin: boolean): Promise<RoomRecord> {
    const record = this.requireOwner(room, admin ? 'make admins' : 'remove admins')
    if (peer === record.owner) {
      throw new ModerationError('the owner is above admins already')
    }
    const admins = record.body.admins.filter(a => a !== peer)
    if (admin) {
      if (isAdmin(record, peer)) {
        throw new ModerationError('already an admin')
      }
      admins.push(peer)
    } else if (!isAdmin(record, peer)) {
      throw new ModerationError('not an admin')
    }
    const bans = record.body.bans.filter(b => b.peer !== peer)
    return this.publishUpdate(room, await updateRoomBody(record, this.key, { admins, bans }))
  }

  /** `/set`: the owner changes the room's topic or limits (bounds are checked by the record's validator). */
  async setSettings (room: string, settings: Partial<RoomSettings>): Promise<RoomRecord> {
    const record = this.requireOwner(room, 'change its settings')
    return this.publishUpdate(room, await updateRoomBody(record, this.key, { settings }))
  }

  /** `/kick`: owner or admin; a signed event every member enforces. */
  async kick (room: string, target: string, reason: string): Promise<RoomModerationEvent> {
    return this.issue(room, 'KICK', target, reason)
  }

  /** `/ban`: the owner writes it into the record; an admin issues a ban event. */
  async ban (room: string, target: string, reason: string): Promise<void> {
    const record = this.requireAuthority(room, 'ban')
    this.checkTarget(record, target)
    if (isBanned(record, target)) {
      throw new ModerationError('already banned')
    }
    if (isOwner(record, this.self)) {
      const bans = [...record.body.bans, { peer: target, reason, atMs: this.clock(), by: this.self }]
      const admins = record.body.admins.filter(a => a !== target)
      await this.publishUpdate(room, await updateRoomBody(record, this.key, { bans, admins }))
      // an event too, so members that have not yet fetched the record act now
      await this.issue(room, 'BAN', target, reason).catch(() => undefined)
      return
    }
    await this.issue(room, 'BAN', target, reason)
  }

  /** `/unban`: owner or admin. */
  async unban (room: string, target: string): Promise<void> {
    const record = this.requireAuthority(room, 'unban')
    const state = this.state(room)
    if (!isBanned(record, target) && !state.eventBans.has(target)) {
      throw new ModerationError('not banned')
    }
    if (isOwner(record, this.self)) {
      const bans = record.body.bans.filter(b => b.peer !== target)
      state.eventBans.delete(target)
      await this.publishUpdate(room, await updateRoomBody(record, this.key, { bans }))
    }
    await this.issue(room, 'UNBAN', target, '')
  }

  /** `/reclaim TOKEN`: become the owner with the room's reclaim token. */
  async reclaim (room: string, tokenText: string): Promise<RoomRecord> {
    const record = this.rooms.get(room)?.record
    if (record == null) {
      throw new ModerationError(`no record of #${room} is known yet: /join #${room} first and try again in a moment`)
    }
    if (isOwner(record, this.self)) {
      throw new ModerationError(`you already own #${room}`)
    }
    const token = decodeToken(tokenText.trim())
    const signed = await reclaimRoom(record, this.key, token, this.clock())
    const adopted = await this.publishUpdate(room, signed)
    this.safeDispatchEvent('token', { detail: { room, token: encodeToken(signed.token), reclaimed: true } })
    return adopted
  }

  private async issue (room: string, kind: RoomEventKind, target: string, reason: string): Promise<RoomModerationEvent> {
    const record = this.requireAuthority(room, kind === 'KICK' ? 'kick' : kind === 'BAN' ? 'ban' : 'unban')
    this.checkTarget(record, target)
    const bytes = await createRoomEvent(this.key, { kind, room, target, reason, issuedAtMs: this.clock(), recordSeq: record.body.seq })
    const event = await verifyRoomEvent(bytes, record, this.clock())
    this.apply(room, this.state(room), event)
    await this.broadcast(room, 'MODERATION', bytes)
    return event
  }

  private checkTarget (record: RoomRecord, target: string): void {
    if (target === record.owner) {
      throw new ModerationError('nobody can kick or ban the owner')
    }
    if (target === this.self) {
      throw new ModerationError('you cannot do that to yourself')
    }
    if (!isOwner(record, this.self) && isAdmin(record, target)) {
      throw new ModerationError('admins cannot act on other admins; ask the owner')
    }
  }

  private apply (room: string, state: RoomAuthorityState, event: RoomModerationEvent): void {
    // events about one target take effect in the order they were issued, so a
    // replayed older UNBAN cannot undo a newer BAN or KICK
    const last = state.lastEventAtMs.get(event.target) ?? -1
    if (event.issuedAtMs < last) {
      this.log('ignored an older %s of %s in %s', event.kind, event.target, room)
      return
    }
    state.lastEventAtMs.set(event.target, event.issuedAtMs)
    switch (event.kind) {
      case 'KICK':
        state.kicked.set(event.target, coolOffEndsAtMs(event))
        break
      case 'BAN':
        if (state.record == null || !isBanned(state.record, event.target)) {
          state.eventBans.set(event.target, { peer: event.target, reason: event.reason, atMs: event.issuedAtMs, by: event.issuer })
        }
        break
      case 'UNBAN':
        state.eventBans.delete(event.target)
        state.kicked.delete(event.target)
        break
    }
    this.safeDispatchEvent('moderation', { detail: { room, event } })
    // the owner's client writes admins' bans into the record, so they persist
    const record = state.record
    if (record != null && isOwner(record, this.self) && event.issuer !== this.self && event.kind !== 'KICK') {
      const bans = event.kind === 'BAN'
        ? [...record.body.bans.filter(b => b.peer !== event.target), state.eventBans.get(event.target) ?? { peer: event.target, reason: event.reason, atMs: event.issuedAtMs, by: event.issuer }]
        : record.body.bans.filter(b => b.peer !== event.target)
      updateRoomBody(record, this.key, { bans, admins: record.body.admins.filter(a => event.kind !== 'BAN' || a !== event.target) })
        .then(async signed => this.publishUpdate(room, signed))
        .catch(err => { this.log.error('writing an admin\'s %s into the record of %s failed: %e', event.kind, room, err) })
    }
  }

  private requireOwner (room: string, what: string): RoomRecord {
    const record = this.rooms.get(room)?.record
    if (record == null) {
      throw new ModerationError(`the record of #${room} is not known yet; try again in a moment`)
    }
    if (!isOwner(record, this.self)) {
      throw new ModerationError(`only the owner of #${room} can ${what}`)
    }
    return record
  }

  private requireAuthority (room: string, what: string): RoomRecord {
    const record = this.rooms.get(room)?.record
    if (record == null) {
      throw new ModerationError(`the record of #${room} is not known yet; try again in a moment`)
    }
    if (!hasAuthority(record, this.self)) {
      throw new ModerationError(`only the owner or an admin of #${room} can ${what}`)
    }
    return record
  }

  private async create (room: string): Promise<void> {
    const signed = await createRoomRecord({ room, ownerKey: this.key, nowMs: this.clock() })
    await this.offer(room, signed.bytes, 'self')
    this.safeDispatchEvent('token', { detail: { room, token: encodeToken(signed.token), reclaimed: false } })
    void this.put(room, signed.bytes)
    // members who created the room at the same moment see this one and converge
    this.republishTo(room)
  }

  private async publishUpdate (room: string, signed: { bytes: Uint8Array }): Promise<RoomRecord> {
    const adopted = await this.offer(room, signed.bytes, 'self')
    const record = this.rooms.get(room)?.record
    if (!adopted || record == null) {
      throw new ModerationError('the updated record was not accepted; try again')
    }
    await this.broadcast(room, 'RECORD', signed.bytes)
    void this.put(room, signed.bytes)
    return record
  }

  /** When we have connections, wait (briefly) until the DHT knows some of them. */
  private async routingReady (signal?: AbortSignal): Promise<void> {
    const dht = this.node.services.dht as Partial<SingleKadDHT>
    const deadline = this.clock() + ROUTING_WAIT_MS
    while (this.node.getConnections().length > 0 && (dht.routingTable?.size ?? 1) === 0 && this.clock() < deadline && !(signal?.aborted ?? false)) {
      await abortableSleep(50, signal)
    }
  }

  /** Every value the DHT holds for the room's key (peers may hold different versions). */
  private async lookup (room: string, signal?: AbortSignal): Promise<Uint8Array[]> {
    const timeout = AbortSignal.timeout(RECORD_LOOKUP_TIMEOUT_MS)
    const values: Uint8Array[] = []
    try {
      for await (const event of this.node.services.dht.get(roomRecordKey(room), { signal: signal == null ? timeout : AbortSignal.any([signal, timeout]) })) {
        this.log.trace('lookup %s: %s', room, event.name)
        if (event.name === 'VALUE') {
          values.push(event.value)
        }
      }
    } catch (err) {
      this.log('lookup of the record of %s ended: %e', room, err)
    }
    this.log('lookup of %s found %d values', room, values.length)
    return values
  }

  private async put (room: string, bytes: Uint8Array): Promise<void> {
    try {
      const query = this.node.services.dht.put(roomRecordKey(room), bytes, { signal: AbortSignal.timeout(RECORD_PUT_TIMEOUT_MS) })
      for await (const event of query) {
        this.log.trace('put %s: %s', room, event.name)
      }
      this.log('stored the record of %s in the DHT', room)
    } catch (err) {
      this.log('storing the record of %s failed: %e', room, err)
    }
  }

  private pinKey (room: string): Key {
    return new Key(`/crypticomm/pinned-room/${room}`)
  }

  private async pin (room: string, bytes: Uint8Array): Promise<void> {
    try {
      await this.datastore?.put(this.pinKey(room), bytes)
    } catch (err) {
      this.log.error('could not pin the record of %s: %e', room, err)
    }
  }

  private async loadPinned (room: string): Promise<void> {
    if (this.datastore == null || this.rooms.get(room)?.record != null) {
      return
    }
    try {
      const bytes = await this.datastore.get(this.pinKey(room))
      await this.offer(room, bytes, 'disk')
    } catch {
      // nothing pinned yet
    }
  }
}
