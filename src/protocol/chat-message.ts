import { ChatMessage } from './pb/chat.js'
import { MAX_CHAT_MESSAGE_BYTES, MAX_CLOCK_SKEW_MS, MAX_MESSAGE_AGE_MS, MAX_ROOM_PAYLOAD_BYTES, MAX_TEXT_BYTES } from './constants.js'
import { MalformedMessageError, MessageTooLargeError, StaleMessageError } from './errors.js'
import { isNormalNick } from './names.js'

export { ChatMessage }

/** The kinds of room message, as carried on the wire. */
export type ChatKind = ChatMessage.Kind

/** A room message after decoding, with numbers as plain numbers. */
export interface ChatPayload {
  kind: ChatMessage.Kind
  sentAtMs: number
  nick: string
  text: string
  session: bigint
  seq: bigint
  /** RECORD and MODERATION: the signed record or event */
  payload?: Uint8Array
  /** JOIN and HEARTBEAT: links in the author's room record (0: none) */
  recordLinks?: number
  /** JOIN and HEARTBEAT: body seq of the author's room record */
  recordSeq?: bigint
}

const textEncoder = new TextEncoder()

/** Encode a room message. The caller has validated its own text. */
export function encodeChatMessage (payload: ChatPayload): Uint8Array {
  return ChatMessage.encode({
    kind: payload.kind,
    sentAtMs: BigInt(payload.sentAtMs),
    nick: payload.nick,
    text: payload.text,
    session: payload.session,
    seq: payload.seq,
    payload: (payload.payload ?? new Uint8Array(0)) as Uint8Array<ArrayBuffer>,
    recordLinks: payload.recordLinks ?? 0,
    recordSeq: payload.recordSeq ?? 0n
  })
}

/**
 * Decode and check a room message from the network: size first, then shape,
 * then the send time against `nowMs`.
 *
 * @throws {MessageTooLargeError | MalformedMessageError | StaleMessageError}
 */
export function decodeChatMessage (bytes: Uint8Array, nowMs: number): ChatPayload {
  if (bytes.byteLength > MAX_CHAT_MESSAGE_BYTES) {
    throw new MessageTooLargeError(`room message of ${bytes.byteLength} bytes exceeds ${MAX_CHAT_MESSAGE_BYTES}`)
  }
  let decoded: ChatMessage
  try {
    decoded = ChatMessage.decode(bytes)
  } catch (err) {
    throw new MalformedMessageError(`room message does not decode: ${(err as Error).message}`)
  }
  if (!Object.values(ChatMessage.Kind).includes(decoded.kind)) {
    throw new MalformedMessageError('room message has an unknown kind')
  }
  if (!isNormalNick(decoded.nick)) {
    throw new MalformedMessageError('room message carries an invalid nickname')
  }
  if (textEncoder.encode(decoded.text).byteLength > MAX_TEXT_BYTES) {
    throw new MessageTooLargeError(`room message text exceeds ${MAX_TEXT_BYTES} bytes`)
  }
  const hasText = decoded.kind === ChatMessage.Kind.TEXT || decoded.kind === ChatMessage.Kind.ACTION
  if (hasText && decoded.text.length === 0) {
    throw new MalformedMessageError('room message has no text')
  }
  const hasPayload = decoded.kind === ChatMessage.Kind.RECORD || decoded.kind === ChatMessage.Kind.MODERATION
  if (hasPayload !== (decoded.payload.byteLength > 0)) {
    throw new MalformedMessageError(hasPayload ? 'room message has no payload' : 'room message has an unexpected payload')
  }
  if (decoded.payload.byteLength > MAX_ROOM_PAYLOAD_BYTES) {
    throw new MessageTooLargeError(`room message payload exceeds ${MAX_ROOM_PAYLOAD_BYTES} bytes`)
  }
  if (decoded.sentAtMs > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new StaleMessageError('room message send time is out of range')
  }
  const sentAtMs = Number(decoded.sentAtMs)
  if (sentAtMs > nowMs + MAX_CLOCK_SKEW_MS) {
    throw new StaleMessageError(`room message sent ${sentAtMs - nowMs} ms in the future`)
  }
  if (sentAtMs < nowMs - MAX_MESSAGE_AGE_MS) {
    throw new StaleMessageError(`room message sent ${nowMs - sentAtMs} ms ago`)
  }
  return { ...decoded, sentAtMs }
}
