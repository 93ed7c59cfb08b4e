/**
 * The wire format of the operator's messages and records and everything
 * needed to check them: limits, the exact bytes each signature covers,
 * decoding, the kad-dht validator and selector of the ban list. Creating
 * them lives in `operator-record.ts`.
 *
 * ## The operator
 *
 * The operator ("server owner") is one Ed25519 key, by default the bootstrap
 * node's identity; a peer learns its peer id from configuration. Only that
 * key's signatures count: every message below names the operator's public
 * key, and a verifier checks both that the signature verifies under that key
 * and that the key's peer id is the operator the verifier follows.
 *
 * ## What is signed, exactly
 *
 * Every signed structure travels as an `OperatorSigned { payload, signature }`
 * (`pb/operator.proto`), where `payload` is the protobuf encoding of an
 * `Announcement`, a `BanList` or a `Kick`. The signature is Ed25519
 * (RFC 8032) over
 *
 *     ASCII(domain) || payload
 *
 * with the payload bytes *as carried*; a verifier never re-encodes. The
 * domains (ASCII, no terminator) are:
 *
 * | payload        | domain                            |
 * |----------------|-----------------------------------|
 * | `Announcement` | `crypticomm-operator-announce:`   |
 * | `BanList`      | `crypticomm-operator-bans:`       |
 * | `Kick`         | `crypticomm-operator-kick:`       |
 *
 * so a signature over one kind can never pass for another, nor for a room
 * record or event (whose domains are `crypticomm-room-…:`).
 *
 * ## Where they travel
 *
 * - the ban list, as the encoded `OperatorSigned`, is the DHT value under
 *   `/crypticomm-operator/<operator peer id>` (namespace
 *   {@link OPERATOR_KEY_NAMESPACE});
 * - all three travel on the gossipsub topic {@link OPERATOR_TOPIC} inside an
 *   `OperatorMessage { kind, payload }` whose payload is the encoded
 *   `OperatorSigned` (for BANS: the DHT value as is). The gossipsub author
 *   need not be the operator: anyone may relay what the operator signed.
 */
import { peerIdFromPublicKey } from '@libp2p/peer-id'
import { equals as uint8ArrayEquals } from 'uint8arrays/equals'
import { MAX_CLOCK_SKEW_MS, MAX_MESSAGE_AGE_MS } from './constants.js'
import {
  BanListTooLongError,
  CoolOffOutOfBoundsError,
  DuplicateEntryError,
  InvalidAnnouncementTextError,
  InvalidBanError,
  MalformedOperatorMessageError,
  MalformedPeerIdError,
  OperatorBannedError,
  OperatorKeyMismatchError,
  OperatorMessageTooLargeError,
  OperatorSignatureError,
  StaleOperatorMessageError,
  TargetIsOperatorError,
  UnexpectedSignerError
} from './operator-errors.js'
import { Announcement, BanList, Kick, OperatorMessage, OperatorSigned } from './pb/operator.js'
import { compareBytes } from './room-record-selector.js'
import {
  isCanonicalPeerId,
  isCleanText,
  MAX_BAN_REASON_BYTES,
  parseEd25519PublicKey,
  safeMs,
  sha256,
  verifySignature
} from './room-record-validator.js'
import type { OperatorAnnouncement, OperatorBan, OperatorBanList, OperatorKick, OperatorMessageKind } from './operator-record.js'
import type { PublicKey } from '@libp2p/interface'

// ---- names ----------------------------------------------------------------------

/** The gossipsub topic of the operator's announcements, ban lists and kicks. */
export const OPERATOR_TOPIC = 'crypticomm/operator'

/** Namespace of the DHT key of an operator's ban list: `/crypticomm-operator/<operator peer id>`. */
export const OPERATOR_KEY_NAMESPACE = 'crypticomm-operator'

/** The DHT key of the ban list of `operator` (a peer id string). */
export function operatorBanListKey (operator: string): Uint8Array {
  return new TextEncoder().encode(`/${OPERATOR_KEY_NAMESPACE}/${operator}`)
}

// ---- limits -----------------------------------------------------------------------

/** Longest announcement text, in UTF-8 bytes. */
export const MAX_ANNOUNCEMENT_TEXT_BYTES = 512

/** Largest encoded (signed) announcement a peer accepts, in bytes; checked before parsing. */
export const MAX_ANNOUNCEMENT_BYTES = 1024

/** Most entries in an operator's ban list. */
export const MAX_OPERATOR_BANS = 1024

/** Longest ban or kick reason, in UTF-8 bytes (the same as a room ban's). */
export const MAX_OPERATOR_REASON_BYTES = MAX_BAN_REASON_BYTES

/**
 * Largest encoded (signed) ban list a peer accepts, in bytes; checked before
 * parsing. A list at {@link MAX_OPERATOR_BANS} entries with 128-character
 * peer ids and full reasons (about 230 KiB) stays under it.
 */
export const MAX_BAN_LIST_BYTES = 256 * 1024

/** Largest encoded (signed) kick a peer accepts, in bytes; checked before parsing. */
export const MAX_KICK_BYTES = 1024

/** Largest `OperatorMessage` a peer accepts on the operator topic, in bytes (a ban list and framing). */
export const MAX_OPERATOR_MESSAGE_BYTES = MAX_BAN_LIST_BYTES + 64

/** Longest kick cool-off, in ms. */
export const MAX_OPERATOR_KICK_COOL_OFF_MS = 24 * 60 * 60_000

/** The cool-off of a kick when the operator does not choose one, in ms. */
export const DEFAULT_OPERATOR_KICK_COOL_OFF_MS = 10 * 60_000

// ---- signing domains --------------------------------------------------------------

/** Domain of the operator's signature over an `Announcement` payload. */
export const ANNOUNCE_SIGNING_DOMAIN = 'crypticomm-operator-announce:'

/** Domain of the operator's signature over a `BanList` payload. */
export const BAN_LIST_SIGNING_DOMAIN = 'crypticomm-operator-bans:'

/** Domain of the operator's signature over a `Kick` payload. */
export const KICK_SIGNING_DOMAIN = 'crypticomm-operator-kick:'

// ---- the topic message ------------------------------------------------------------

const KINDS: readonly string[] = ['ANNOUNCE', 'BANS', 'KICK']

/**
 * Decode the envelope of a message on {@link OPERATOR_TOPIC}: size first
 * ({@link MAX_OPERATOR_MESSAGE_BYTES}), then a known kind and a non-empty
 * payload. The payload is NOT checked: pass it to the verifier of its kind.
 *
 * @throws {OperatorMessageTooLargeError | MalformedOperatorMessageError}
 */
export function decodeOperatorMessage (bytes: Uint8Array): { kind: OperatorMessageKind, payload: Uint8Array } {
  if (bytes.byteLength > MAX_OPERATOR_MESSAGE_BYTES) {
    throw new OperatorMessageTooLargeError(`operator message of ${bytes.byteLength} bytes exceeds ${MAX_OPERATOR_MESSAGE_BYTES}`)
  }
  const message = decodeOrThrow('operator message', () => OperatorMessage.decode(bytes))
  const kind = message.kind as string | undefined
  if (kind == null || !KINDS.includes(kind)) {
    throw new MalformedOperatorMessageError('operator message has an unknown kind')
  }
  if (message.payload.byteLength === 0) {
    throw new MalformedOperatorMessageError('operator message has no payload')
  }
  return { kind: kind as OperatorMessageKind, payload: message.payload }
}

// ---- announcements ----------------------------------------------------------------

/**
 * Decode a signed announcement WITHOUT checking its signature, signer or
 * time: size ≤ {@link MAX_ANNOUNCEMENT_BYTES} first
 * (`OperatorMessageTooLargeError`), then shape
 * (`MalformedOperatorMessageError`), text of 1 to
 * {@link MAX_ANNOUNCEMENT_TEXT_BYTES} bytes without control characters
 * (`InvalidAnnouncementTextError`), an Ed25519 key (`UnsupportedKeyError`).
 */
export function decodeAnnouncement (bytes: Uint8Array): Signed<OperatorAnnouncement> {
  checkSize(bytes, MAX_ANNOUNCEMENT_BYTES, 'announcement')
  const signed = decodeOrThrow('announcement', () => OperatorSigned.decode(bytes))
  const payload = decodeOrThrow('announcement payload', () => Announcement.decode(signed.payload))
  if (payload.text.length === 0 || !isCleanText(payload.text, MAX_ANNOUNCEMENT_TEXT_BYTES)) {
    throw new InvalidAnnouncementTextError(`an announcement is 1 to ${MAX_ANNOUNCEMENT_TEXT_BYTES} bytes of text without control characters`)
  }
  const operatorKey = parseEd25519PublicKey(payload.operatorKey, 'announcement operator key')
  return {
    value: {
      text: payload.text,
      issuedAtMs: safeMs(payload.issuedAtMs, 'announcement time', malformed),
      operator: peerIdFromPublicKey(operatorKey).toString(),
      operatorKey,
      hash: sha256(signed.payload)
    },
    payload: signed.payload,
    signature: signed.signature
  }
}

/**
 * Decode and verify an announcement for a peer that follows `operator` (a
 * peer id string), at the receiver's clock `nowMs`. Checks, in order:
 *
 * 1. everything {@link decodeAnnouncement} checks (size first);
 * 2. the signature over `"crypticomm-operator-announce:" || payload` under the
 *    key the payload names (`OperatorSignatureError`);
 * 3. that key is the operator's (`UnexpectedSignerError`);
 * 4. `issuedAtMs` at most `MAX_CLOCK_SKEW_MS` ahead and `MAX_MESSAGE_AGE_MS`
 *    behind `nowMs` (`StaleOperatorMessageError`).
 *
 * A replay inside the window verifies again: receivers drop repeats by
 * `hash`.
 */
export async function verifyAnnouncement (bytes: Uint8Array, operator: string, nowMs: number): Promise<OperatorAnnouncement> {
  const { value, payload, signature } = decodeAnnouncement(bytes)
  await checkSigner(value.operatorKey, value.operator, operator, ANNOUNCE_SIGNING_DOMAIN, payload, signature, 'announcement')
  checkWindow(value.issuedAtMs, nowMs, 'announcement')
  return value
}

// ---- kicks ------------------------------------------------------------------------

/**
 * Decode a signed kick WITHOUT checking its signature, signer or time: size
 * ≤ {@link MAX_KICK_BYTES} first (`OperatorMessageTooLargeError`), shape and
 * a clean reason of at most {@link MAX_OPERATOR_REASON_BYTES} bytes
 * (`MalformedOperatorMessageError`), a canonical target (`MalformedPeerIdError`),
 * a cool-off of at most {@link MAX_OPERATOR_KICK_COOL_OFF_MS}
 * (`CoolOffOutOfBoundsError`), an Ed25519 key (`UnsupportedKeyError`).
 */
export function decodeKick (bytes: Uint8Array): Signed<OperatorKick> {
  checkSize(bytes, MAX_KICK_BYTES, 'kick')
  const signed = decodeOrThrow('kick', () => OperatorSigned.decode(bytes))
  const payload = decodeOrThrow('kick payload', () => Kick.decode(signed.payload))
  if (!isCanonicalPeerId(payload.target)) {
    throw new MalformedPeerIdError('kick target is not a canonical peer id')
  }
  if (!isCleanText(payload.reason, MAX_OPERATOR_REASON_BYTES)) {
    throw new MalformedOperatorMessageError(`kick reason is longer than ${MAX_OPERATOR_REASON_BYTES} bytes or holds control characters`)
  }
  if (payload.coolOffMs > BigInt(MAX_OPERATOR_KICK_COOL_OFF_MS)) {
    throw new CoolOffOutOfBoundsError(`a kick's cool-off is at most ${MAX_OPERATOR_KICK_COOL_OFF_MS} ms`)
  }
  const operatorKey = parseEd25519PublicKey(payload.operatorKey, 'kick operator key')
  const issuedAtMs = safeMs(payload.issuedAtMs, 'kick time', malformed)
  const coolOffMs = Number(payload.coolOffMs)
  return {
    value: {
      target: payload.target,
      reason: payload.reason,
      issuedAtMs,
      coolOffMs,
      untilMs: issuedAtMs + coolOffMs,
      operator: peerIdFromPublicKey(operatorKey).toString(),
      operatorKey,
      hash: sha256(signed.payload)
    },
    payload: signed.payload,
    signature: signed.signature
  }
}

/**
 * Decode and verify a kick for a peer that follows `operator`, at the
 * receiver's clock `nowMs`. Checks, in order: everything {@link decodeKick}
 * checks (size first); the signature over `"crypticomm-operator-kick:" ||
 * payload` (`OperatorSignatureError`); the signer is the operator
 * (`UnexpectedSignerError`); the target is not the operator
 * (`TargetIsOperatorError`); the time window as for announcements
 * (`StaleOperatorMessageError`).
 *
 * The cool-off runs from `issuedAtMs`, so a replay never extends it.
 */
export async function verifyKick (bytes: Uint8Array, operator: string, nowMs: number): Promise<OperatorKick> {
  const { value, payload, signature } = decodeKick(bytes)
  await checkSigner(value.operatorKey, value.operator, operator, KICK_SIGNING_DOMAIN, payload, signature, 'kick')
  if (value.target === operator) {
    throw new TargetIsOperatorError('nobody can kick the operator')
  }
  checkWindow(value.issuedAtMs, nowMs, 'kick')
  return value
}

// ---- the ban list ---------------------------------------------------------------

/**
 * Decode a signed ban list WITHOUT checking its key, signature or entries:
 * size ≤ {@link MAX_BAN_LIST_BYTES} first (`OperatorMessageTooLargeError`),
 * then shape and `seq` ≥ 1 (`MalformedOperatorMessageError`), an Ed25519 key
 * (`UnsupportedKeyError`), times within 2^53 (`MalformedOperatorMessageError`,
 * `InvalidBanError` for an entry's).
 */
export function decodeBanList (bytes: Uint8Array): OperatorBanList {
  checkSize(bytes, MAX_BAN_LIST_BYTES, 'ban list')
  // decoded byte fields are views of the input: copy it once so that the
  // record never changes under its holder when the caller reuses its buffer
  const own = bytes.slice()
  const signed = decodeOrThrow('ban list', () => OperatorSigned.decode(own))
  // one entry too many gets through so that it is reported as BanListTooLongError
  const payload = decodeOrThrow('ban list payload', () => BanList.decode(signed.payload, { limits: { bans: MAX_OPERATOR_BANS + 1 } }))
  if (payload.seq === 0n) {
    throw malformed('ban list sequence number must be at least 1')
  }
  const operatorKey = parseEd25519PublicKey(payload.operatorKey, 'ban list operator key')
  return {
    operator: peerIdFromPublicKey(operatorKey).toString(),
    operatorKey,
    seq: payload.seq,
    issuedAtMs: safeMs(payload.issuedAtMs, 'ban list time', malformed),
    bans: payload.bans.map((ban, i): OperatorBan => ({
      peer: ban.peer,
      reason: ban.reason,
      atMs: safeMs(ban.atMs, `ban ${i} time`, message => new InvalidBanError(message))
    })),
    payload: signed.payload,
    signature: signed.signature
  }
}

/**
 * Decode and fully verify a ban list found under DHT `key`. Checks, in this
 * order, each with its own error:
 *
 * 1. everything {@link decodeBanList} checks (size first);
 * 2. `key` is `/crypticomm-operator/<peer id of the signing key>`
 *    (`OperatorKeyMismatchError`): a list is only ever valid under its own
 *    operator's key, so nobody can plant a list under another's;
 * 3. the signature over `"crypticomm-operator-bans:" || payload`
 *    (`OperatorSignatureError`);
 * 4. at most {@link MAX_OPERATOR_BANS} entries (`BanListTooLongError`);
 * 5. every peer id canonical (`MalformedPeerIdError`), no peer twice
 *    (`DuplicateEntryError`), reasons clean and at most
 *    {@link MAX_OPERATOR_REASON_BYTES} bytes (`InvalidBanError`);
 * 6. the operator is not in its own list (`OperatorBannedError`).
 *
 * A ban list carries no expiry (kad-dht expires DHT records after 48 h; the
 * operator republishes and peers keep their copy).
 */
export async function verifyBanList (key: Uint8Array, bytes: Uint8Array): Promise<OperatorBanList> {
  const list = decodeBanList(bytes)
  if (!uint8ArrayEquals(key, operatorBanListKey(list.operator))) {
    throw new OperatorKeyMismatchError('ban list stored under a key other than its operator\'s')
  }
  if (!await verifySignature(list.operatorKey, BAN_LIST_SIGNING_DOMAIN, list.payload, list.signature)) {
    throw new OperatorSignatureError('ban list is not signed by the operator key it names')
  }
  if (list.bans.length > MAX_OPERATOR_BANS) {
    throw new BanListTooLongError(`${list.bans.length} bans; at most ${MAX_OPERATOR_BANS} are allowed`)
  }
  const seen = new Set<string>()
  for (const ban of list.bans) {
    if (!isCanonicalPeerId(ban.peer)) {
      throw new MalformedPeerIdError('ban list holds a malformed peer id')
    }
    if (seen.has(ban.peer)) {
      throw new DuplicateEntryError(`ban list lists ${ban.peer} twice`)
    }
    seen.add(ban.peer)
    if (!isCleanText(ban.reason, MAX_OPERATOR_REASON_BYTES)) {
      throw new InvalidBanError(`ban reason is longer than ${MAX_OPERATOR_REASON_BYTES} bytes or holds control characters`)
    }
  }
  if (seen.has(list.operator)) {
    throw new OperatorBannedError('an operator cannot ban itself')
  }
  return list
}

/**
 * The kad-dht `ValidateFn` for the `crypticomm-operator` namespace: resolves
 * when `value` is a valid ban list for `key`, throws one of the named errors
 * of {@link verifyBanList} otherwise.
 */
export async function validateOperatorBanList (key: Uint8Array, value: Uint8Array): Promise<void> {
  await verifyBanList(key, value)
}

/**
 * Compare two VERIFIED ban lists of one operator. Negative when `a` should
 * win, positive when `b` should, 0 when they are equal in every field the
 * rules look at. The rules, in order:
 *
 * 1. (applied by {@link selectOperatorBanList}) a list that fails
 *    verification never wins over a valid one;
 * 2. the higher `seq` wins — a replayed older list loses;
 * 3. same `seq`: the lexicographically smaller signature bytes win (bytewise,
 *    unsigned), so every node breaks the tie the same way (an operator that
 *    signed two lists with one `seq`, e.g. after losing its data).
 */
export function compareOperatorBanLists (a: OperatorBanList, b: OperatorBanList): number {
  if (a.seq !== b.seq) {
    return a.seq > b.seq ? -1 : 1
  }
  return compareBytes(a.signature, b.signature)
}

/**
 * The kad-dht `SelectFn` for the `crypticomm-operator` namespace: the index
 * of the best list in `records` by {@link compareOperatorBanLists}. Lists
 * that fail `verifyBanList(key, …)` are skipped; on a tie the earlier index
 * wins. Never throws (kad-dht would abort the lookup): when no list is valid
 * it returns 0, and kad-dht's own validation has refused that one already.
 */
export async function selectOperatorBanList (key: Uint8Array, records: Uint8Array[]): Promise<number> {
  let bestIndex = -1
  let best: OperatorBanList | undefined
  for (let i = 0; i < records.length; i++) {
    let list: OperatorBanList
    try {
      list = await verifyBanList(key, records[i])
    } catch {
      continue
    }
    if (best == null || compareOperatorBanLists(list, best) < 0) {
      best = list
      bestIndex = i
    }
  }
  return bestIndex < 0 ? 0 : bestIndex
}

// ---- helpers ----------------------------------------------------------------------

/** A decoded signed payload: what it says, and the bytes its signature covers. */
export interface Signed<T> {
  value: T
  /** the payload bytes as carried */
  payload: Uint8Array
  signature: Uint8Array
}

function malformed (message: string): MalformedOperatorMessageError {
  return new MalformedOperatorMessageError(message)
}

function decodeOrThrow<T> (what: string, decode: () => T): T {
  try {
    return decode()
  } catch (err) {
    throw malformed(`${what} does not decode: ${(err as Error).message}`)
  }
}

function checkSize (bytes: Uint8Array, max: number, what: string): void {
  if (bytes.byteLength > max) {
    throw new OperatorMessageTooLargeError(`${what} of ${bytes.byteLength} bytes exceeds ${max}`)
  }
}

async function checkSigner (key: PublicKey, signer: string, operator: string, domain: string, payload: Uint8Array, signature: Uint8Array, what: string): Promise<void> {
  if (!await verifySignature(key, domain, payload, signature)) {
    throw new OperatorSignatureError(`${what} is not signed by the operator key it names`)
  }
  if (signer !== operator) {
    throw new UnexpectedSignerError(`${what} signed by ${signer}, not by the operator ${operator}`)
  }
}

function checkWindow (issuedAtMs: number, nowMs: number, what: string): void {
  if (issuedAtMs > nowMs + MAX_CLOCK_SKEW_MS) {
    throw new StaleOperatorMessageError(`${what} issued ${issuedAtMs - nowMs} ms in the future`)
  }
  if (issuedAtMs < nowMs - MAX_MESSAGE_AGE_MS) {
    throw new StaleOperatorMessageError(`${what} issued ${nowMs - issuedAtMs} ms ago`)
  }
}
