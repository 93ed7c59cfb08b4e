import { TypedEventEmitter } from '@libp2p/interface'
import type { Logger, PeerId, PrivateKey } from '@libp2p/interface'
import type { Datastore } from 'interface-datastore'
import { TopicValidatorResult } from '@libp2p/gossipsub'
import type { Message, SubscriptionChangeData } from '@libp2p/gossipsub'
import { ChatMessage, decodeChatMessage, encodeChatMessage } from '../protocol/chat-message.js'
import type { ChatPayload } from '../protocol/chat-message.js'
import { decodeDirectoryAnnouncement, encodeDirectoryAnnouncement } from '../protocol/directory.js'
import type { DirectoryRoomEntry } from '../protocol/directory.js'
import { DIRECTORY_TOPIC, HEARTBEAT_INTERVAL_MS, MAX_TEXT_BYTES } from '../protocol/constants.js'
import { normaliseNick, normaliseRoomName, roomFromTopic, roomTopic } from '../protocol/names.js'
import type { CryptiNode } from '../node/create-node.js'
import { MemberList } from './member-list.js'
import type { Member } from './member-list.js'
import { SenderOrder } from './sender-order.js'
import { RoomDirectory } from './room-directory.js'
import { RoomDiscovery } from './room-discovery.js'
import { NotInRoomError, TextTooLongError, EmptyTextError, KickedError, UnknownPeerError, RateLimitedError } from './errors.js'
import { DEFAULT_CHAT_LIMIT, DEFAULT_CONTROL_LIMIT, DEFAULT_DIRECTORY_LIMIT, RateLimiter } from './rate-limiter.js'
import type { RateLimit } from './rate-limiter.js'
import { StaleMessageError } from '../protocol/errors.js'
import { scoreTopic, unscoreTopic } from '../node/topic-scoring.js'
import type { ChatEvents, RoomMessageEvent } from './events.js'
import { RECORD_REPUBLISH_INTERVAL_MS, RoomAuthority } from './room-authority.js'
import { verifyRoomRecord } from '../protocol/room-record.js'
import type { RoomRecord } from '../protocol/room-record.js'
import type { OperatorService } from './operator.js'
import { roomRecordKey } from '../protocol/names.js'
import { abortableSleep } from '../node/abortable-sleep.js'

/** How long a join waits to hear of other members before announcing itself. */
export const JOIN_WAIT_MS = 5000

/** Longest random delay before answering a newcomer's join with a heartbeat. */
export const JOIN_REPLY_JITTER_MS = 800

/** How long a join waits for a first connection when the peer expects one. */
export const NETWORK_WAIT_MS = 10_000

/** How long a message waits for a first listener in a room that has none yet. */
export const SEND_WAIT_MS = 5000

/** Newcomers are answered (a heartbeat) at most this often per room. */
export const JOIN_REPLY_MIN_INTERVAL_MS = 3000

/** The owner hands newcomers the room record at most this often per room. */
export const RECORD_REPLY_MIN_INTERVAL_MS = 10_000

/** How often a room with few connected members looks for more. */
export const MEMBER_SEARCH_INTERVAL_MS = 30_000

/** A room with fewer connected members than this keeps searching for more. */
export const MIN_ROOM_PEERS = 4

/** When to look for members again after joining, each delay after the previous search. */
export const JOIN_SEARCH_DELAYS_MS = [1500, 3000, 6000, 12_000]

/** How often the directory schedule is checked. */
export const DIRECTORY_TICK_MS = 1000

/** Options of a {@link ChatClient}. */
export interface ChatClientInit {
  /** Our nickname (normalised by the client). */
  nick: string
  /** Our identity key: signs room records and moderation events. */
  privateKey: PrivateKey
  /** Where pinned room records are kept across restarts; memory only when omitted. */
  datastore?: Datastore
  /** Wall clock, ms since the epoch; `Date.now` by default. */
  clock?: () => number
  /** Source of randomness for jitter; `Math.random` by default. */
  random?: () => number
  /** Heartbeat period; {@link HEARTBEAT_INTERVAL_MS} by default. */
  heartbeatIntervalMs?: number
  /** Do not subscribe to the directory topic (never used by peers, only tests). */
  noDirectory?: boolean
  /** The network operator's word (bans, kicks, announcements), when there is an operator. */
  operator?: OperatorService
  /**
   * True when this peer expects to be connected soon (it was given bootstrap
   * addresses or remembers peers): a `/join` then waits (up to
   * {@link NETWORK_WAIT_MS}) for a first connection before it looks for the
   * room, instead of concluding from an empty network that the room is new.
   */
  expectPeers?: () => boolean
}

/** A room as `/rooms` lists it. */
export interface RoomSummary {
  room: string
  members: number
  joined: boolean
}

interface RoomState {
  name: string
  topic: string
  members: MemberList
  order: SenderOrder
  seq: bigint
  /** resolves when our join has been announced; sends wait for it */
  announced: Promise<void>
  abort: AbortController
  replyTimer?: ReturnType<typeof setTimeout>
  /** when we last answered newcomers with a heartbeat */
  lastReplyMs: number
  /** when we (as owner) last handed newcomers the record */
  lastRecordSentMs: number
}

/**
 * The chat domain: rooms as gossipsub topics, presence, the room directory and
 * member discovery. Knows nothing of terminals; emits {@link ChatEvents}.
 */
export class ChatClient extends TypedEventEmitter<ChatEvents> {
  private readonly node: CryptiNode
  private readonly log: Logger
  private readonly clock: () => number
  private readonly random: () => number
  private readonly heartbeatIntervalMs: number
  private readonly rooms = new Map<string, RoomState>()
  private readonly directory: RoomDirectory
  private readonly discovery: RoomDiscovery
  private readonly knownNicks = new Map<string, string>()
  private readonly decoded = new WeakMap<Uint8Array, ChatPayload>()
  private readonly session: bigint
  private readonly useDirectory: boolean
  private readonly kickedUntil = new Map<string, number>()
  private readonly expectPeers: () => boolean
  private readonly limiter = new RateLimiter()
  /** Ownership, admins, bans and kicks of our rooms. */
  readonly authority: RoomAuthority
  /** The operator's word, if the network has an operator. */
  operator?: OperatorService
  private currentNick: string
  private timers: Array<ReturnType<typeof setInterval>> = []
  private started = false

  constructor (node: CryptiNode, init: ChatClientInit) {
    super()
    this.node = node
    this.log = node.logger.forComponent('crypticomm:chat')
    this.clock = init.clock ?? Date.now
    this.random = init.random ?? Math.random
    this.heartbeatIntervalMs = init.heartbeatIntervalMs ?? HEARTBEAT_INTERVAL_MS
    this.currentNick = normaliseNick(init.nick)
    this.directory = new RoomDirectory(this.random)
    this.discovery = new RoomDiscovery(node, node.logger.forComponent('crypticomm:discovery'))
    this.useDirectory = init.noDirectory !== true
    this.expectPeers = init.expectPeers ?? (() => false)
    this.session = BigInt(Math.floor(this.random() * Number.MAX_SAFE_INTEGER))
    this.authority = new RoomAuthority(node, init.privateKey, async (room, kind, payload) => {
      const state = this.rooms.get(room)
      if (state != null) {
        await this.publish(state, kind === 'RECORD' ? ChatMessage.Kind.RECORD : ChatMessage.Kind.MODERATION, '', payload)
      }
    }, node.logger.forComponent('crypticomm:authority'), this.clock, init.datastore)
    if (init.operator != null) {
      this.setOperator(init.operator)
    }
    this.authority.addEventListener('token', (evt) => {
      this.safeDispatch('token', { ...evt.detail, time: this.clock() })
    })
    this.authority.addEventListener('conflict', (evt) => {
      this.safeDispatch('warning', { message: evt.detail.message, time: this.clock() })
    })
    this.authority.addEventListener('record', (evt) => { this.onRecord(evt.detail.room, evt.detail.record, evt.detail.previous) })
    this.authority.addEventListener('moderation', (evt) => {
      const { room, event } = evt.detail
      const kind = event.kind === 'KICK' ? 'kick' : event.kind === 'BAN' ? 'ban' : 'unban'
      const self = event.target === this.peer
      this.safeDispatch('moderation', {
        room,
        kind,
        target: event.target,
        targetNick: this.nickOf(event.target) ?? null,
        by: event.issuer,
        byNick: this.nickOf(event.issuer) ?? null,
        reason: event.reason,
        untilMs: event.kind === 'KICK' ? event.issuedAtMs + event.coolOffMs : null,
        self,
        time: event.issuedAtMs
      })
      if (self && event.kind !== 'UNBAN' && this.rooms.has(room)) {
        if (event.kind === 'KICK') {
          this.kickedUntil.set(room, event.issuedAtMs + event.coolOffMs)
        }
        void this.leave(room).catch(() => {})
      }
    })
  }

  /**
   * Follow a network operator (learnt at start or later, e.g. from the first
   * bootstrap we reached): its bans and kicks silence peers in every room, and
   * its announcements are shown whatever room we are in.
   */
  setOperator (operator: OperatorService): void {
    if (this.operator === operator) {
      return
    }
    this.operator = operator
    operator.addEventListener('announcement', (evt) => {
      this.safeDispatch('announcement', { text: evt.detail.text, operator: operator.operator ?? '', time: evt.detail.time })
    })
    operator.addEventListener('banned', (evt) => {
      const reason = evt.detail.reason.length > 0 ? `: ${evt.detail.reason}` : ''
      this.safeDispatch('warning', { message: `you are banned from this network by its operator${reason}; honest peers will not talk to you`, time: evt.detail.time })
    })
    operator.addEventListener('unbanned', (evt) => {
      this.safeDispatch('notice', { message: 'the operator lifted your ban', time: evt.detail.time })
    })
    operator.addEventListener('kicked', (evt) => {
      const reason = evt.detail.reason.length > 0 ? `: ${evt.detail.reason}` : ''
      this.safeDispatch('warning', { message: `you were kicked off the network by its operator${reason}; peers refuse you until ${new Date(evt.detail.untilMs).toLocaleTimeString()}`, time: evt.detail.time })
      for (const room of this.joinedRooms()) {
        void this.leave(room).catch(() => {})
      }
    })
  }

  /** True when the operator bans or has kicked `peer`: nothing of it is accepted. */
  private deniedByOperator (peer: string): boolean {
    return this.operator?.isDenied(peer) ?? false
  }

  /** Our peer id as a string. */
  get peer (): string {
    return this.node.peerId.toString()
  }

  /** Our current nickname. */
  get nick (): string {
    return this.currentNick
  }

  /** Start listening: directory topic, heartbeats and member searches. */
  start (): void {
    if (this.started) {
      return
    }
    this.started = true
    const pubsub = this.node.services.pubsub
    pubsub.addEventListener('message', this.onMessage)
    pubsub.addEventListener('subscription-change', this.onSubscriptionChange)
    if (this.useDirectory) {
      pubsub.topicValidators.set(DIRECTORY_TOPIC, this.validateDirectory)
      pubsub.subscribe(DIRECTORY_TOPIC)
      this.every(DIRECTORY_TICK_MS, () => { this.announceDirectory() })
    }
    this.every(this.heartbeatIntervalMs, () => {
      for (const room of this.rooms.values()) {
        void this.publish(room, ChatMessage.Kind.HEARTBEAT, '')
      }
    })
    this.every(RECORD_REPUBLISH_INTERVAL_MS, () => { this.authority.republish(this.joinedRooms()) })
    this.every(MEMBER_SEARCH_INTERVAL_MS, () => {
      for (const room of this.rooms.values()) {
        if (this.node.services.pubsub.getSubscribers(room.topic).length < MIN_ROOM_PEERS) {
          void this.discovery.findMembers(room.name, room.abort.signal)
        }
      }
    })
  }

  /** Leave every room (telling the members) and stop. */
  async stop (): Promise<void> {
    if (!this.started) {
      return
    }
    await Promise.all([...this.rooms.keys()].map(async room => this.leave(room)))
    for (const timer of this.timers) {
      clearInterval(timer)
    }
    this.timers = []
    const pubsub = this.node.services.pubsub
    pubsub.removeEventListener('message', this.onMessage)
    pubsub.removeEventListener('subscription-change', this.onSubscriptionChange)
    if (this.useDirectory) {
      pubsub.unsubscribe(DIRECTORY_TOPIC)
      pubsub.topicValidators.delete(DIRECTORY_TOPIC)
    }
    this.started = false
  }

  /** Rooms we are in, in the order we joined them. */
  joinedRooms (): string[] {
    return [...this.rooms.keys()]
  }

  /** True when we are in `room` (a normalised name). */
  isJoined (room: string): boolean {
    return this.rooms.has(room)
  }

  /**
   * Join a room (creating it when nobody is in it). Resolves with the
   * normalised name once we subscribed; the join is announced to the members
   * in the background, and messages sent meanwhile wait for it.
   *
   * @throws {InvalidNameError} when the name is not a valid room name
   */
  async join (input: string): Promise<string> {
    const name = normaliseRoomName(input)
    if (this.rooms.has(name)) {
      return name
    }
    const until = this.kickedUntil.get(name) ?? 0
    if (until > this.clock()) {
      throw new KickedError(`you were kicked from #${name}; you may rejoin in ${Math.ceil((until - this.clock()) / 1000)} s`)
    }
    const topic = roomTopic(name)
    const abort = new AbortController()
    const announced = Promise.withResolvers<void>()
    const room: RoomState = {
      name,
      topic,
      members: new MemberList(),
      order: new SenderOrder(),
      seq: 0n,
      announced: announced.promise,
      abort,
      lastReplyMs: 0,
      lastRecordSentMs: 0
    }
    this.rooms.set(name, room)
    const pubsub = this.node.services.pubsub
    pubsub.topicValidators.set(topic, this.validateRoomMessage)
    scoreTopic(pubsub, topic)
    pubsub.subscribe(topic)
    room.members.see(this.peer, this.nick, this.clock())
    this.directory.joined(name, this.clock(), 3000)
    this.log('joined %s', name)

    void (async () => {
      await this.waitForNetwork(abort.signal)
      void this.discovery.announce(name, abort.signal)
      const found = await this.discovery.findMembers(name, abort.signal)
      if (found > 0) {
        // members exist: announce once we know at least one is listening
        await this.waitForTopicPeers(topic, JOIN_WAIT_MS, abort.signal)
      }
      this.authority.onJoin(name, () => found > 0 || this.node.services.pubsub.getSubscribers(topic).length > 0, abort.signal).catch(err => {
        this.log.error('loading the record of %s failed: %e', name, err)
      })
      if (!abort.signal.aborted) {
        await this.publish(room, ChatMessage.Kind.JOIN, '')
      }
    })().catch(err => {
      this.log.error('announcing join of %s failed: %e', name, err)
    }).finally(() => {
      announced.resolve()
    })
    void this.searchAfterJoin(room)
    return name
  }

  /** Leave a room, telling its members. */
  async leave (input: string): Promise<void> {
    const name = normaliseRoomName(input)
    const room = this.rooms.get(name)
    if (room == null) {
      throw new NotInRoomError(`you are not in #${name}`)
    }
    room.abort.abort()
    await this.publish(room, ChatMessage.Kind.LEAVE, '')
    this.rooms.delete(name)
    clearTimeout(room.replyTimer)
    room.order.close()
    const pubsub = this.node.services.pubsub
    pubsub.unsubscribe(room.topic)
    unscoreTopic(pubsub, room.topic)
    pubsub.topicValidators.delete(room.topic)
    this.directory.left(name)
    void this.discovery.withdraw(name)
    this.log('left %s', name)
    this.safeDispatch('left', { room: name, time: this.clock() })
  }

  /**
   * Send a line of chat (or a `/me` action) to a room we are in. Resolves with
   * the event as the other members will see it.
   */
  async send (input: string, text: string, options: { action?: boolean } = {}): Promise<RoomMessageEvent> {
    const name = normaliseRoomName(input)
    const room = this.rooms.get(name)
    if (room == null) {
      throw new NotInRoomError(`you are not in #${name}: /join #${name} first`)
    }
    if (text.trim().length === 0) {
      throw new EmptyTextError('there is nothing to send')
    }
    const bytes = new TextEncoder().encode(text).byteLength
    const maxBytes = this.maxTextBytes(name)
    if (bytes > maxBytes) {
      throw new TextTooLongError(`message is ${bytes} bytes; the limit in #${name} is ${maxBytes}`)
    }
    const action = options.action === true
    // limit ourselves first, exactly as every relay will
    const limit = this.chatLimit(name)
    const now = this.clock()
    const decision = this.limiter.take(this.bucketKey(name, this.peer, 'chat'), limit, now, now)
    if (!decision.allowed) {
      throw new RateLimitedError(`slow down: #${name} allows ${limit.burst} messages at once and ${limit.perMinute} a minute; try again in ${(decision.retryInMs / 1000).toFixed(1)} s`)
    }
    await room.announced
    if (this.expectPeers() && this.node.services.pubsub.getSubscribers(room.topic).length === 0) {
      // nobody is known to listen yet (we may still be finding the members):
      // wait a little rather than publish to nobody
      await this.waitForTopicPeers(room.topic, SEND_WAIT_MS, room.abort.signal)
    }
    const sentAtMs = await this.publish(room, action ? ChatMessage.Kind.ACTION : ChatMessage.Kind.TEXT, text)
    const event: RoomMessageEvent = { room: name, nick: this.nick, peer: this.peer, text, time: sentAtMs, action, self: true }
    this.safeDispatch('message', event)
    return event
  }

  /**
   * Change our nickname; members of our rooms learn it at once.
   *
   * @throws {InvalidNameError} when the nick is not valid
   */
  setNick (input: string): string {
    const nick = normaliseNick(input)
    this.currentNick = nick
    for (const room of this.rooms.values()) {
      room.members.see(this.peer, nick, this.clock())
      void this.publish(room, ChatMessage.Kind.HEARTBEAT, '')
    }
    return nick
  }

  /** Members of a room we are in, heard recently (ourselves included). */
  members (input: string): Member[] {
    const name = normaliseRoomName(input)
    const room = this.rooms.get(name)
    if (room == null) {
      throw new NotInRoomError(`you are not in #${name}`)
    }
    room.members.see(this.peer, this.nick, this.clock())
    return room.members.list(this.clock())
  }

  /** Active rooms on the network (from the directory) and ours, busiest first. */
  listRooms (): RoomSummary[] {
    const now = this.clock()
    const summaries = new Map<string, RoomSummary>()
    for (const listing of this.directory.list(now)) {
      summaries.set(listing.room, { room: listing.room, members: listing.memberCount, joined: false })
    }
    for (const room of this.rooms.values()) {
      room.members.see(this.peer, this.nick, now)
      const heard = summaries.get(room.name)?.members ?? 0
      summaries.set(room.name, { room: room.name, members: Math.max(heard, room.members.list(now).length), joined: true })
    }
    return [...summaries.values()].sort((a, b) => b.members - a.members || a.room.localeCompare(b.room))
  }

  /** Everyone the directory lists, with the rooms they were seen in. */
  listDirectoryMembers (): Array<{ peer: string, nick: string, rooms: string[], lastHeardMs: number }> {
    const byPeer = new Map<string, { peer: string, nick: string, rooms: string[], lastHeardMs: number }>()
    for (const listing of this.directory.list(this.clock())) {
      for (const member of listing.members) {
        const entry = byPeer.get(member.peer) ?? { peer: member.peer, nick: member.nick, rooms: [], lastHeardMs: 0 }
        entry.rooms.push(listing.room)
        entry.lastHeardMs = Math.max(entry.lastHeardMs, listing.lastHeardMs)
        byPeer.set(member.peer, entry)
      }
    }
    return [...byPeer.values()]
  }

  /** The nickname last heard from `peer`, if any. */
  nickOf (peer: string): string | undefined {
    return peer === this.peer ? this.nick : this.knownNicks.get(peer)
  }

  /**
   * Find the peer a user means: a peer id, `nick`, or `nick~suffix` (the end
   * of the peer id). Looks at the members of `room` first, then every nick heard.
   *
   * @throws {UnknownPeerError} when nobody, or more than one peer, matches
   */
  resolvePeer (room: string, input: string): string {
    const text = input.trim()
    const known = new Map<string, string>(this.knownNicks)
    if (this.rooms.has(room)) {
      for (const m of this.members(room)) {
        known.set(m.peer, m.nick)
      }
    }
    const record = this.authority.record(room)
    for (const peer of [...(record?.body.admins ?? []), ...(record?.body.bans.map(b => b.peer) ?? []), ...(record != null ? [record.owner] : [])]) {
      if (!known.has(peer)) {
        known.set(peer, '')
      }
    }
    if (known.has(text)) {
      return text
    }
    const [nickPart, suffix] = text.toLowerCase().split('~')
    const matches = [...known.entries()].filter(([peer, nick]) => nick === nickPart && (suffix == null || peer.toLowerCase().endsWith(suffix)))
    if (matches.length === 1) {
      return matches[0][0]
    }
    if (matches.length === 0) {
      throw new UnknownPeerError(`nobody called "${text.slice(0, 40)}" is known here: /who lists the members`)
    }
    throw new UnknownPeerError(`"${text}" is ambiguous: ${matches.map(([peer, nick]) => `${nick}~${peer.slice(-4)} (${peer})`).join(', ')}`)
  }

  private onRecord (room: string, record: RoomRecord, previous?: RoomRecord): void {
    const ownerChanged = previous != null && previous.owner !== record.owner
    if (previous == null || ownerChanged || previous.body.admins.join() !== record.body.admins.join()) {
      this.safeDispatch('record', {
        room,
        owner: record.owner,
        ownerNick: this.nickOf(record.owner) ?? null,
        ownerChanged,
        admins: [...record.body.admins],
        time: this.clock()
      })
    }
    if (record.body.bans.some(b => b.peer === this.peer) && this.rooms.has(room)) {
      this.safeDispatch('warning', { message: `you are banned from #${room}`, time: this.clock() })
      void this.leave(room).catch(() => {})
    }
  }

  private every (ms: number, fn: () => void): void {
    const timer = setInterval(fn, ms)
    timer.unref?.()
    this.timers.push(timer)
  }

  /** Publish one of our messages in a room; resolves with its send time. */
  private async publish (room: RoomState, kind: ChatMessage.Kind, text: string, payload?: Uint8Array): Promise<number> {
    const sentAtMs = this.clock()
    if (!isChat(kind)) {
      const decision = this.limiter.take(this.bucketKey(room.name, this.peer, 'control'), DEFAULT_CONTROL_LIMIT, sentAtMs, sentAtMs)
      if (!decision.allowed) {
        // relays would drop it (and score us down for it): skip it; a
        // heartbeat or record will go out again later
        this.log('control limit reached in %s: %s not sent', room.name, kind)
        return sentAtMs
      }
    }
    room.seq++
    // presence carries the version of the record we hold (see offerNewerRecord)
    const record = kind === ChatMessage.Kind.JOIN || kind === ChatMessage.Kind.HEARTBEAT ? this.authority.record(room.name) : undefined
    const data = encodeChatMessage({
      kind,
      sentAtMs,
      nick: this.nick,
      text,
      session: this.session,
      seq: room.seq,
      payload,
      recordLinks: record?.chain.length ?? 0,
      recordSeq: record?.body.seq ?? 0n
    })
    try {
      await this.node.services.pubsub.publish(room.topic, data)
    } catch (err) {
      this.log.error('publishing to %s failed: %e', room.name, err)
    }
    return sentAtMs
  }

  /**
   * Members that joined at the same moment may not have announced themselves
   * in the DHT yet when we first look: look again a few times soon after
   * joining, until enough members are connected.
   */
  private async searchAfterJoin (room: RoomState): Promise<void> {
    for (const delayMs of JOIN_SEARCH_DELAYS_MS) {
      await abortableSleep(delayMs, room.abort.signal)
      if (room.abort.signal.aborted || this.node.services.pubsub.getSubscribers(room.topic).length >= MIN_ROOM_PEERS) {
        return
      }
      await this.discovery.findMembers(room.name, room.abort.signal)
    }
  }

  /** A peer that expects a network waits (briefly) for its first connection. */
  private async waitForNetwork (signal: AbortSignal): Promise<void> {
    const deadline = this.clock() + NETWORK_WAIT_MS
    while (!signal.aborted && this.node.getConnections().length === 0 && this.expectPeers() && this.clock() < deadline) {
      await abortableSleep(100, signal)
    }
  }

  private async waitForTopicPeers (topic: string, timeoutMs: number, signal: AbortSignal): Promise<void> {
    const deadline = this.clock() + timeoutMs
    while (!signal.aborted && this.clock() < deadline) {
      if (this.node.services.pubsub.getSubscribers(topic).length > 0) {
        return
      }
      await abortableSleep(50, signal)
    }
  }

  /** The chat limit of a room: its record's settings, or the network default. */
  private chatLimit (room: string): RateLimit {
    const settings = this.authority.record(room)?.body.settings
    return {
      burst: settings != null && settings.burst > 0 ? settings.burst : DEFAULT_CHAT_LIMIT.burst,
      perMinute: settings != null && settings.msgPerMinute > 0 ? settings.msgPerMinute : DEFAULT_CHAT_LIMIT.perMinute
    }
  }

  /** The longest text of a room: its record's setting, or the protocol's limit. */
  private maxTextBytes (room: string): number {
    const settings = this.authority.record(room)?.body.settings
    return settings != null && settings.maxBytes > 0 ? Math.min(settings.maxBytes, MAX_TEXT_BYTES) : MAX_TEXT_BYTES
  }

  private bucketKey (room: string, author: string, kind: 'chat' | 'control'): string {
    return `${room}\n${author}\n${kind}`
  }

  /**
   * Reject what the author itself sent us (gossipsub then scores the author
   * down); merely ignore what an honest relay forwarded, since relays whose
   * clocks or timing differ slightly may disagree at the edge of a limit.
   */
  private refuse (source: PeerId, author: PeerId): TopicValidatorResult {
    return source.equals(author) ? TopicValidatorResult.Reject : TopicValidatorResult.Ignore
  }

  private readonly validateRoomMessage = async (source: PeerId, msg: Message): Promise<TopicValidatorResult> => {
    if (msg.type !== 'signed') {
      this.log('rejected unsigned message on %s', msg.topic)
      return TopicValidatorResult.Reject
    }
    const room = roomFromTopic(msg.topic)
    if (room == null) {
      return TopicValidatorResult.Reject
    }
    let payload: ChatPayload
    const now = this.clock()
    try {
      payload = decodeChatMessage(msg.data, now)
    } catch (err) {
      this.log('rejected message from %p on %s: %e', msg.from, msg.topic, err)
      // a send time out of the window depends on the receiver's clock
      return err instanceof StaleMessageError ? this.refuse(source, msg.from) : TopicValidatorResult.Reject
    }
    const author = msg.from.toString()
    if (this.deniedByOperator(author)) {
      this.log('rejected message from %p in %s: refused by the operator', msg.from, room)
      return this.refuse(source, msg.from)
    }
    if (this.authority.isSilenced(room, author, now) && payload.kind !== ChatMessage.Kind.LEAVE) {
      this.log('rejected message from banned or kicked %p in %s', msg.from, room)
      return this.refuse(source, msg.from)
    }
    if (isChat(payload.kind) && new TextEncoder().encode(payload.text).byteLength > this.maxTextBytes(room)) {
      this.log('rejected oversized message from %p in %s', msg.from, room)
      return TopicValidatorResult.Reject
    }
    const limit = isChat(payload.kind) ? this.chatLimit(room) : DEFAULT_CONTROL_LIMIT
    const decision = this.limiter.take(this.bucketKey(room, author, isChat(payload.kind) ? 'chat' : 'control'), limit, payload.sentAtMs, now)
    if (!decision.allowed) {
      this.log('rate limit: dropped a message from %p in %s', msg.from, room)
      return this.refuse(source, msg.from)
    }
    if (payload.kind === ChatMessage.Kind.RECORD) {
      try {
        await verifyRoomRecord(roomRecordKey(room), payload.payload ?? new Uint8Array(0))
      } catch (err) {
        this.log('rejected room record from %p in %s: %e', msg.from, room, err)
        return TopicValidatorResult.Reject
      }
    }
    if (payload.kind === ChatMessage.Kind.MODERATION) {
      const verdict = await this.authority.check(room, payload.payload ?? new Uint8Array(0))
      if (verdict === 'invalid') {
        return TopicValidatorResult.Reject
      }
      if (verdict === 'unknown') {
        return TopicValidatorResult.Ignore
      }
    }
    this.decoded.set(msg.data, payload)
    return TopicValidatorResult.Accept
  }

  private readonly validateDirectory = (source: PeerId, msg: Message): TopicValidatorResult => {
    if (msg.type !== 'signed') {
      return TopicValidatorResult.Reject
    }
    const now = this.clock()
    if (this.deniedByOperator(msg.from.toString())) {
      return this.refuse(source, msg.from)
    }
    if (!this.limiter.take(`directory\n${msg.from.toString()}`, DEFAULT_DIRECTORY_LIMIT, now, now).allowed) {
      this.log('rate limit: dropped a directory announcement from %p', msg.from)
      return this.refuse(source, msg.from)
    }
    try {
      decodeDirectoryAnnouncement(msg.data)
      return TopicValidatorResult.Accept
    } catch (err) {
      this.log('rejected directory announcement from %p: %e', msg.from, err)
      return TopicValidatorResult.Reject
    }
  }

  private readonly onMessage = (evt: CustomEvent<Message>): void => {
    const msg = evt.detail
    if (msg.type !== 'signed') {
      return
    }
    try {
      if (msg.topic === DIRECTORY_TOPIC) {
        this.directory.heard(decodeDirectoryAnnouncement(msg.data), this.clock())
        return
      }
      const name = roomFromTopic(msg.topic)
      const room = name == null ? undefined : this.rooms.get(name)
      if (room == null) {
        return
      }
      const payload = this.decoded.get(msg.data) ?? decodeChatMessage(msg.data, this.clock())
      const peer = msg.from.toString()
      room.order.accept(peer, payload.session, payload.seq, () => { this.deliver(room, peer, payload) })
    } catch (err) {
      this.log('dropped message on %s: %e', msg.topic, err)
    }
  }

  private deliver (room: RoomState, peer: string, payload: ChatPayload): void {
    if (!this.rooms.has(room.name)) {
      return
    }
    const now = this.clock()
    const base = { room: room.name, nick: payload.nick, peer, time: payload.sentAtMs }
    const oldNick = this.knownNicks.get(peer)
    this.knownNicks.set(peer, payload.nick)
    if (oldNick != null && oldNick !== payload.nick) {
      this.safeDispatch('nick', { peer, oldNick, newNick: payload.nick, time: payload.sentAtMs })
    }
    if (payload.kind === ChatMessage.Kind.JOIN || payload.kind === ChatMessage.Kind.HEARTBEAT) {
      this.offerNewerRecord(room, payload.recordLinks ?? 0, payload.recordSeq ?? 0n)
    }
    switch (payload.kind) {
      case ChatMessage.Kind.JOIN:
        room.members.see(peer, payload.nick, now)
        this.safeDispatch('join', base)
        this.scheduleJoinReply(room)
        return
      case ChatMessage.Kind.RECORD:
        void this.authority.offer(room.name, payload.payload ?? new Uint8Array(0), `peer ${peer}`)
        return
      case ChatMessage.Kind.MODERATION:
        this.authority.onEvent(room.name, payload.payload ?? new Uint8Array(0)).catch(err => {
          this.log('dropped moderation event in %s: %e', room.name, err)
        })
        return
      case ChatMessage.Kind.LEAVE:
        room.members.remove(peer)
        room.order.forget(peer)
        this.safeDispatch('leave', base)
        return
      default: {
        const previous = room.members.see(peer, payload.nick, now)
        if (previous == null) {
          this.safeDispatch('member', base)
        }
        if (payload.kind === ChatMessage.Kind.TEXT || payload.kind === ChatMessage.Kind.ACTION) {
          this.safeDispatch('message', { ...base, text: payload.text, action: payload.kind === ChatMessage.Kind.ACTION, self: false })
        }
      }
    }
  }

  /**
   * Anti-entropy: a member whose presence shows an older room record (after a
   * partition, say) gets ours, at most once per {@link RECORD_REPLY_MIN_INTERVAL_MS}
   * per room. Versions compare by chain length, then body seq.
   */
  private offerNewerRecord (room: RoomState, links: number, seq: bigint): void {
    const ours = this.authority.record(room.name)
    if (ours == null) {
      return
    }
    const newer = ours.chain.length > links || (ours.chain.length === links && ours.body.seq > seq)
    const now = this.clock()
    if (newer && now - room.lastRecordSentMs >= RECORD_REPLY_MIN_INTERVAL_MS) {
      room.lastRecordSentMs = now
      this.authority.republishTo(room.name)
    }
  }

  /** Answer a newcomer with a heartbeat, after a jitter, so it learns who is here. */
  private scheduleJoinReply (room: RoomState): void {
    if (room.replyTimer != null) {
      return
    }
    // many newcomers at once get one answer: at most one per interval
    const earliest = room.lastReplyMs + JOIN_REPLY_MIN_INTERVAL_MS - this.clock()
    room.replyTimer = setTimeout(() => {
      room.replyTimer = undefined
      if (!this.rooms.has(room.name)) {
        return
      }
      const now = this.clock()
      room.lastReplyMs = now
      void this.publish(room, ChatMessage.Kind.HEARTBEAT, '')
      // the owner hands newcomers the newest record at once (they also find it in the DHT)
      const record = this.authority.record(room.name)
      if (record != null && record.owner === this.peer && now - room.lastRecordSentMs >= RECORD_REPLY_MIN_INTERVAL_MS) {
        room.lastRecordSentMs = now
        this.authority.republishTo(room.name)
      }
    }, Math.max(0, earliest) + 50 + Math.floor(this.random() * JOIN_REPLY_JITTER_MS))
  }

  private readonly onSubscriptionChange = (evt: CustomEvent<SubscriptionChangeData>): void => {
    for (const { topic, subscribe } of evt.detail.subscriptions) {
      if (!subscribe) {
        continue
      }
      if (topic === DIRECTORY_TOPIC && this.useDirectory) {
        this.directory.newcomer(this.clock(), 2000)
        continue
      }
      // a neighbour is in one of our rooms: tell it we are here, so presence
      // does not wait for the next heartbeat
      const name = roomFromTopic(topic)
      const room = name == null ? undefined : this.rooms.get(name)
      if (room != null) {
        this.scheduleJoinReply(room)
      }
    }
  }

  private announceDirectory (): void {
    const now = this.clock()
    const entries: DirectoryRoomEntry[] = []
    for (const name of this.directory.takeDue(now)) {
      const room = this.rooms.get(name)
      if (room == null) {
        continue
      }
      room.members.see(this.peer, this.nick, now)
      const members = room.members.list(now).map(m => ({ peer: m.peer, nick: m.nick }))
      entries.push({ room: name, members, memberCount: members.length })
    }
    if (entries.length === 0) {
      return
    }
    this.directory.heard(entries, now)
    this.node.services.pubsub.publish(DIRECTORY_TOPIC, encodeDirectoryAnnouncement(entries)).catch(err => {
      this.log.error('directory announcement failed: %e', err)
    })
  }

  /** Listeners are UI code: one that throws must not break the chat core. */
  private safeDispatch<K extends keyof ChatEvents> (type: K, detail: ChatEvents[K]['detail']): void {
    try {
      this.safeDispatchEvent(type, { detail })
    } catch (err) {
      this.log.error('a %s listener failed: %e', type, err)
    }
  }
}

function isChat (kind: ChatMessage.Kind): boolean {
  return kind === ChatMessage.Kind.TEXT || kind === ChatMessage.Kind.ACTION
}
