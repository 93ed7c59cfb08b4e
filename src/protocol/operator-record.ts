/**
 * The operator's messages and records: announcements, the ban list and
 * kicks — their types, and creating them with the operator's key.
 *
 * The wire format, the exact signed bytes and the verification rules are
 * documented in `operator-validator.ts` (re-exported from here), the format
 * itself in `pb/operator.proto`.
 *
 * Everything here is pure: keys and the clock are arguments. Every function
 * that builds a message verifies its own output before returning it (kad-dht
 * does not validate local puts), so a successful return is always valid.
 */
import { publicKeyToProtobuf } from '@libp2p/crypto/keys'
import { peerIdFromPublicKey } from '@libp2p/peer-id'
import { InvalidAnnouncementTextError, NotOperatorError, UnsupportedKeyError } from './operator-errors.js'
import {
  ANNOUNCE_SIGNING_DOMAIN,
  BAN_LIST_SIGNING_DOMAIN,
  DEFAULT_OPERATOR_KICK_COOL_OFF_MS,
  KICK_SIGNING_DOMAIN,
  MAX_ANNOUNCEMENT_TEXT_BYTES,
  operatorBanListKey,
  verifyAnnouncement,
  verifyBanList,
  verifyKick
} from './operator-validator.js'
import { Announcement, BanList, Kick, OperatorMessage, OperatorSigned } from './pb/operator.js'
import { isCleanText, signedBytes } from './room-record-validator.js'
import type { PrivateKey, PublicKey } from '@libp2p/interface'

export {
  OPERATOR_TOPIC,
  OPERATOR_KEY_NAMESPACE,
  MAX_ANNOUNCEMENT_TEXT_BYTES,
  MAX_ANNOUNCEMENT_BYTES,
  MAX_OPERATOR_BANS,
  MAX_OPERATOR_REASON_BYTES,
  MAX_BAN_LIST_BYTES,
  MAX_KICK_BYTES,
  MAX_OPERATOR_MESSAGE_BYTES,
  MAX_OPERATOR_KICK_COOL_OFF_MS,
  DEFAULT_OPERATOR_KICK_COOL_OFF_MS,
  ANNOUNCE_SIGNING_DOMAIN,
  BAN_LIST_SIGNING_DOMAIN,
  KICK_SIGNING_DOMAIN,
  operatorBanListKey,
  decodeOperatorMessage,
  decodeAnnouncement,
  verifyAnnouncement,
  decodeKick,
  verifyKick,
  decodeBanList,
  verifyBanList,
  validateOperatorBanList,
  compareOperatorBanLists,
  selectOperatorBanList
} from './operator-validator.js'

/** The kinds of message on the operator topic. */
export type OperatorMessageKind = 'ANNOUNCE' | 'BANS' | 'KICK'

/** A decoded announcement. Only one returned by `verifyAnnouncement` may be shown. */
export interface OperatorAnnouncement {
  /** 1 to `MAX_ANNOUNCEMENT_TEXT_BYTES` bytes, no control characters */
  text: string
  /** the operator's clock, ms since the Unix epoch */
  issuedAtMs: number
  /** the signer, as a peer id string (derived from `operatorKey`) */
  operator: string
  operatorKey: PublicKey
  /** SHA-256 of the payload as carried: the same announcement relayed twice has the same hash */
  hash: Uint8Array
}

/** One entry of the operator's ban list. */
export interface OperatorBan {
  /** banned peer id */
  peer: string
  /** free text, at most `MAX_OPERATOR_REASON_BYTES` bytes, may be empty */
  reason: string
  /** when the ban was decided, ms since the Unix epoch */
  atMs: number
}

/** A decoded ban list. Only one returned by `verifyBanList` may be enforced. */
export interface OperatorBanList {
  /** the signer, as a peer id string (derived from `operatorKey`) */
  operator: string
  operatorKey: PublicKey
  /** 1, 2, 3, ...: the higher wins */
  seq: bigint
  bans: OperatorBan[]
  /** when the operator signed the list, ms since the Unix epoch */
  issuedAtMs: number
  /** the encoded `BanList`, as carried and signed */
  payload: Uint8Array
  /** the operator's signature over the payload */
  signature: Uint8Array
}

/** A ban list together with its encoding (the DHT value), ready to store and send. */
export interface SignedOperatorBanList {
  record: OperatorBanList
  bytes: Uint8Array
}

/** A decoded kick. Only one returned by `verifyKick` may be acted on. */
export interface OperatorKick {
  /** the kicked peer id */
  target: string
  reason: string
  /** the operator's clock, ms since the Unix epoch */
  issuedAtMs: number
  /** how long the target is refused, from `issuedAtMs` */
  coolOffMs: number
  /** `issuedAtMs + coolOffMs`: when the target may come back */
  untilMs: number
  /** the signer, as a peer id string */
  operator: string
  operatorKey: PublicKey
  /** SHA-256 of the payload as carried */
  hash: Uint8Array
}

/** What the operator says in a kick. */
export interface OperatorKickInit {
  /** the peer id to kick */
  target: string
  /** free text, at most `MAX_OPERATOR_REASON_BYTES` bytes; default empty */
  reason?: string
  /** default {@link DEFAULT_OPERATOR_KICK_COOL_OFF_MS} */
  coolOffMs?: number
  /** the operator's clock, ms since the Unix epoch */
  nowMs: number
}

/** The peer id string of a private key. */
export function peerIdOfKey (key: PrivateKey): string {
  return peerIdFromPublicKey(key.publicKey).toString()
}

/**
 * Sign an announcement with the operator's key; returns the encoded
 * `OperatorSigned` (the payload of an ANNOUNCE message).
 *
 * @throws {InvalidAnnouncementTextError} when the text is empty, too long or holds control characters
 * @throws {UnsupportedKeyError} when the key is not Ed25519
 */
export async function createAnnouncement (operatorKey: PrivateKey, text: string, nowMs: number): Promise<Uint8Array> {
  checkOperatorKey(operatorKey)
  if (text.length === 0 || !isCleanText(text, MAX_ANNOUNCEMENT_TEXT_BYTES)) {
    throw new InvalidAnnouncementTextError(`an announcement is 1 to ${MAX_ANNOUNCEMENT_TEXT_BYTES} bytes of text without control characters`)
  }
  const payload = Announcement.encode({
    text,
    issuedAtMs: toUint64(nowMs),
    operatorKey: ab(publicKeyToProtobuf(operatorKey.publicKey))
  })
  const bytes = await seal(operatorKey, ANNOUNCE_SIGNING_DOMAIN, payload)
  await verifyAnnouncement(bytes, peerIdOfKey(operatorKey), nowMs)
  return bytes
}

/**
 * Sign a kick with the operator's key; returns the encoded `OperatorSigned`
 * (the payload of a KICK message).
 *
 * @throws {MalformedPeerIdError | MalformedOperatorMessageError | CoolOffOutOfBoundsError | TargetIsOperatorError | UnsupportedKeyError}
 */
export async function createKick (operatorKey: PrivateKey, init: OperatorKickInit): Promise<Uint8Array> {
  checkOperatorKey(operatorKey)
  const payload = Kick.encode({
    target: init.target,
    reason: init.reason ?? '',
    issuedAtMs: toUint64(init.nowMs),
    coolOffMs: toUint64(init.coolOffMs ?? DEFAULT_OPERATOR_KICK_COOL_OFF_MS),
    operatorKey: ab(publicKeyToProtobuf(operatorKey.publicKey))
  })
  const bytes = await seal(operatorKey, KICK_SIGNING_DOMAIN, payload)
  await verifyKick(bytes, peerIdOfKey(operatorKey), init.nowMs)
  return bytes
}

/**
 * Sign a ban list with `seq` and `bans` (in the given order). Usually called
 * through {@link nextBanList}.
 *
 * @throws any error of `verifyBanList` when the list would be invalid
 *   (`BanListTooLongError`, `OperatorBannedError`, `MalformedPeerIdError`, …)
 */
export async function createBanList (operatorKey: PrivateKey, seq: bigint, bans: OperatorBan[], nowMs: number): Promise<SignedOperatorBanList> {
  checkOperatorKey(operatorKey)
  const payload = BanList.encode({
    seq,
    bans: bans.map(ban => ({ peer: ban.peer, reason: ban.reason, atMs: toUint64(ban.atMs) })),
    issuedAtMs: toUint64(nowMs),
    operatorKey: ab(publicKeyToProtobuf(operatorKey.publicKey))
  })
  const bytes = await seal(operatorKey, BAN_LIST_SIGNING_DOMAIN, payload)
  const record = await verifyBanList(operatorBanListKey(peerIdOfKey(operatorKey)), bytes)
  return { record, bytes }
}

/**
 * The operator's next ban list: `bans` with the sequence number after
 * `previous` (1 when there is none).
 *
 * @throws {NotOperatorError} when `previous` is another operator's list
 * @throws any error of {@link createBanList}
 */
export async function nextBanList (previous: OperatorBanList | undefined, operatorKey: PrivateKey, bans: OperatorBan[], nowMs: number): Promise<SignedOperatorBanList> {
  if (previous != null && previous.operator !== peerIdOfKey(operatorKey)) {
    throw new NotOperatorError('only the operator who signed a ban list can sign the next one')
  }
  return createBanList(operatorKey, (previous?.seq ?? 0n) + 1n, bans, nowMs)
}

/** Encode a ban list (parsed) back into the bytes that are put in the DHT. */
export function encodeBanList (list: OperatorBanList): Uint8Array {
  return OperatorSigned.encode({ payload: ab(list.payload), signature: ab(list.signature) })
}

/** Wrap an encoded `OperatorSigned` into the message published on the operator topic. */
export function encodeOperatorMessage (kind: OperatorMessageKind, payload: Uint8Array): Uint8Array {
  return OperatorMessage.encode({ kind: kind as OperatorMessage.Kind, payload: ab(payload) })
}

/** The entry of `peer` in `list`, if it is banned. */
export function findOperatorBan (list: OperatorBanList | undefined, peer: string): OperatorBan | undefined {
  return list?.bans.find(ban => ban.peer === peer)
}

// ---- helpers ------------------------------------------------------------------------

function checkOperatorKey (key: PrivateKey): void {
  if (key.type !== 'Ed25519') {
    throw new UnsupportedKeyError(`an operator needs an Ed25519 key, not ${key.type}`)
  }
}

async function seal (key: PrivateKey, domain: string, payload: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  const signature = await key.sign(signedBytes(domain, payload))
  return OperatorSigned.encode({ payload, signature: ab(signature) })
}

function toUint64 (ms: number): bigint {
  return BigInt(Math.max(0, Math.floor(ms)))
}

function ab (bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(bytes)
}
