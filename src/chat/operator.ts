import { TypedEventEmitter } from '@libp2p/interface'
import type { Logger, PeerId, PrivateKey } from '@libp2p/interface'
import { TopicValidatorResult } from '@libp2p/gossipsub'
import type { Message } from '@libp2p/gossipsub'
import { peerIdFromString } from '@libp2p/peer-id'
import { Key } from 'interface-datastore'
import type { Datastore } from 'interface-datastore'
import type { SingleKadDHT } from '@libp2p/kad-dht'
import { toString as uint8ArrayToString } from 'uint8arrays/to-string'
import { MAX_CLOCK_SKEW_MS, MAX_MESSAGE_AGE_MS } from '../protocol/constants.js'
import {
  compareOperatorBanLists,
  createAnnouncement,
  createKick,
  decodeOperatorMessage,
  encodeOperatorMessage,
  nextBanList,
  OPERATOR_TOPIC,
  operatorBanListKey,
  peerIdOfKey,
  verifyAnnouncement,
  verifyBanList,
  verifyKick
} from '../protocol/operator-record.js'
import type { OperatorAnnouncement, OperatorBan, OperatorBanList, OperatorKick, OperatorMessageKind } from '../protocol/operator-record.js'
import {
  AlreadyBannedError,
  MalformedPeerIdError,
  NotBannedError,
  NotOperatorError,
  StaleOperatorMessageError,
  TargetIsOperatorError
} from '../protocol/operator-errors.js'
import { isCanonicalPeerId } from '../protocol/room-record-validator.js'
import { scoreTopic, unscoreTopic } from '../node/topic-scoring.js'
import type { CryptiNode } from '../node/create-node.js'
import { abortableSleep } from '../node/abortable-sleep.js'

/** How often every peer fetches the ban list from the DHT again. */
export const BAN_LIST_REFRESH_INTERVAL_MS = 5 * 60_000

/** How often the operator re-puts its ban list (DHT records expire after 48 h). */
export const BAN_LIST_REPUBLISH_INTERVAL_MS = 6 * 60 * 60_000

/** How long a DHT lookup of the ban list may take. */
export const BAN_LIST_LOOKUP_TIMEOUT_MS = 10_000

/** How long storing the ban list in the DHT may take. */
export const BAN_LIST_PUT_TIMEOUT_MS = 15_000

/** After a first connection, how long a lookup waits for the DHT routing table to know a peer. */
export const OPERATOR_ROUTING_WAIT_MS = 3000

/**
 * How long after a ban or kick a peer keeps its connection to the target
 * before hanging up: long enough for the ban list or kick that it relays to
 * reach the target (so the target is told). The gater refuses new
 * connections, and message validators refuse its messages, from the start.
 */
export const HANG_UP_GRACE_MS = 500

/** Most announcement and kick hashes remembered to drop relayed repeats. */
export const MAX_SEEN_MESSAGES = 10_000

/** Events of an {@link OperatorService}. */
export interface OperatorEvents {
  /** a verified announcement of the operator, once per announcement */
  'announcement': CustomEvent<{ text: string, time: number }>
  /** the ban list changed (a newer list was adopted): who was added and removed */
  'bans': CustomEvent<{ seq: number, bans: OperatorBan[], added: string[], removed: string[] }>
  /** our own peer is now in the ban list: every honest peer refuses us */
  'banned': CustomEvent<{ reason: string, time: number }>
  /** our own peer was taken off the ban list */
  'unbanned': CustomEvent<{ time: number }>
  /** a verified kick of any peer (us included) */
  'kick': CustomEvent<{ target: string, reason: string, untilMs: number, time: number }>
  /** we are the target of a kick: every honest peer refuses us until `untilMs` */
  'kicked': CustomEvent<{ reason: string, untilMs: number, time: number }>
}

/** Options of an {@link OperatorService}. */
export interface OperatorServiceInit {
  /** the operator's peer id; none: no announcements, bans or kicks, nobody is refused */
  operator?: string
  /** our identity; signs the operator's messages when its peer id is the operator */
  privateKey: PrivateKey
  /** where the newest ban list is kept across restarts; default: memory only */
  datastore?: Datastore
  /** default `Date.now` */
  clock?: () => number
  /** default `node.logger.forComponent('crypticomm:operator')` */
  logger?: Logger
  /** default {@link BAN_LIST_REFRESH_INTERVAL_MS} */
  refreshIntervalMs?: number
  /** default {@link HANG_UP_GRACE_MS} */
  hangUpGraceMs?: number
}

type Verified =
  | { kind: 'ANNOUNCE', announcement: OperatorAnnouncement }
  | { kind: 'BANS', list: OperatorBanList, bytes: Uint8Array }
  | { kind: 'KICK', kick: OperatorKick }

/**
 * The operator's word, enforced by this peer: announcements, the
 * network-wide ban list and kicks — each accepted only when signed by the
 * operator's key (DESIGN.md §3, "The operator").
 *
 * Every peer subscribes to {@link OPERATOR_TOPIC} with a validator that
 * rejects anything not signed by the operator, keeps the newest valid ban
 * list (from the topic, the DHT and its datastore), and answers
 * {@link isBanned} / {@link isKicked} synchronously for the connection gater
 * and the message validators. On a ban or kick it hangs up on the target.
 *
 * On the operator's own node, {@link announce}, {@link ban}, {@link unban}
 * and {@link kick} sign and send; everywhere else they throw
 * `NotOperatorError`.
 */
export class OperatorService extends TypedEventEmitter<OperatorEvents> {
  /** the operator's peer id, if this peer follows one */
  readonly operator?: string
  private readonly node: CryptiNode
  private readonly key: PrivateKey
  private readonly datastore?: Datastore
  private readonly clock: () => number
  private readonly log: Logger
  private readonly refreshIntervalMs: number
  private readonly hangUpGraceMs: number
  private held?: OperatorBanList
  private heldBytes?: Uint8Array
  private banned = new Map<string, OperatorBan>()
  private readonly kicked = new Map<string, number>()
  /** hashes of announcements and kicks seen → when they may be forgotten */
  private readonly seen = new Map<string, number>()
  private readonly verified = new WeakMap<Uint8Array, Verified>()
  private readonly pending = new Set<Promise<unknown>>()
  private readonly hangUps = new Set<ReturnType<typeof setTimeout>>()
  private timers: Array<ReturnType<typeof setInterval>> = []
  private refreshTimer?: ReturnType<typeof setTimeout>
  private refreshing?: Promise<void>
  private ready: Promise<void> = Promise.resolve()
  private updates: Promise<unknown> = Promise.resolve()
  private persisting: Promise<void> = Promise.resolve()
  private networkRefreshed = false
  private abort = new AbortController()
  private started = false

  constructor (node: CryptiNode, init: OperatorServiceInit) {
    super()
    this.node = node
    this.operator = init.operator
    this.key = init.privateKey
    this.datastore = init.datastore
    this.clock = init.clock ?? Date.now
    this.log = init.logger ?? node.logger.forComponent('crypticomm:operator')
    this.refreshIntervalMs = init.refreshIntervalMs ?? BAN_LIST_REFRESH_INTERVAL_MS
    this.hangUpGraceMs = init.hangUpGraceMs ?? HANG_UP_GRACE_MS
  }

  /** True when our key is the operator's: {@link announce}, {@link ban}, … work here. */
  get isOperator (): boolean {
    return this.operator != null && peerIdOfKey(this.key) === this.operator
  }

  private get self (): string {
    return this.node.peerId.toString()
  }

  /**
   * Load the ban list kept in the datastore (before resolving, so that the
   * gater refuses banned peers from the first connection), subscribe to the
   * operator topic, and start fetching the list from the DHT: now, after the
   * first connection, and every refresh interval. Does nothing more when no
   * operator is known.
   */
  async start (): Promise<void> {
    if (this.started) {
      return
    }
    this.started = true
    this.abort = new AbortController()
    if (this.operator == null) {
      this.log('no operator: no announcements, bans or kicks')
      return
    }
    await this.loadPersisted()
    const pubsub = this.node.services.pubsub
    pubsub.topicValidators.set(OPERATOR_TOPIC, this.validate)
    pubsub.addEventListener('message', this.onMessage)
    this.node.addEventListener('peer:connect', this.onPeerConnect)
    scoreTopic(pubsub, OPERATOR_TOPIC)
    pubsub.subscribe(OPERATOR_TOPIC)
    this.every(this.refreshIntervalMs, () => { void this.refresh() })
    if (this.isOperator) {
      this.every(BAN_LIST_REPUBLISH_INTERVAL_MS, () => { this.republish() })
    }
    this.ready = this.refresh()
    this.log('following operator %s%s', this.operator, this.isOperator ? ' (us)' : '')
  }

  /** Stop: unsubscribe, cancel timers and DHT queries, and wait for writes in flight. */
  async stop (): Promise<void> {
    if (!this.started) {
      return
    }
    this.started = false
    this.abort.abort()
    for (const timer of this.timers) {
      clearInterval(timer)
    }
    this.timers = []
    for (const timer of this.hangUps) {
      clearTimeout(timer)
    }
    this.hangUps.clear()
    clearTimeout(this.refreshTimer)
    this.refreshTimer = undefined
    if (this.operator != null) {
      const pubsub = this.node.services.pubsub
      this.node.removeEventListener('peer:connect', this.onPeerConnect)
      pubsub.removeEventListener('message', this.onMessage)
      try {
        pubsub.unsubscribe(OPERATOR_TOPIC)
      } catch {
        // pubsub already stopped
      }
      pubsub.topicValidators.delete(OPERATOR_TOPIC)
      unscoreTopic(pubsub, OPERATOR_TOPIC)
    }
    await Promise.allSettled([...this.pending, this.updates, this.persisting, this.refreshing])
  }

  // ---- what every peer asks -------------------------------------------------------

  /** True when `peer` is in the operator's ban list (the operator never is). Synchronous: for the gater and validators. */
  isBanned (peer: string): boolean {
    return peer !== this.operator && this.banned.has(peer)
  }

  /** True when `peer` was kicked and its cool-off has not ended at `nowMs`. */
  isKicked (peer: string, nowMs: number = this.clock()): boolean {
    const until = this.kicked.get(peer)
    if (until == null) {
      return false
    }
    if (until > nowMs) {
      return true
    }
    this.kicked.delete(peer)
    return false
  }

  /** True when `peer` must be refused now: banned, or kicked and cooling off. Pass this to the node as `isDenied`. */
  isDenied (peer: string): boolean {
    return this.isBanned(peer) || this.isKicked(peer)
  }

  /** The operator's ban list as this peer holds it (a copy). */
  bans (): OperatorBan[] {
    return this.held?.bans.map(ban => ({ ...ban })) ?? []
  }

  /** The newest valid ban list this peer holds, if any. */
  banList (): OperatorBanList | undefined {
    return this.held
  }

  /**
   * Fetch the ban list from the DHT and adopt it when newer. When we hold a
   * newer list than the DHT returned (or the DHT had none), put ours back.
   * Concurrent calls share one lookup.
   */
  async refresh (): Promise<void> {
    if (this.refreshing != null) {
      return this.refreshing
    }
    this.refreshing = this.lookup().finally(() => { this.refreshing = undefined })
    return this.refreshing
  }

  // ---- the operator's commands ----------------------------------------------------

  /**
   * Sign and send an announcement; it is also emitted here.
   *
   * @throws {NotOperatorError | InvalidAnnouncementTextError}
   */
  async announce (text: string): Promise<OperatorAnnouncement> {
    const key = this.requireOperator('announce')
    const bytes = await createAnnouncement(key, text, this.clock())
    const announcement = await verifyAnnouncement(bytes, this.operator ?? '', this.clock())
    this.remember(announcement.hash, announcement.issuedAtMs)
    await this.node.services.pubsub.publish(OPERATOR_TOPIC, encodeOperatorMessage('ANNOUNCE', bytes))
    this.emit('announcement', { text: announcement.text, time: announcement.issuedAtMs })
    return announcement
  }

  /**
   * Add `peer` to the ban list: sign the next list, keep it (in the datastore
   * before resolving), send it on the operator topic, put it in the DHT
   * (in the background), and hang up on the peer.
   *
   * @throws {NotOperatorError | MalformedPeerIdError | TargetIsOperatorError | AlreadyBannedError}
   * @throws {InvalidBanError} when the reason is too long or holds control characters
   * @throws {BanListTooLongError} when the list is full
   */
  async ban (peer: string, reason = ''): Promise<OperatorBanList> {
    return this.update(async (now) => {
      this.checkTarget(peer)
      if (this.isBanned(peer)) {
        throw new AlreadyBannedError(`${peer} is already banned`)
      }
      return [...(this.held?.bans ?? []), { peer, reason, atMs: now }]
    })
  }

  /**
   * Take `peer` off the ban list (as {@link ban} does, with the next list).
   *
   * @throws {NotOperatorError | NotBannedError}
   */
  async unban (peer: string): Promise<OperatorBanList> {
    return this.update(async () => {
      if (!this.isBanned(peer)) {
        throw new NotBannedError(`${peer} is not banned`)
      }
      return (this.held?.bans ?? []).filter(ban => ban.peer !== peer)
    })
  }

  /**
   * Kick `peer`: sign a kick, send it, hang up on the peer; every honest peer
   * does the same and refuses it until the cool-off ends.
   *
   * @param coolOffMs default `DEFAULT_OPERATOR_KICK_COOL_OFF_MS` (10 min)
   * @throws {NotOperatorError | MalformedPeerIdError | TargetIsOperatorError | CoolOffOutOfBoundsError | MalformedOperatorMessageError}
   */
  async kick (peer: string, reason = '', coolOffMs?: number): Promise<OperatorKick> {
    const key = this.requireOperator('kick')
    this.checkTarget(peer)
    const bytes = await createKick(key, { target: peer, reason, coolOffMs, nowMs: this.clock() })
    const kick = await verifyKick(bytes, this.operator ?? '', this.clock())
    this.remember(kick.hash, kick.issuedAtMs)
    this.applyKick(kick)
    await this.node.services.pubsub.publish(OPERATOR_TOPIC, encodeOperatorMessage('KICK', bytes))
    return kick
  }

  // ---- the operator's side --------------------------------------------------------

  private requireOperator (what: string): PrivateKey {
    if (this.operator == null) {
      throw new NotOperatorError(`no operator is configured: nobody can ${what}`)
    }
    if (!this.isOperator) {
      throw new NotOperatorError(`only the operator (${this.operator}) can ${what}`)
    }
    return this.key
  }

  private checkTarget (peer: string): void {
    if (!isCanonicalPeerId(peer)) {
      throw new MalformedPeerIdError(`"${peer.slice(0, 60)}" is not a peer id`)
    }
    if (peer === this.operator) {
      throw new TargetIsOperatorError('the operator cannot act on itself')
    }
  }

  /** One ban list change at a time, each from the newest list (the DHT's too, once fetched). */
  private async update (change: (nowMs: number) => Promise<OperatorBan[]>): Promise<OperatorBanList> {
    const key = this.requireOperator('change the ban list')
    const run = async (): Promise<OperatorBanList> => {
      await this.ready
      const now = this.clock()
      const bans = await change(now)
      const signed = await nextBanList(this.held, key, bans, now)
      await this.adopt(signed.record, signed.bytes, 'self')
      await this.node.services.pubsub.publish(OPERATOR_TOPIC, encodeOperatorMessage('BANS', signed.bytes)).catch(err => {
        this.log.error('sending the ban list failed: %e', err)
      })
      this.track(this.put(signed.bytes))
      return signed.record
    }
    const result = this.updates.then(run, run)
    this.updates = result.catch(() => undefined)
    return result
  }

  private republish (): void {
    if (this.heldBytes != null) {
      this.track(this.put(this.heldBytes))
    }
  }

  // ---- the topic ------------------------------------------------------------------

  /**
   * Reject what the author itself sent us (gossipsub then scores it down);
   * merely ignore what an honest relay forwarded when the verdict depends on
   * our own clock or state.
   */
  private refuse (source: PeerId, author: PeerId): TopicValidatorResult {
    return source.equals(author) ? TopicValidatorResult.Reject : TopicValidatorResult.Ignore
  }

  private readonly validate = async (source: PeerId, msg: Message): Promise<TopicValidatorResult> => {
    if (msg.type !== 'signed') {
      this.log('rejected unsigned message on the operator topic')
      return TopicValidatorResult.Reject
    }
    const operator = this.operator ?? ''
    const author = msg.from.toString()
    if (author !== operator && this.isDenied(author)) {
      this.log('rejected operator-topic message from banned or kicked %s', author)
      return this.refuse(source, msg.from)
    }
    let kind: OperatorMessageKind
    let payload: Uint8Array
    try {
      ({ kind, payload } = decodeOperatorMessage(msg.data))
    } catch (err) {
      this.log('rejected operator-topic message from %s: %e', author, err)
      return TopicValidatorResult.Reject
    }
    const now = this.clock()
    try {
      switch (kind) {
        case 'ANNOUNCE': {
          const announcement = await verifyAnnouncement(payload, operator, now)
          if (!this.remember(announcement.hash, announcement.issuedAtMs)) {
            return TopicValidatorResult.Ignore
          }
          this.verified.set(msg.data, { kind, announcement })
          return TopicValidatorResult.Accept
        }
        case 'KICK': {
          const kick = await verifyKick(payload, operator, now)
          if (!this.remember(kick.hash, kick.issuedAtMs)) {
            return TopicValidatorResult.Ignore
          }
          this.verified.set(msg.data, { kind, kick })
          return TopicValidatorResult.Accept
        }
        case 'BANS': {
          const list = await verifyBanList(operatorBanListKey(operator), payload)
          if (this.held != null && compareOperatorBanLists(list, this.held) >= 0) {
            return TopicValidatorResult.Ignore
          }
          this.verified.set(msg.data, { kind, list, bytes: payload })
          return TopicValidatorResult.Accept
        }
      }
    } catch (err) {
      this.log('rejected operator %s from %s (relayed by %s): %e', kind, author, source.toString(), err)
      // a time out of the window depends on our clock
      return err instanceof StaleOperatorMessageError ? this.refuse(source, msg.from) : TopicValidatorResult.Reject
    }
  }

  private readonly onMessage = (evt: CustomEvent<Message>): void => {
    const msg = evt.detail
    if (msg.topic !== OPERATOR_TOPIC) {
      return
    }
    const verified = this.verified.get(msg.data)
    if (verified == null) {
      return
    }
    this.verified.delete(msg.data)
    switch (verified.kind) {
      case 'ANNOUNCE':
        this.emit('announcement', { text: verified.announcement.text, time: verified.announcement.issuedAtMs })
        return
      case 'KICK':
        this.applyKick(verified.kick)
        return
      case 'BANS':
        this.track(this.adopt(verified.list, verified.bytes, 'topic').catch(err => {
          this.log.error('adopting a ban list failed: %e', err)
        }))
    }
  }

  /** Remember a message hash until its time window ends; false when it was seen already. */
  private remember (hash: Uint8Array, issuedAtMs: number): boolean {
    const id = uint8ArrayToString(hash, 'base64')
    const now = this.clock()
    if ((this.seen.get(id) ?? 0) > now) {
      return false
    }
    if (this.seen.size >= MAX_SEEN_MESSAGES) {
      for (const [key, until] of this.seen) {
        if (until <= now || this.seen.size >= MAX_SEEN_MESSAGES) {
          this.seen.delete(key)
        }
      }
    }
    this.seen.set(id, Math.max(issuedAtMs + MAX_MESSAGE_AGE_MS + MAX_CLOCK_SKEW_MS, now + 1))
    return true
  }

  private applyKick (kick: OperatorKick): void {
    this.kicked.set(kick.target, Math.max(this.kicked.get(kick.target) ?? 0, kick.untilMs))
    this.log('%s kicked until %s', kick.target, new Date(kick.untilMs).toISOString())
    this.emit('kick', { target: kick.target, reason: kick.reason, untilMs: kick.untilMs, time: kick.issuedAtMs })
    if (kick.target === this.self) {
      this.emit('kicked', { reason: kick.reason, untilMs: kick.untilMs, time: kick.issuedAtMs })
    } else {
      this.scheduleHangUp(kick.target)
    }
  }

  // ---- the ban list ---------------------------------------------------------------

  /**
   * Adopt a VERIFIED list when it beats the one held: enforce it at once
   * (isBanned answers from it), tell listeners what changed, hang up on every
   * banned peer we are connected to, and keep it in the datastore — the write
   * completes before this resolves, and a failed write rejects. Returns true
   * when adopted.
   */
  private async adopt (list: OperatorBanList, bytes: Uint8Array, source: string): Promise<boolean> {
    const previous = this.held
    if (previous != null && compareOperatorBanLists(list, previous) >= 0) {
      return false
    }
    this.held = list
    this.heldBytes = bytes
    const before = this.banned
    this.banned = new Map(list.bans.map(ban => [ban.peer, ban]))
    this.log('adopted ban list seq %s from %s: %d bans', list.seq, source, list.bans.length)

    const added = list.bans.filter(ban => !before.has(ban.peer)).map(ban => ban.peer)
    const removed = [...before.keys()].filter(peer => !this.banned.has(peer))
    if (added.length > 0 || removed.length > 0) {
      this.emit('bans', { seq: Number(list.seq), bans: this.bans(), added, removed })
    }
    const mine = this.banned.get(this.self)
    if (mine != null && !before.has(this.self)) {
      this.emit('banned', { reason: mine.reason, time: mine.atMs })
    } else if (mine == null && before.has(this.self)) {
      this.emit('unbanned', { time: list.issuedAtMs })
    }
    for (const peer of this.banned.keys()) {
      this.scheduleHangUp(peer)
    }
    await this.persist()
    return true
  }

  /**
   * Write the list held NOW. Writes are queued, so the last one written is
   * always the newest even when lists arrive faster than the disk.
   *
   * @throws the datastore's error when the write fails
   */
  private async persist (): Promise<void> {
    const datastore = this.datastore
    if (datastore == null || this.operator == null) {
      return
    }
    const key = this.persistKey(this.operator)
    const write = async (): Promise<void> => {
      if (this.heldBytes != null) {
        await datastore.put(key, this.heldBytes)
      }
    }
    const written = this.persisting.then(write, write)
    this.persisting = written.catch(() => undefined)
    try {
      await written
    } catch (err) {
      this.log.error('could not keep the ban list: %e', err)
      throw err
    }
  }

  private persistKey (operator: string): Key {
    return new Key(`/crypticomm/operator/ban-list/${operator}`)
  }

  private async loadPersisted (): Promise<void> {
    if (this.datastore == null || this.operator == null) {
      return
    }
    let bytes: Uint8Array
    try {
      bytes = await this.datastore.get(this.persistKey(this.operator))
    } catch {
      return // nothing kept yet
    }
    try {
      await this.adopt(await verifyBanList(operatorBanListKey(this.operator), bytes), bytes, 'disk')
    } catch (err) {
      this.log.error('the ban list kept on disk is not valid: %e', err)
    }
  }

  // ---- the DHT ----------------------------------------------------------------------

  private routingSize (): number {
    return (this.node.services.dht as Partial<SingleKadDHT>).routingTable?.size ?? 0
  }

  private async lookup (): Promise<void> {
    if (this.operator == null || !this.started) {
      return
    }
    const key = operatorBanListKey(this.operator)
    const withPeers = this.routingSize() > 0
    const signal = AbortSignal.any([this.abort.signal, AbortSignal.timeout(BAN_LIST_LOOKUP_TIMEOUT_MS)])
    let best: OperatorBanList | undefined
    try {
      for await (const event of this.node.services.dht.get(key, { signal })) {
        if (event.name !== 'VALUE') {
          continue
        }
        try {
          const list = await verifyBanList(key, event.value)
          if (best == null || compareOperatorBanLists(list, best) < 0) {
            best = list
          }
          await this.adopt(list, event.value, `the DHT (${event.from.toString()})`)
        } catch (err) {
          this.log('ignored or could not keep a ban list from the DHT: %e', err)
        }
      }
    } catch (err) {
      this.log('ban list lookup ended: %e', err)
    }
    if (!withPeers || !this.started) {
      return
    }
    this.networkRefreshed = true
    // the DHT lost the list, or holds an older one: put back the one we hold
    if (this.heldBytes != null && this.held != null && (best == null || compareOperatorBanLists(this.held, best) < 0)) {
      this.track(this.put(this.heldBytes))
    }
  }

  private async put (bytes: Uint8Array): Promise<void> {
    if (this.operator == null || !this.started) {
      return
    }
    const signal = AbortSignal.any([this.abort.signal, AbortSignal.timeout(BAN_LIST_PUT_TIMEOUT_MS)])
    try {
      for await (const event of this.node.services.dht.put(operatorBanListKey(this.operator), bytes, { signal })) {
        this.log.trace('put ban list: %s', event.name)
      }
      this.log('stored the ban list in the DHT')
    } catch (err) {
      this.log('storing the ban list in the DHT failed: %e', err)
    }
  }

  /**
   * The first connections after start, and any new connection while we are
   * banned (nobody relays to a banned peer, so it would otherwise learn of
   * its unban only at the next refresh): fetch the list as soon as the DHT
   * knows a peer.
   */
  private readonly onPeerConnect = (): void => {
    if ((this.networkRefreshed && !this.banned.has(this.self)) || this.refreshTimer != null || !this.started) {
      return
    }
    this.refreshTimer = setTimeout(() => {
      this.track((async () => {
        const deadline = this.clock() + OPERATOR_ROUTING_WAIT_MS
        while (this.started && this.routingSize() === 0 && this.clock() < deadline) {
          await abortableSleep(50, this.abort.signal)
        }
        await this.refresh()
        this.refreshTimer = undefined
      })())
    }, 100)
    this.refreshTimer.unref?.()
  }

  // ---- connections ------------------------------------------------------------------

  /** Hang up on `peer` after the grace period, if we are connected and it is still refused. */
  private scheduleHangUp (peer: string): void {
    if (peer === this.self || this.node.getConnections(peerIdFromString(peer)).length === 0) {
      return
    }
    const timer = setTimeout(() => {
      this.hangUps.delete(timer)
      if (!this.started || !this.isDenied(peer)) {
        return
      }
      this.log('hanging up on %s', peer)
      this.track(this.node.hangUp(peerIdFromString(peer)).catch(err => {
        this.log('hanging up on %s failed: %e', peer, err)
      }))
    }, this.hangUpGraceMs)
    timer.unref?.()
    this.hangUps.add(timer)
  }

  // ---- helpers --------------------------------------------------------------------

  private track (promise: Promise<unknown>): void {
    this.pending.add(promise)
    void promise.finally(() => { this.pending.delete(promise) })
  }

  private every (ms: number, fn: () => void): void {
    const timer = setInterval(fn, ms)
    timer.unref?.()
    this.timers.push(timer)
  }

  /** Listeners are UI code: one that throws must not break the service. */
  private emit<K extends keyof OperatorEvents> (type: K, detail: OperatorEvents[K]['detail']): void {
    try {
      this.safeDispatchEvent(type, { detail })
    } catch (err) {
      this.log.error('a %s listener failed: %e', type, err)
    }
  }
}
