/**
 * The wire format of room records and everything needed to check one: limits,
 * the exact bytes each signature covers, hashing, decoding, and the kad-dht
 * validator. Creating records lives in `room-record.ts`, choosing between
 * records in `room-record-selector.ts`.
 *
 * ## What is signed, exactly
 *
 * Every signed structure travels as `payload` bytes (the protobuf encoding of
 * a payload message from `pb/room-record.proto`) beside its signature. The
 * signature is Ed25519 (RFC 8032) over
 *
 *     ASCII(domain) || payload
 *
 * where `payload` are the bytes *as carried in the record*; a verifier never
 * re-encodes. The signer encodes the payload once, with protons' deterministic
 * encoding (fields in field-number order, default values omitted), but a
 * verifier does not depend on that. The domains are:
 *
 * | signature                         | domain (ASCII, no terminator)       | key                                  |
 * |-----------------------------------|-------------------------------------|--------------------------------------|
 * | `SignedGenesis.signature`         | `crypticomm-room-genesis:`          | `RoomGenesis.ownerKey`               |
 * | `SignedReclaim.ownerSignature`    | `crypticomm-room-reclaim:`          | `RoomReclaim.ownerKey` (the new one) |
 * | `SignedReclaim.tokenSignature`    | `crypticomm-room-reclaim-token:`    | previous link's `reclaimKey`         |
 * | `RoomRecord.bodySignature`        | `crypticomm-room-body:`             | ownerKey of the LAST link            |
 * | `RoomEvent.signature`             | `crypticomm-room-event:`            | `RoomEventPayload.issuerKey`         |
 *
 * ## Hashes
 *
 * - `linkHash(link) = SHA-256(link.payload)` (payload bytes as carried);
 * - `genesisHash = linkHash(genesis)`;
 * - `chainHash = linkHash(last link)`. Each reclaim payload holds the hash of
 *   the link before it, so the hash of the last link commits to the whole
 *   chain. The body carries `chainHash`, so a body signed for a shorter chain
 *   (by an owner who has since been replaced) does not validate with the
 *   longer one.
 *
 * ## The reclaim token (a change from DESIGN.md §3, and why)
 *
 * DESIGN.md suggests `commitment = H(token)` and a reclaim that *reveals* the
 * token. A revealed token is public the moment the reclaim reaches the DHT,
 * and anyone who reads it can build a competing reclaim from the same
 * previous link with a higher body `seq` — which the selector would prefer.
 * So instead the token is the 32-byte *seed of an Ed25519 key*: the
 * commitment is that key's raw 32-byte public key (`reclaimKey`), and a
 * reclaim proves knowledge of the token by signing the reclaim payload with
 * it (`tokenSignature`). The token itself never leaves the user's machine, and
 * a token proof cannot be lifted onto another payload (new owner, other chain).
 */
import { createHash } from 'node:crypto'
import { publicKeyFromProtobuf, publicKeyFromRaw } from '@libp2p/crypto/keys'
import { peerIdFromPublicKey, peerIdFromString } from '@libp2p/peer-id'
import { equals as uint8ArrayEquals } from 'uint8arrays/equals'
import { fromString as uint8ArrayFromString } from 'uint8arrays/from-string'
import { MAX_TEXT_BYTES } from './constants.js'
import { isNormalRoomName, roomRecordKey } from './names.js'
import { RoomBody as RoomBodyMessage, RoomGenesis, RoomReclaim, RoomRecord as RoomRecordMessage } from './pb/room-record.js'
import {
  AdminBannedError,
  BodyRoomMismatchError,
  BodySignatureError,
  BrokenChainError,
  ChainHashMismatchError,
  ChainTimeError,
  ChainTooLongError,
  DuplicateEntryError,
  GenesisSignatureError,
  InvalidBanError,
  InvalidRoomNameError,
  ListTooLongError,
  MalformedPeerIdError,
  MalformedRoomRecordError,
  MissingGenesisError,
  OwnerBannedError,
  ReclaimSignatureError,
  ReclaimTokenError,
  RoomKeyMismatchError,
  RoomRecordTooLargeError,
  SettingsOutOfBoundsError,
  UnsupportedKeyError
} from './room-record-errors.js'
import type { RoomBan, RoomBody, RoomChainLink, RoomRecord, RoomSettings } from './room-record.js'
import type { PublicKey } from '@libp2p/interface'

// ---- limits -------------------------------------------------------------------

/**
 * Largest encoded room record a peer accepts, in bytes; checked before parsing.
 * A record at every other limit below (64 admins, 256 bans with full reasons,
 * 32 links) stays just under it.
 */
export const MAX_ROOM_RECORD_BYTES = 64 * 1024

/** Most links in an ownership chain, genesis included. */
export const MAX_CHAIN_LINKS = 32

/** Most admins one room may list. */
export const MAX_ROOM_ADMINS = 64

/** Most bans one room may list. */
export const MAX_ROOM_BANS = 256

/** Longest ban (or moderation event) reason, in UTF-8 bytes. */
export const MAX_BAN_REASON_BYTES = 80

/** Longest room topic line, in UTF-8 bytes. */
export const MAX_ROOM_TOPIC_BYTES = 300

/** Highest `msgPerMinute` a room may set (0 = network default). */
export const MAX_ROOM_MSG_PER_MINUTE = 600

/** Highest `burst` a room may set (0 = network default). */
export const MAX_ROOM_BURST = 100

/** Highest `maxBytes` a room may set (0 = network default); never above the network's text limit. */
export const MAX_ROOM_MAX_BYTES = MAX_TEXT_BYTES

/** Longest peer-id string looked at; longer ones are rejected unparsed. */
export const MAX_PEER_ID_CHARS = 128

/** Length of a SHA-256 hash, of a reclaim key and of a reclaim token, in bytes. */
export const HASH_BYTES = 32

/** Length of an Ed25519 signature, in bytes. */
export const SIGNATURE_BYTES = 64

// ---- signing domains ----------------------------------------------------------

/** Domain of the first owner's signature over a `RoomGenesis` payload. */
export const GENESIS_SIGNING_DOMAIN = 'crypticomm-room-genesis:'

/** Domain of the new owner's signature over a `RoomReclaim` payload. */
export const RECLAIM_SIGNING_DOMAIN = 'crypticomm-room-reclaim:'

/** Domain of the reclaim key's (token's) signature over a `RoomReclaim` payload. */
export const RECLAIM_TOKEN_SIGNING_DOMAIN = 'crypticomm-room-reclaim-token:'

/** Domain of the current owner's signature over a `RoomBody`. */
export const BODY_SIGNING_DOMAIN = 'crypticomm-room-body:'

/** The bytes a signature with `domain` covers: `ASCII(domain) || payload`. */
export function signedBytes (domain: string, payload: Uint8Array): Uint8Array {
  const prefix = uint8ArrayFromString(domain)
  const out = new Uint8Array(prefix.byteLength + payload.byteLength)
  out.set(prefix, 0)
  out.set(payload, prefix.byteLength)
  return out
}

/** SHA-256 of `bytes`. */
export function sha256 (bytes: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha256').update(bytes).digest())
}

/**
 * Verify an Ed25519 signature over `ASCII(domain) || payload`. Never throws:
 * a wrong-length signature or an invalid key is simply not a valid signature.
 */
export async function verifySignature (key: PublicKey, domain: string, payload: Uint8Array, signature: Uint8Array): Promise<boolean> {
  if (signature.byteLength !== SIGNATURE_BYTES) {
    return false
  }
  try {
    return await key.verify(signedBytes(domain, payload), signature)
  } catch {
    return false
  }
}

// ---- small checks shared with room-event.ts ------------------------------------

// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/
const textEncoder = new TextEncoder()

/** True when `text` is at most `maxBytes` UTF-8 bytes and holds no control characters. */
export function isCleanText (text: string, maxBytes: number): boolean {
  return textEncoder.encode(text).byteLength <= maxBytes && !CONTROL_CHARACTERS.test(text)
}

/** True when `peer` is a peer id in canonical base58btc string form. */
export function isCanonicalPeerId (peer: string): boolean {
  if (peer.length === 0 || peer.length > MAX_PEER_ID_CHARS) {
    return false
  }
  try {
    return peerIdFromString(peer).toString() === peer
  } catch {
    return false
  }
}

/**
 * Parse a libp2p protobuf-encoded public key, which must be Ed25519.
 *
 * @throws {UnsupportedKeyError}
 */
export function parseEd25519PublicKey (bytes: Uint8Array, what: string): PublicKey {
  let key: PublicKey
  try {
    key = publicKeyFromProtobuf(bytes)
  } catch (err) {
    throw new UnsupportedKeyError(`${what} does not parse: ${(err as Error).message}`)
  }
  if (key.type !== 'Ed25519') {
    throw new UnsupportedKeyError(`${what} is ${key.type}; only Ed25519 keys are accepted`)
  }
  return key
}

/** Convert a uint64 time to a number, or throw `make(message)` when it is beyond 2^53. */
export function safeMs (value: bigint, what: string, make: (message: string) => Error): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw make(`${what} is out of range`)
  }
  return Number(value)
}

// ---- decoding -----------------------------------------------------------------

function malformed (message: string): MalformedRoomRecordError {
  return new MalformedRoomRecordError(message)
}

function decodeOrThrow<T> (what: string, decode: () => T): T {
  try {
    return decode()
  } catch (err) {
    throw malformed(`${what} does not decode: ${(err as Error).message}`)
  }
}

function checkReclaimKey (bytes: Uint8Array, what: string): void {
  if (bytes.byteLength !== HASH_BYTES) {
    throw malformed(`${what} reclaim key must be ${HASH_BYTES} bytes (got ${bytes.byteLength})`)
  }
}

/**
 * Decode room record bytes into a {@link RoomRecord} WITHOUT checking any
 * signature, hash link or list rule. Checks only the size (first), the
 * protobuf shape, the room name's normal form, the chain length, and that
 * every key parses as Ed25519. Use {@link verifyRoomRecord} for anything that
 * grants authority.
 *
 * @throws {RoomRecordTooLargeError | MalformedRoomRecordError | MissingGenesisError | ChainTooLongError | InvalidRoomNameError | UnsupportedKeyError}
 */
export function decodeRoomRecord (bytes: Uint8Array): RoomRecord {
  if (bytes.byteLength > MAX_ROOM_RECORD_BYTES) {
    throw new RoomRecordTooLargeError(`room record of ${bytes.byteLength} bytes exceeds ${MAX_ROOM_RECORD_BYTES}`)
  }
  // decoded byte fields are views of the input: copy it once so that the
  // record never changes under its holder when the caller reuses its buffer
  const own = bytes.slice()
  // the limit lets one link too many through so that it is reported as ChainTooLongError
  const message = decodeOrThrow('room record', () => RoomRecordMessage.decode(own, { limits: { reclaims: MAX_CHAIN_LINKS } }))
  if (message.genesis == null || message.genesis.payload.byteLength === 0) {
    throw new MissingGenesisError('room record has no genesis')
  }
  if (message.reclaims.length + 1 > MAX_CHAIN_LINKS) {
    throw new ChainTooLongError(`ownership chain has ${message.reclaims.length + 1} links; at most ${MAX_CHAIN_LINKS} are allowed`)
  }

  const genesis = decodeOrThrow('genesis', () => RoomGenesis.decode(message.genesis?.payload ?? new Uint8Array()))
  if (!isNormalRoomName(genesis.room)) {
    throw new InvalidRoomNameError('genesis room name is not in normal form')
  }
  const room = genesis.room
  const genesisOwnerKey = parseEd25519PublicKey(genesis.ownerKey, 'genesis owner key')
  checkReclaimKey(genesis.reclaimKey, 'genesis')
  const chain: RoomChainLink[] = [{
    index: 0,
    ownerKey: genesisOwnerKey,
    owner: peerIdFromPublicKey(genesisOwnerKey).toString(),
    atMs: safeMs(genesis.createdAtMs, 'genesis creation time', malformed),
    reclaimKey: genesis.reclaimKey,
    hash: sha256(message.genesis.payload),
    payload: message.genesis.payload,
    signature: message.genesis.signature
  }]

  message.reclaims.forEach((signed, i) => {
    const index = i + 1
    const reclaim = decodeOrThrow(`reclaim ${index}`, () => RoomReclaim.decode(signed.payload))
    if (reclaim.prevHash.byteLength !== HASH_BYTES) {
      throw malformed(`reclaim ${index} previous hash must be ${HASH_BYTES} bytes`)
    }
    const ownerKey = parseEd25519PublicKey(reclaim.ownerKey, `reclaim ${index} owner key`)
    checkReclaimKey(reclaim.reclaimKey, `reclaim ${index}`)
    chain.push({
      index,
      ownerKey,
      owner: peerIdFromPublicKey(ownerKey).toString(),
      atMs: safeMs(reclaim.reclaimedAtMs, `reclaim ${index} time`, malformed),
      reclaimKey: reclaim.reclaimKey,
      prevHash: reclaim.prevHash,
      hash: sha256(signed.payload),
      payload: signed.payload,
      signature: signed.ownerSignature,
      tokenSignature: signed.tokenSignature
    })
  })

  const bodyMessage = decodeOrThrow('room body', () => RoomBodyMessage.decode(message.body, {
    limits: { admins: MAX_ROOM_ADMINS + 1, bans: MAX_ROOM_BANS + 1 }
  }))
  if (bodyMessage.seq === 0n) {
    throw malformed('room body sequence number must be at least 1')
  }
  const settings: RoomSettings = {
    topic: bodyMessage.settings?.topic ?? '',
    msgPerMinute: bodyMessage.settings?.msgPerMinute ?? 0,
    burst: bodyMessage.settings?.burst ?? 0,
    maxBytes: bodyMessage.settings?.maxBytes ?? 0
  }
  const body: RoomBody = {
    room: bodyMessage.room,
    seq: bodyMessage.seq,
    chainHash: bodyMessage.chainHash,
    admins: bodyMessage.admins,
    bans: bodyMessage.bans.map((ban, i): RoomBan => ({
      peer: ban.peer,
      reason: ban.reason,
      atMs: safeMs(ban.atMs, `ban ${i} time`, message => new InvalidBanError(message)),
      by: ban.by
    })),
    settings
  }

  const last = chain[chain.length - 1]
  return {
    room,
    chain,
    createdAtMs: chain[0].atMs,
    genesisHash: chain[0].hash,
    chainHash: last.hash,
    owner: last.owner,
    ownerKey: last.ownerKey,
    body,
    bodyBytes: message.body,
    bodySignature: message.bodySignature
  }
}

// ---- verification ---------------------------------------------------------------

/**
 * Decode and fully verify a room record found under DHT `key`. Checks, in
 * this order, each with its own error:
 *
 * 1. size ≤ {@link MAX_ROOM_RECORD_BYTES} (`RoomRecordTooLargeError`), before parsing;
 * 2. shape (`MalformedRoomRecordError`), genesis present (`MissingGenesisError`),
 *    at most {@link MAX_CHAIN_LINKS} links (`ChainTooLongError`), room name in
 *    normal form (`InvalidRoomNameError`), every key Ed25519 (`UnsupportedKeyError`);
 * 3. `key` is `/crypticomm-room/<genesis room>` (`RoomKeyMismatchError`);
 * 4. the genesis signature (`GenesisSignatureError`);
 * 5. for each reclaim, oldest first: `prevHash` is the previous link's hash
 *    (`BrokenChainError`), its time is not before the previous link's
 *    (`ChainTimeError`), the token proof verifies under the previous link's
 *    reclaim key (`ReclaimTokenError`), the new owner's signature verifies
 *    (`ReclaimSignatureError`);
 * 6. body room equals the genesis room (`BodyRoomMismatchError`), body
 *    `chainHash` equals the chain's hash (`ChainHashMismatchError`), body
 *    signature verifies under the LAST link's owner key (`BodySignatureError`);
 * 7. lists and settings: at most {@link MAX_ROOM_ADMINS} admins and
 *    {@link MAX_ROOM_BANS} bans (`ListTooLongError`), every peer id canonical
 *    (`MalformedPeerIdError`), no duplicates (`DuplicateEntryError`), the owner
 *    is not banned (`OwnerBannedError`), no admin is banned (`AdminBannedError`),
 *    ban reasons clean and short (`InvalidBanError`), settings within bounds
 *    (`SettingsOutOfBoundsError`).
 *
 * Records carry no expiry: kad-dht expires them (48 h) and owners republish.
 */
export async function verifyRoomRecord (key: Uint8Array, bytes: Uint8Array): Promise<RoomRecord> {
  const record = decodeRoomRecord(bytes)

  if (!uint8ArrayEquals(key, roomRecordKey(record.room))) {
    throw new RoomKeyMismatchError(`record for room "${record.room}" stored under another key`)
  }

  const [genesis, ...reclaims] = record.chain
  if (!await verifySignature(genesis.ownerKey, GENESIS_SIGNING_DOMAIN, genesis.payload, genesis.signature)) {
    throw new GenesisSignatureError('genesis is not signed by its owner key')
  }
  let previous = genesis
  for (const link of reclaims) {
    if (link.prevHash == null || !uint8ArrayEquals(link.prevHash, previous.hash)) {
      throw new BrokenChainError(`reclaim ${link.index} does not follow link ${previous.index}`)
    }
    if (link.atMs < previous.atMs) {
      throw new ChainTimeError(`reclaim ${link.index} is dated before link ${previous.index}`)
    }
    const tokenKey = publicKeyFromRaw(previous.reclaimKey)
    if (!await verifySignature(tokenKey, RECLAIM_TOKEN_SIGNING_DOMAIN, link.payload, link.tokenSignature ?? new Uint8Array())) {
      throw new ReclaimTokenError(`reclaim ${link.index} does not prove the token of link ${previous.index}`)
    }
    if (!await verifySignature(link.ownerKey, RECLAIM_SIGNING_DOMAIN, link.payload, link.signature)) {
      throw new ReclaimSignatureError(`reclaim ${link.index} is not signed by its new owner key`)
    }
    previous = link
  }

  const { body } = record
  if (body.room !== record.room) {
    throw new BodyRoomMismatchError(`body names room "${body.room}", chain names "${record.room}"`)
  }
  if (!uint8ArrayEquals(body.chainHash, record.chainHash)) {
    throw new ChainHashMismatchError('body was signed for a different ownership chain')
  }
  if (!await verifySignature(record.ownerKey, BODY_SIGNING_DOMAIN, record.bodyBytes, record.bodySignature)) {
    throw new BodySignatureError('body is not signed by the current owner')
  }

  checkBodyLists(record)
  checkRoomSettings(body.settings)
  return record
}

/**
 * The kad-dht `ValidateFn` for the `crypticomm-room` namespace: resolves when
 * `value` is a valid room record for `key`, throws one of the named errors of
 * {@link verifyRoomRecord} otherwise.
 */
export async function validateRoomRecord (key: Uint8Array, value: Uint8Array): Promise<void> {
  await verifyRoomRecord(key, value)
}

function checkPeerList (peers: readonly string[], what: string): void {
  const seen = new Set<string>()
  for (const peer of peers) {
    if (!isCanonicalPeerId(peer)) {
      throw new MalformedPeerIdError(`${what} holds a malformed peer id`)
    }
    if (seen.has(peer)) {
      throw new DuplicateEntryError(`${what} lists ${peer} twice`)
    }
    seen.add(peer)
  }
}

function checkBodyLists (record: RoomRecord): void {
  const { admins, bans } = record.body
  if (admins.length > MAX_ROOM_ADMINS) {
    throw new ListTooLongError(`${admins.length} admins; at most ${MAX_ROOM_ADMINS} are allowed`)
  }
  if (bans.length > MAX_ROOM_BANS) {
    throw new ListTooLongError(`${bans.length} bans; at most ${MAX_ROOM_BANS} are allowed`)
  }
  checkPeerList(admins, 'admin list')
  checkPeerList(bans.map(ban => ban.peer), 'ban list')
  const adminSet = new Set(admins)
  for (const ban of bans) {
    if (ban.peer === record.owner) {
      throw new OwnerBannedError('the room owner cannot be banned')
    }
    if (adminSet.has(ban.peer)) {
      throw new AdminBannedError(`${ban.peer} is listed both as admin and as banned`)
    }
    if (!isCleanText(ban.reason, MAX_BAN_REASON_BYTES)) {
      throw new InvalidBanError(`ban reason is longer than ${MAX_BAN_REASON_BYTES} bytes or holds control characters`)
    }
    if (!isCanonicalPeerId(ban.by)) {
      throw new MalformedPeerIdError('a ban names a malformed issuer peer id')
    }
  }
}

/**
 * Check room settings against their bounds: a topic of at most
 * {@link MAX_ROOM_TOPIC_BYTES} bytes without control characters; each rate
 * limit 0 (network default) or 1 to its maximum.
 *
 * @throws {SettingsOutOfBoundsError}
 */
export function checkRoomSettings (settings: RoomSettings): void {
  if (!isCleanText(settings.topic, MAX_ROOM_TOPIC_BYTES)) {
    throw new SettingsOutOfBoundsError(`room topic is longer than ${MAX_ROOM_TOPIC_BYTES} bytes or holds control characters`)
  }
  const bounds: Array<[keyof RoomSettings, number]> = [
    ['msgPerMinute', MAX_ROOM_MSG_PER_MINUTE],
    ['burst', MAX_ROOM_BURST],
    ['maxBytes', MAX_ROOM_MAX_BYTES]
  ]
  for (const [field, max] of bounds) {
    const value = settings[field]
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) {
      throw new SettingsOutOfBoundsError(`room setting ${field} must be 0 (default) or 1 to ${max}`)
    }
  }
}
