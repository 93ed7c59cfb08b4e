/**
 * Private messages over direct, Noise-encrypted libp2p streams
 * ({@link DM_PROTOCOL}): no third peer ever holds one. The wire format is in
 * `../protocol/direct-message.ts`.
 */
import { TypedEventEmitter } from '@libp2p/interface'
import type { Connection, Libp2p, Logger, PeerId, Stream } from '@libp2p/interface'
import { peerIdFromString } from '@libp2p/peer-id'
import { lpStream } from '@libp2p/utils'
import { MAX_TEXT_BYTES } from '../protocol/constants.js'
import {
  DM_PROTOCOL, MAX_DM_ACK_BYTES, MAX_DM_FRAME_BYTES, MalformedDirectMessageError,
  decodeDirectMessage, decodeDirectMessageAck, encodeDirectMessage, encodeDirectMessageAck,
  newMessageId, refusalOf
} from '../protocol/direct-message.js'
import type { DirectMessageAckFrame, DmRefusal } from '../protocol/direct-message.js'
import { normaliseNick } from '../protocol/names.js'
import { EmptyTextError, RateLimitedError, TextTooLongError, UnknownPeerError } from './errors.js'
import { RateLimiter } from './rate-limiter.js'
import type { RateLimit } from './rate-limiter.js'

// ---- defaults -------------------------------------------------------------------

/** Private messages a receiver accepts per sender: a burst of 5, then one every 2 s. */
export const DEFAULT_DM_LIMIT: RateLimit = { burst: 5, perMinute: 30 }

/** How long a receiver waits for the frame of an inbound stream before aborting it. */
export const DM_READ_TIMEOUT_MS = 5000

/** How long a whole send may take: lookup, dial, frame and ack. */
export const DM_SEND_TIMEOUT_MS = 10_000

/** Share of the send budget given to dialling addresses already known before asking the DHT. */
export const DM_KNOWN_ADDRESS_DIAL_SHARE = 0.5

/** Inbound private-message streams allowed at once on one connection (libp2p's `maxInboundStreams`). */
export const DM_MAX_INBOUND_STREAMS_PER_CONNECTION = 8

/** Outbound private-message streams allowed at once on one connection. */
export const DM_MAX_OUTBOUND_STREAMS_PER_CONNECTION = 8

/** Inbound private-message streams handled at once over all connections; more are aborted. */
export const DM_MAX_CONCURRENT_INBOUND = 64

/** Message ids remembered per receiver, so that a sender's retry is not shown twice. */
export const DM_SEEN_IDS = 1024

// ---- errors -----------------------------------------------------------------------

/** A private message addressed to ourselves. */
export class SelfMessageError extends Error {
  override readonly name = 'SelfMessageError'
}

/** The recipient could not be found or reached, or did not answer in time. */
export class RecipientUnreachableError extends Error {
  override readonly name = 'RecipientUnreachableError'
}

/** The recipient answered and refused the message (`reason` is the ack's error). */
export class MessageRefusedError extends Error {
  override readonly name = 'MessageRefusedError'
  /** the receiver's reason: one of the `DmRefusal`s from an honest receiver */
  readonly reason: string
  /** when rate limited: how long until one message would be accepted, in ms */
  readonly retryInMs?: number

  constructor (message: string, reason: string, retryInMs?: number) {
    super(message)
    this.reason = reason
    this.retryInMs = retryInMs
  }
}

// ---- types ------------------------------------------------------------------------

/** A private message received (the sender is authenticated by Noise). */
export interface DirectMessageEvent {
  /** the sender's peer id: the stream's remote peer */
  peer: string
  /** the nick the sender calls itself (display only; may collide with others') */
  nick: string
  text: string
  /** the sender's send time, ms since the epoch */
  time: number
  /** the message id chosen by the sender */
  id: string
}

/** The events of {@link DirectMessages}. */
export interface DirectMessagesEvents {
  /** a private message was accepted (never emitted for ignored senders) */
  'message': CustomEvent<DirectMessageEvent>
}

/** What {@link DirectMessages} uses from the node (a `CryptiNode` will do). */
export type DirectMessagesComponents = Pick<Libp2p, 'peerId' | 'handle' | 'unhandle' | 'dialProtocol' | 'getConnections' | 'peerRouting' | 'peerStore' | 'logger'>

/** Options of {@link DirectMessages}; every one has a default. */
export interface DirectMessagesInit {
  /** Wall clock, ms since the epoch; `Date.now` by default. */
  clock?: () => number
  /** Per-sender limit at the receiver, and per-recipient limit we hold ourselves to; {@link DEFAULT_DM_LIMIT}. */
  limit?: RateLimit
  /** {@link DM_READ_TIMEOUT_MS} by default. */
  readTimeoutMs?: number
  /** {@link DM_SEND_TIMEOUT_MS} by default. */
  sendTimeoutMs?: number
  /** {@link DM_MAX_INBOUND_STREAMS_PER_CONNECTION} by default. */
  maxInboundStreams?: number
  /** {@link DM_MAX_CONCURRENT_INBOUND} by default. */
  maxConcurrentInbound?: number
  /**
   * Senders whose messages are accepted (acknowledged) but not emitted, so
   * that an ignored sender cannot tell; nobody by default.
   */
  isIgnored?: (peer: string) => boolean
}

/** Options of one {@link DirectMessages.send}. */
export interface SendDirectOptions {
  /** aborts the send (the {@link DM_SEND_TIMEOUT_MS} bound applies as well) */
  signal?: AbortSignal
  /** how to name the recipient in error messages (`alice~3f9k`); a short peer id by default */
  label?: string
}

/** A delivered private message. */
export interface SendDirectResult {
  /** the message id */
  id: string
  /** our send time, ms since the epoch */
  sentAtMs: number
  /** from writing the frame to reading the ack, in ms */
  rttMs: number
  /** the whole send, lookup and dial included, in ms */
  totalMs: number
  /** true when we had to dial the recipient (it was not connected) */
  dialled: boolean
}

/** How a peer can be reached, as far as this node knows. */
export interface PeerReachability {
  /** true while a connection is open */
  connected: boolean
  /** multiaddrs of open connections and from the peer store, without duplicates */
  addrs: string[]
}

// ---- the service ------------------------------------------------------------------

/**
 * Sends and receives private messages on {@link DM_PROTOCOL}. `start()`
 * registers the stream handler, `stop()` removes it. Received messages are
 * size-checked before decoding, rate-limited per sender and acknowledged;
 * malformed frames and silent streams are aborted and logged, never thrown.
 */
export class DirectMessages extends TypedEventEmitter<DirectMessagesEvents> {
  private readonly components: DirectMessagesComponents
  private readonly log: Logger
  private readonly clock: () => number
  private readonly limit: RateLimit
  private readonly readTimeoutMs: number
  private readonly sendTimeoutMs: number
  private readonly maxInboundStreams: number
  private readonly maxConcurrentInbound: number
  private readonly isIgnored: (peer: string) => boolean
  /** per sender at the receiver */
  private readonly inboundLimiter = new RateLimiter()
  /** per recipient, our own sending */
  private readonly outboundLimiter = new RateLimiter()
  /** `peer\nid` of messages accepted recently, oldest first */
  private readonly seen = new Set<string>()
  private active = 0
  private started = false

  constructor (components: DirectMessagesComponents, init: DirectMessagesInit = {}) {
    super()
    this.components = components
    this.log = components.logger.forComponent('crypticomm:dm')
    this.clock = init.clock ?? Date.now
    this.limit = init.limit ?? DEFAULT_DM_LIMIT
    this.readTimeoutMs = init.readTimeoutMs ?? DM_READ_TIMEOUT_MS
    this.sendTimeoutMs = init.sendTimeoutMs ?? DM_SEND_TIMEOUT_MS
    this.maxInboundStreams = init.maxInboundStreams ?? DM_MAX_INBOUND_STREAMS_PER_CONNECTION
    this.maxConcurrentInbound = init.maxConcurrentInbound ?? DM_MAX_CONCURRENT_INBOUND
    this.isIgnored = init.isIgnored ?? (() => false)
  }

  /** Register the {@link DM_PROTOCOL} handler. */
  async start (): Promise<void> {
    if (this.started) {
      return
    }
    await this.components.handle(DM_PROTOCOL, this.onStream, {
      maxInboundStreams: this.maxInboundStreams,
      maxOutboundStreams: DM_MAX_OUTBOUND_STREAMS_PER_CONNECTION
    })
    this.started = true
  }

  /** Remove the handler; streams being handled finish on their own timeouts. */
  async stop (): Promise<void> {
    if (!this.started) {
      return
    }
    this.started = false
    await this.components.unhandle(DM_PROTOCOL)
  }

  /** Inbound streams being handled right now. */
  get activeInbound (): number {
    return this.active
  }

  /**
   * Send `text` to `peer` (a peer id string) as `nick`. When not connected,
   * dials the addresses already known, then asks the DHT for the peer's
   * addresses and dials those. The whole send is bounded by
   * {@link DM_SEND_TIMEOUT_MS}.
   *
   * @throws {UnknownPeerError} `peer` is not a peer id
   * @throws {SelfMessageError} `peer` is us
   * @throws {EmptyTextError | TextTooLongError} nothing to send, or over {@link MAX_TEXT_BYTES}
   * @throws {RateLimitedError} we are sending to `peer` faster than a receiver accepts
   * @throws {RecipientUnreachableError} not found, not reachable, or no answer in time
   * @throws {MessageRefusedError} the recipient refused it (rate limited, clock skew, …)
   */
  async send (peer: string, text: string, nick: string, options: SendDirectOptions = {}): Promise<SendDirectResult> {
    const startedAt = performance.now()
    let target: PeerId
    try {
      target = peerIdFromString(peer)
    } catch {
      throw new UnknownPeerError(`"${printable(peer)}" is not a peer id`)
    }
    const label = options.label ?? shortPeer(target.toString())
    if (target.equals(this.components.peerId)) {
      throw new SelfMessageError('you cannot send a private message to yourself')
    }
    if (text.trim().length === 0) {
      throw new EmptyTextError('there is nothing to send')
    }
    const bytes = new TextEncoder().encode(text).byteLength
    if (bytes > MAX_TEXT_BYTES) {
      throw new TextTooLongError(`message is ${bytes} bytes; the limit for private messages is ${MAX_TEXT_BYTES}`)
    }
    const ownNick = normaliseNick(nick)
    const now = this.clock()
    // charged only once a stream is open: failing to reach someone costs nothing
    const decision = this.outboundLimiter.check(target.toString(), this.limit, now, now)
    if (!decision.allowed) {
      throw new RateLimitedError(`slow down: ${label} accepts ${this.limit.burst} private messages at once and ${this.limit.perMinute} a minute; try again in ${seconds(decision.retryInMs)} s`)
    }

    const signal = options.signal == null
      ? AbortSignal.timeout(this.sendTimeoutMs)
      : AbortSignal.any([options.signal, AbortSignal.timeout(this.sendTimeoutMs)])
    const dialled = this.components.getConnections(target).length === 0
    const stream = await this.open(target, label, signal)
    const id = newMessageId()
    const sentAtMs = this.clock()
    this.outboundLimiter.take(target.toString(), this.limit, sentAtMs, sentAtMs)
    let ack: DirectMessageAckFrame
    let rttMs: number
    try {
      const lp = lpStream(stream, { maxDataLength: MAX_DM_ACK_BYTES })
      const writtenAt = performance.now()
      await lp.write(encodeDirectMessage({ id, text, sentAtMs, nick: ownNick }), { signal })
      await stream.close({ signal })
      const ackBytes = await lp.read({ signal })
      rttMs = performance.now() - writtenAt
      ack = decodeDirectMessageAck(ackBytes.subarray())
      if (ack.id !== id) {
        throw new MalformedDirectMessageError('the ack names another message')
      }
    } catch (err) {
      stream.abort(err as Error)
      if (signal.aborted && options.signal?.aborted !== true) {
        throw new RecipientUnreachableError(`${label} did not acknowledge within ${seconds(this.sendTimeoutMs)} s`)
      }
      throw new RecipientUnreachableError(`${label} did not acknowledge the message: ${oneLine(err)}`)
    }
    if (!ack.ok) {
      const reason = ack.error ?? 'refused'
      throw new MessageRefusedError(refusalMessage(label, reason, ack.retryInMs), reason, ack.retryInMs)
    }
    return { id, sentAtMs, rttMs, totalMs: performance.now() - startedAt, dialled }
  }

  /**
   * Open a stream to `target`: on the existing connection, else by dialling
   * known addresses (with part of the budget), else through a DHT lookup.
   */
  private async open (target: PeerId, label: string, signal: AbortSignal): Promise<Stream> {
    const failures: string[] = []
    if (this.components.getConnections(target).length > 0 || await this.hasAddresses(target)) {
      const share = AbortSignal.any([signal, AbortSignal.timeout(Math.round(this.sendTimeoutMs * DM_KNOWN_ADDRESS_DIAL_SHARE))])
      try {
        return await this.components.dialProtocol(target, DM_PROTOCOL, { signal: share })
      } catch (err) {
        this.log('dialling %p at known addresses failed: %e', target, err)
        if ((err as Error).name === 'UnsupportedProtocolError') {
          throw new RecipientUnreachableError(`${label} does not accept private messages (no ${DM_PROTOCOL} handler)`)
        }
        failures.push(`dial failed: ${oneLine(err)}`)
        if (signal.aborted) {
          throw new RecipientUnreachableError(`${label} is unreachable: no answer within ${seconds(this.sendTimeoutMs)} s`)
        }
      }
    }
    try {
      const found = await this.components.peerRouting.findPeer(target, { signal, useCache: false })
      this.log('found %p in the DHT with %d addresses', target, found.multiaddrs.length)
    } catch (err) {
      this.log('looking up %p failed: %e', target, err)
      if (signal.aborted) {
        throw new RecipientUnreachableError(`${label} is unreachable: not found within ${seconds(this.sendTimeoutMs)} s`)
      }
      throw new RecipientUnreachableError(`${label} is offline or unknown: not found in the DHT${failures.length > 0 ? ` (${failures.join('; ')})` : ''}`)
    }
    try {
      return await this.components.dialProtocol(target, DM_PROTOCOL, { signal })
    } catch (err) {
      this.log('dialling %p failed: %e', target, err)
      if ((err as Error).name === 'UnsupportedProtocolError') {
        throw new RecipientUnreachableError(`${label} does not accept private messages (no ${DM_PROTOCOL} handler)`)
      }
      if (signal.aborted) {
        throw new RecipientUnreachableError(`${label} is unreachable: no answer within ${seconds(this.sendTimeoutMs)} s`)
      }
      throw new RecipientUnreachableError(`${label} is offline or unreachable: ${oneLine(err)}`)
    }
  }

  /**
   * What this node knows of how to reach `peer` (for `/whois`): whether it is
   * connected, the addresses of its open connections and those in the peer
   * store. Unknown or malformed peers have none.
   */
  async reachability (peer: string): Promise<PeerReachability> {
    let id: PeerId
    try {
      id = peerIdFromString(peer)
    } catch {
      return { connected: false, addrs: [] }
    }
    const connections = this.components.getConnections(id)
    const addrs = new Set(connections.map(c => c.remoteAddr.toString()))
    try {
      for (const address of (await this.components.peerStore.get(id)).addresses) {
        addrs.add(address.multiaddr.toString())
      }
    } catch {
      // not in the peer store
    }
    return { connected: connections.length > 0, addrs: [...addrs] }
  }

  private async hasAddresses (target: PeerId): Promise<boolean> {
    try {
      return (await this.components.peerStore.get(target)).addresses.length > 0
    } catch {
      return false
    }
  }

  /** One inbound stream: read one frame, answer one ack. Never throws. */
  private readonly onStream = async (stream: Stream, connection: Connection): Promise<void> => {
    const peer = connection.remotePeer.toString()
    if (this.active >= this.maxConcurrentInbound) {
      this.log('too many inbound private-message streams: aborting one from %p', connection.remotePeer)
      stream.abort(new Error('too many private-message streams'))
      return
    }
    this.active++
    try {
      await this.handle(stream, peer)
    } catch (err) {
      this.log('private-message stream from %p failed: %e', connection.remotePeer, err)
      stream.abort(err as Error)
    } finally {
      this.active--
    }
  }

  private async handle (stream: Stream, peer: string): Promise<void> {
    const signal = AbortSignal.timeout(this.readTimeoutMs)
    // the read buffer holds at most one frame and its prefix: anything more is a protocol violation
    const lp = lpStream(stream, { maxDataLength: MAX_DM_FRAME_BYTES, maxBufferSize: MAX_DM_FRAME_BYTES + 8 })
    const bytes = (await lp.read({ signal })).subarray()
    const now = this.clock()
    // every frame costs a token, well-formed or not
    const decision = this.inboundLimiter.take(peer, this.limit, now, now)
    const frame = decodeDirectMessage(bytes)
    const refusal: DmRefusal | undefined = decision.allowed ? refusalOf(frame, now) : 'rate limited'
    let ack: DirectMessageAckFrame
    if (refusal != null) {
      this.log('refused a private message from %s: %s', peer, refusal)
      ack = { id: frame.id, ok: false, error: refusal }
      if (refusal === 'rate limited') {
        ack.retryInMs = decision.retryInMs
      }
    } else {
      ack = { id: frame.id, ok: true }
      this.accept(peer, frame.id, frame.nick, frame.text, frame.sentAtMs)
    }
    await lp.write(encodeDirectMessageAck(ack), { signal })
    await stream.close({ signal })
  }

  private accept (peer: string, id: string, nick: string, text: string, time: number): void {
    const key = `${peer}\n${id}`
    if (this.seen.has(key)) {
      // a retry of a message already shown: acknowledge it again, quietly
      return
    }
    this.seen.add(key)
    if (this.seen.size > DM_SEEN_IDS) {
      const oldest = this.seen.values().next().value
      if (oldest != null) {
        this.seen.delete(oldest)
      }
    }
    if (this.isIgnored(peer)) {
      this.log.trace('dropped a private message from ignored %s', peer)
      return
    }
    try {
      this.safeDispatchEvent('message', { detail: { peer, nick, text, time, id } })
    } catch (err) {
      this.log.error('a private-message listener failed: %e', err)
    }
  }
}

/** `12D3KooW…abcd`: enough of a peer id to recognise it in a message. */
export function shortPeer (peer: string): string {
  return peer.length > 16 ? `${peer.slice(0, 8)}…${peer.slice(-4)}` : peer
}

function refusalMessage (label: string, reason: string, retryInMs?: number): string {
  switch (reason) {
    case 'rate limited':
      return `${label} refused the message: you are sending too fast${retryInMs != null ? `; try again in ${seconds(retryInMs)} s` : ''}`
    case 'clock skew':
      return `${label} refused the message: your clock and theirs disagree by minutes; check your system time`
    case 'too long':
      return `${label} refused the message: too long (the limit is ${MAX_TEXT_BYTES} bytes)`
    case 'empty':
      return `${label} refused the message: it is empty`
    default:
      return `${label} refused the message: ${reason}`
  }
}

function seconds (ms: number): string {
  return (ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 1)
}

function oneLine (err: unknown): string {
  const message = err instanceof Error ? (err.message !== '' ? err.message : err.name) : String(err)
  return printable(message.split('\n')[0])
}

function printable (text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?').slice(0, 120)
}
