/**
 * Signed moderation events published on a room's topic
 * (`crypticomm/room/<room>`): KICK, and an admin's BAN and UNBAN.
 *
 * An event is valid by the room record the RECEIVER holds (`verifyRoomEvent`),
 * never by anything the event claims about itself. It carries its issuer's
 * public key and signature, so anyone may relay it (the gossipsub envelope's
 * author need not be the issuer).
 *
 * Signed bytes: Ed25519 over `ASCII("crypticomm-room-event:") || payload`,
 * where `payload` is the `RoomEventPayload` encoding carried in
 * `RoomEvent.payload` (see `room-record-validator.ts` for the conventions).
 *
 * Authority (DESIGN.md §3 and issue 3):
 * - the current owner (the last key of the record's ownership chain) may act
 *   on anyone except itself; a previous owner's key has no power at all;
 * - an admin (listed in the record body) may act on members only: not on the
 *   owner (`TargetIsOwnerError`) and not on another admin or itself
 *   (`TargetIsAdminError`). Acting on an admin would let one admin remove
 *   another (a banned peer cannot stay an admin), and changing the admin list
 *   is the owner's alone; equals cannot overrule each other;
 * - everybody else: `NotAuthorisedError`.
 *
 * BAN and UNBAN events take effect at once on every peer that sees them; they
 * persist when the owner folds them into the record body (a body is signed by
 * the owner only). A KICK's cool-off runs from `issuedAtMs`, so a replay of
 * the same event (within the age window) never extends it.
 */
import { publicKeyToProtobuf } from '@libp2p/crypto/keys'
import { peerIdFromPublicKey } from '@libp2p/peer-id'
import { MAX_CLOCK_SKEW_MS, MAX_MESSAGE_AGE_MS } from './constants.js'
import { isNormalRoomName } from './names.js'
import { RoomEvent, RoomEventPayload } from './pb/room-record.js'
import {
  CoolOffOutOfBoundsError,
  MalformedPeerIdError,
  MalformedRoomEventError,
  NotAuthorisedError,
  RoomEventRoomMismatchError,
  RoomEventSignatureError,
  RoomEventTooLargeError,
  StaleRoomEventError,
  TargetIsAdminError,
  TargetIsOwnerError,
  UnsupportedKeyError
} from './room-record-errors.js'
import {
  isCanonicalPeerId,
  isCleanText,
  MAX_BAN_REASON_BYTES,
  parseEd25519PublicKey,
  safeMs,
  signedBytes,
  verifySignature
} from './room-record-validator.js'
import { isAdmin, isOwner } from './room-record.js'
import type { RoomRecord } from './room-record.js'
import type { PrivateKey, PublicKey } from '@libp2p/interface'

/** Largest encoded room event a peer accepts, in bytes; checked before parsing. */
export const MAX_ROOM_EVENT_BYTES = 1024

/** Longest kick cool-off, in ms. */
export const MAX_KICK_COOL_OFF_MS = 24 * 60 * 60_000

/** The cool-off of a kick when the issuer does not choose one, in ms. */
export const DEFAULT_KICK_COOL_OFF_MS = 5 * 60_000

/** Domain of the issuer's signature over a `RoomEventPayload`. */
export const ROOM_EVENT_SIGNING_DOMAIN = 'crypticomm-room-event:'

/** The kinds of moderation event. */
export type RoomEventKind = 'KICK' | 'BAN' | 'UNBAN'

const KINDS: readonly string[] = ['KICK', 'BAN', 'UNBAN']

/** What an issuer says in a moderation event. */
export interface RoomEventInit {
  kind: RoomEventKind
  /** normalised room name */
  room: string
  /** peer id the event acts on */
  target: string
  /** free text, at most `MAX_BAN_REASON_BYTES` UTF-8 bytes; default empty */
  reason?: string
  /** the issuer's clock, ms since the Unix epoch */
  issuedAtMs: number
  /** KICK only; default {@link DEFAULT_KICK_COOL_OFF_MS} */
  coolOffMs?: number
  /** seq of the record body the issuer acted on; default 0 (unknown) */
  recordSeq?: bigint
}

/** A decoded moderation event. Only one returned by `verifyRoomEvent` may be acted on. */
export interface RoomModerationEvent {
  kind: RoomEventKind
  room: string
  /** the issuer, as a peer id string (derived from `issuerKey`) */
  issuer: string
  issuerKey: PublicKey
  target: string
  reason: string
  issuedAtMs: number
  /** KICK: cool-off length in ms; 0 for other kinds */
  coolOffMs: number
  recordSeq: bigint
}

/**
 * Sign a moderation event with the issuer's key. Checks the event's own shape
 * (not the issuer's authority: that is the receivers' business).
 *
 * @throws {MalformedRoomEventError | MalformedPeerIdError | CoolOffOutOfBoundsError | UnsupportedKeyError}
 */
export async function createRoomEvent (issuerKey: PrivateKey, init: RoomEventInit): Promise<Uint8Array> {
  if (issuerKey.type !== 'Ed25519') {
    throw new UnsupportedKeyError(`moderation events need an Ed25519 key, not ${issuerKey.type}`)
  }
  const coolOffMs = init.kind === 'KICK' ? (init.coolOffMs ?? DEFAULT_KICK_COOL_OFF_MS) : (init.coolOffMs ?? 0)
  const payload = RoomEventPayload.encode({
    kind: init.kind as RoomEventPayload.Kind,
    room: init.room,
    issuerKey: copy(publicKeyToProtobuf(issuerKey.publicKey)),
    target: init.target,
    reason: init.reason ?? '',
    issuedAtMs: BigInt(Math.max(0, Math.floor(init.issuedAtMs))),
    coolOffMs: BigInt(Math.max(0, Math.floor(coolOffMs))),
    recordSeq: init.recordSeq ?? 0n
  })
  const bytes = RoomEvent.encode({
    payload,
    signature: copy(await issuerKey.sign(signedBytes(ROOM_EVENT_SIGNING_DOMAIN, payload)))
  })
  decodeRoomEvent(bytes) // refuse to sign what receivers would refuse to parse
  return bytes
}

/**
 * Decode a moderation event WITHOUT checking its signature or authority:
 * size first, then shape (known kind, normal room name, Ed25519 issuer key,
 * canonical target peer id, clean reason, cool-off within bounds and only on
 * a KICK).
 *
 * @throws {RoomEventTooLargeError | MalformedRoomEventError | UnsupportedKeyError | MalformedPeerIdError | CoolOffOutOfBoundsError}
 */
export function decodeRoomEvent (bytes: Uint8Array): RoomModerationEvent {
  return decodeEvent(bytes).event
}

/**
 * Decode and verify a moderation event against the room record the receiver
 * holds (which must come from `verifyRoomRecord`) and the receiver's clock.
 * Checks, in order: everything {@link decodeRoomEvent} checks; the issuer's
 * signature (`RoomEventSignatureError`); the event's room is the record's
 * (`RoomEventRoomMismatchError`); `issuedAtMs` within `MAX_CLOCK_SKEW_MS` in
 * the future and `MAX_MESSAGE_AGE_MS` in the past (`StaleRoomEventError`);
 * the issuer is the current owner or an admin (`NotAuthorisedError`); the
 * target is not the owner (`TargetIsOwnerError`); an admin's target is not an
 * admin (`TargetIsAdminError`).
 *
 * A receiver whose record body is older than `event.recordSeq` should fetch
 * the record again before concluding that an issuer lacks authority.
 */
export async function verifyRoomEvent (bytes: Uint8Array, record: RoomRecord, nowMs: number): Promise<RoomModerationEvent> {
  const { event, payload, signature } = decodeEvent(bytes)
  if (!await verifySignature(event.issuerKey, ROOM_EVENT_SIGNING_DOMAIN, payload, signature)) {
    throw new RoomEventSignatureError('moderation event is not signed by its issuer key')
  }
  if (event.room !== record.room) {
    throw new RoomEventRoomMismatchError(`moderation event for "${event.room}" checked against the record of "${record.room}"`)
  }
  if (event.issuedAtMs > nowMs + MAX_CLOCK_SKEW_MS) {
    throw new StaleRoomEventError(`moderation event issued ${event.issuedAtMs - nowMs} ms in the future`)
  }
  if (event.issuedAtMs < nowMs - MAX_MESSAGE_AGE_MS) {
    throw new StaleRoomEventError(`moderation event issued ${nowMs - event.issuedAtMs} ms ago`)
  }
  const byOwner = isOwner(record, event.issuer)
  if (!byOwner && !isAdmin(record, event.issuer)) {
    throw new NotAuthorisedError(`${event.issuer} is neither owner nor admin of "${record.room}"`)
  }
  if (isOwner(record, event.target)) {
    throw new TargetIsOwnerError(`nobody can ${event.kind.toLowerCase()} the owner of "${record.room}"`)
  }
  if (!byOwner && isAdmin(record, event.target)) {
    throw new TargetIsAdminError(`an admin cannot ${event.kind.toLowerCase()} an admin of "${record.room}"`)
  }
  return event
}

/** When a kick's cool-off ends, ms since the Unix epoch. */
export function coolOffEndsAtMs (event: RoomModerationEvent): number {
  return event.issuedAtMs + event.coolOffMs
}

function decodeEvent (bytes: Uint8Array): { event: RoomModerationEvent, payload: Uint8Array, signature: Uint8Array } {
  if (bytes.byteLength > MAX_ROOM_EVENT_BYTES) {
    throw new RoomEventTooLargeError(`moderation event of ${bytes.byteLength} bytes exceeds ${MAX_ROOM_EVENT_BYTES}`)
  }
  let outer: RoomEvent
  let decoded: RoomEventPayload
  try {
    outer = RoomEvent.decode(bytes)
    decoded = RoomEventPayload.decode(outer.payload)
  } catch (err) {
    throw new MalformedRoomEventError(`moderation event does not decode: ${(err as Error).message}`)
  }
  const kind = decoded.kind as string
  if (!KINDS.includes(kind)) {
    throw new MalformedRoomEventError('moderation event has an unknown kind')
  }
  if (!isNormalRoomName(decoded.room)) {
    throw new MalformedRoomEventError('moderation event room name is not in normal form')
  }
  const issuerKey = parseEd25519PublicKey(decoded.issuerKey, 'moderation event issuer key')
  if (!isCanonicalPeerId(decoded.target)) {
    throw new MalformedPeerIdError('moderation event target is not a canonical peer id')
  }
  if (!isCleanText(decoded.reason, MAX_BAN_REASON_BYTES)) {
    throw new MalformedRoomEventError(`moderation event reason is longer than ${MAX_BAN_REASON_BYTES} bytes or holds control characters`)
  }
  const malformed = (message: string): Error => new MalformedRoomEventError(message)
  const issuedAtMs = safeMs(decoded.issuedAtMs, 'moderation event time', malformed)
  if (kind === 'KICK' ? decoded.coolOffMs > BigInt(MAX_KICK_COOL_OFF_MS) : decoded.coolOffMs !== 0n) {
    throw new CoolOffOutOfBoundsError(kind === 'KICK'
      ? `a kick's cool-off is at most ${MAX_KICK_COOL_OFF_MS} ms`
      : `a ${kind} event carries no cool-off`)
  }
  return {
    event: {
      kind: kind as RoomEventKind,
      room: decoded.room,
      issuer: peerIdFromPublicKey(issuerKey).toString(),
      issuerKey,
      target: decoded.target,
      reason: decoded.reason,
      issuedAtMs,
      coolOffMs: Number(decoded.coolOffMs),
      recordSeq: decoded.recordSeq
    },
    payload: outer.payload,
    signature: outer.signature
  }
}

function copy (bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(bytes)
}
