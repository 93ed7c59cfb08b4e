/**
 * The wire format of private messages: the stream protocol
 * {@link DM_PROTOCOL}, its frames and their limits.
 *
 * ## The exchange
 *
 * The sender opens a fresh stream on {@link DM_PROTOCOL} per message and
 * writes ONE frame: an unsigned-varint length prefix and a `DirectMessage`
 * (`pb/dm.proto`) of at most {@link MAX_DM_FRAME_BYTES}. The receiver answers
 * with ONE length-prefixed `DirectMessageAck` of at most
 * {@link MAX_DM_ACK_BYTES} and closes the stream. Nothing is signed: Noise
 * authenticates both ends of the connection, so the author of a message is
 * the stream's remote peer, never a field of the frame.
 *
 * The receiver aborts (resets) the stream without an ack when the length
 * prefix announces more than {@link MAX_DM_FRAME_BYTES}, when the frame does
 * not decode or breaks a shape rule of {@link decodeDirectMessage}, or when no
 * complete frame arrives in time. A well-formed message that it refuses is
 * answered `ok: false` with one of the {@link DmRefusal} reasons.
 */
import { MAX_CLOCK_SKEW_MS, MAX_MESSAGE_AGE_MS, MAX_TEXT_BYTES } from './constants.js'
import { isNormalNick } from './names.js'
import { DirectMessage, DirectMessageAck } from './pb/dm.js'

export { DirectMessage, DirectMessageAck }

/** The private-message stream protocol. */
export const DM_PROTOCOL = '/crypticomm/dm/1.0.0'

/**
 * Largest message frame a receiver reads, in bytes, without its length
 * prefix; a longer announced length aborts the stream before any of it is
 * read. A frame at every field limit (64-character id, 2048-byte text,
 * 24-character nick, a send time) is under 2.2 KiB.
 */
export const MAX_DM_FRAME_BYTES = 4096

/** Largest ack frame a sender reads, in bytes, without its length prefix. */
export const MAX_DM_ACK_BYTES = 512

/** Longest message id, in characters. */
export const MAX_DM_ID_CHARS = 64

/** Longest refusal reason an ack may carry, in characters. */
export const MAX_DM_ERROR_CHARS = 64

const ID_ALPHABET = /^[A-Za-z0-9_-]+$/
// printable ASCII only: a reason reaches the sender's terminal
const ERROR_ALPHABET = /^[\x20-\x7e]*$/
const textEncoder = new TextEncoder()

/** Why a receiver refused a well-formed message (the ack's `error`). */
export type DmRefusal = 'rate limited' | 'empty' | 'too long' | 'clock skew'

/** Every {@link DmRefusal}, for checks and documentation. */
export const DM_REFUSALS: readonly DmRefusal[] = ['rate limited', 'empty', 'too long', 'clock skew']

/** A private message as carried on the wire, with its time as a number. */
export interface DirectMessageFrame {
  id: string
  text: string
  /** the sender's send time, ms since the epoch */
  sentAtMs: number
  /** the sender's normalised nickname, as it calls itself */
  nick: string
}

/** A receiver's answer to one message. */
export interface DirectMessageAckFrame {
  id: string
  ok: boolean
  /** when refused: why (one of {@link DM_REFUSALS} from an honest receiver, but any short printable text is accepted) */
  error?: string
  /** when rate limited: how long until one message would be accepted, in ms */
  retryInMs?: number
}

/** A frame larger than its limit; rejected before parsing. */
export class DirectMessageTooLargeError extends Error {
  override readonly name = 'DirectMessageTooLargeError'
}

/** A frame that does not decode, or breaks a shape rule (id, nick, numbers). */
export class MalformedDirectMessageError extends Error {
  override readonly name = 'MalformedDirectMessageError'
}

/** A fresh random message id: 32 hex characters (128 bits). */
export function newMessageId (): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  return Array.from(bytes, b => b.toString(16).padStart(2, '0')).join('')
}

/** True when `id` is a valid message id. */
export function isValidMessageId (id: string): boolean {
  return id.length > 0 && id.length <= MAX_DM_ID_CHARS && ID_ALPHABET.test(id)
}

/**
 * Encode a message frame (without its length prefix). The caller has checked
 * its own text; this only refuses what the receiver would abort on.
 *
 * @throws {MalformedDirectMessageError | DirectMessageTooLargeError}
 */
export function encodeDirectMessage (frame: DirectMessageFrame): Uint8Array {
  if (!isValidMessageId(frame.id)) {
    throw new MalformedDirectMessageError('message id must be 1 to 64 characters of A-Z a-z 0-9 _ -')
  }
  if (!isNormalNick(frame.nick)) {
    throw new MalformedDirectMessageError('sender nickname is not in normal form')
  }
  if (!Number.isSafeInteger(frame.sentAtMs) || frame.sentAtMs < 0) {
    throw new MalformedDirectMessageError('send time must be a non-negative integer')
  }
  const bytes = DirectMessage.encode({ id: frame.id, text: frame.text, sentAtMs: BigInt(frame.sentAtMs), nick: frame.nick })
  if (bytes.byteLength > MAX_DM_FRAME_BYTES) {
    throw new DirectMessageTooLargeError(`message frame of ${bytes.byteLength} bytes exceeds ${MAX_DM_FRAME_BYTES}`)
  }
  return bytes
}

/**
 * Decode a message frame from the network and check its shape: size
 * ({@link MAX_DM_FRAME_BYTES}) first, then the protobuf, a valid id, a nick in
 * normal form and a send time below 2^53. The text is NOT judged here (see
 * {@link refusalOf}).
 *
 * @throws {DirectMessageTooLargeError | MalformedDirectMessageError}
 */
export function decodeDirectMessage (bytes: Uint8Array): DirectMessageFrame {
  if (bytes.byteLength > MAX_DM_FRAME_BYTES) {
    throw new DirectMessageTooLargeError(`message frame of ${bytes.byteLength} bytes exceeds ${MAX_DM_FRAME_BYTES}`)
  }
  let decoded: DirectMessage
  try {
    decoded = DirectMessage.decode(bytes)
  } catch (err) {
    throw new MalformedDirectMessageError(`message frame does not decode: ${(err as Error).message}`)
  }
  if (!isValidMessageId(decoded.id)) {
    throw new MalformedDirectMessageError('message frame has no valid id')
  }
  if (!isNormalNick(decoded.nick)) {
    throw new MalformedDirectMessageError('message frame carries an invalid nickname')
  }
  if (decoded.sentAtMs > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new MalformedDirectMessageError('message send time is out of range')
  }
  return { id: decoded.id, text: decoded.text, sentAtMs: Number(decoded.sentAtMs), nick: decoded.nick }
}

/**
 * Why a receiver whose clock reads `nowMs` refuses a well-formed message, or
 * `undefined` when it accepts it: `empty` (no text, or only whitespace),
 * `too long` (over {@link MAX_TEXT_BYTES} UTF-8 bytes), `clock skew` (sent
 * more than {@link MAX_CLOCK_SKEW_MS} in the future or more than
 * {@link MAX_MESSAGE_AGE_MS} ago). Rate limits are the receiver's to add.
 */
export function refusalOf (frame: DirectMessageFrame, nowMs: number): DmRefusal | undefined {
  if (frame.text.trim().length === 0) {
    return 'empty'
  }
  if (textEncoder.encode(frame.text).byteLength > MAX_TEXT_BYTES) {
    return 'too long'
  }
  if (frame.sentAtMs > nowMs + MAX_CLOCK_SKEW_MS || frame.sentAtMs < nowMs - MAX_MESSAGE_AGE_MS) {
    return 'clock skew'
  }
  return undefined
}

/**
 * Encode an ack frame (without its length prefix).
 *
 * @throws {MalformedDirectMessageError} when a field breaks its rule
 */
export function encodeDirectMessageAck (ack: DirectMessageAckFrame): Uint8Array {
  checkAck(ack)
  return DirectMessageAck.encode({
    id: ack.id,
    ok: ack.ok,
    error: ack.error,
    retryInMs: ack.retryInMs == null ? undefined : Math.min(Math.max(0, Math.ceil(ack.retryInMs)), 0xffffffff)
  })
}

/**
 * Decode an ack frame from the network: size ({@link MAX_DM_ACK_BYTES})
 * first, then the protobuf and its rules (valid id; an error only on a
 * refusal, short and printable).
 *
 * @throws {DirectMessageTooLargeError | MalformedDirectMessageError}
 */
export function decodeDirectMessageAck (bytes: Uint8Array): DirectMessageAckFrame {
  if (bytes.byteLength > MAX_DM_ACK_BYTES) {
    throw new DirectMessageTooLargeError(`ack frame of ${bytes.byteLength} bytes exceeds ${MAX_DM_ACK_BYTES}`)
  }
  let decoded: DirectMessageAck
  try {
    decoded = DirectMessageAck.decode(bytes)
  } catch (err) {
    throw new MalformedDirectMessageError(`ack frame does not decode: ${(err as Error).message}`)
  }
  const ack: DirectMessageAckFrame = { id: decoded.id, ok: decoded.ok }
  if (decoded.error != null) {
    ack.error = decoded.error
  }
  if (decoded.retryInMs != null) {
    ack.retryInMs = decoded.retryInMs
  }
  checkAck(ack)
  return ack
}

function checkAck (ack: DirectMessageAckFrame): void {
  if (!isValidMessageId(ack.id)) {
    throw new MalformedDirectMessageError('ack has no valid id')
  }
  if (ack.ok && ack.error != null) {
    throw new MalformedDirectMessageError('an accepting ack carries an error')
  }
  if (ack.error != null && (ack.error.length > MAX_DM_ERROR_CHARS || !ERROR_ALPHABET.test(ack.error))) {
    throw new MalformedDirectMessageError(`ack error must be at most ${MAX_DM_ERROR_CHARS} printable ASCII characters`)
  }
}
