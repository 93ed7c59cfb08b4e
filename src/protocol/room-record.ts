/**
 * Room ownership records: create a room, change its body (admins, bans,
 * settings), reclaim it with a token, and read who may do what.
 *
 * A record is an *ownership chain* (a genesis, then zero or more reclaims)
 * plus a *body* signed by the chain's last owner. The wire format, the exact
 * signed bytes and the verification rules are documented in
 * `room-record-validator.ts`; the choice between records in
 * `room-record-selector.ts`.
 *
 * Everything here is pure: keys, tokens and the clock are arguments.
 * Every function that builds a record verifies its own output with
 * {@link verifyRoomRecord} before returning it (kad-dht does not validate
 * local puts), so a successful return is always a valid record.
 */
import { randomBytes } from '@libp2p/crypto'
import { generateKeyPairFromSeed, publicKeyToProtobuf } from '@libp2p/crypto/keys'
import { peerIdFromPublicKey } from '@libp2p/peer-id'
import { equals as uint8ArrayEquals } from 'uint8arrays/equals'
import { fromString as uint8ArrayFromString } from 'uint8arrays/from-string'
import { toString as uint8ArrayToString } from 'uint8arrays/to-string'
import { isNormalRoomName, roomRecordKey } from './names.js'
import { RoomBody as RoomBodyMessage, RoomGenesis, RoomReclaim, RoomRecord as RoomRecordMessage } from './pb/room-record.js'
import type { SignedGenesis, SignedReclaim } from './pb/room-record.js'
import {
  InvalidRoomNameError,
  MalformedTokenError,
  NotOwnerError,
  SpentTokenError,
  UnsupportedKeyError,
  WrongTokenError
} from './room-record-errors.js'
import {
  BODY_SIGNING_DOMAIN,
  GENESIS_SIGNING_DOMAIN,
  HASH_BYTES,
  RECLAIM_SIGNING_DOMAIN,
  RECLAIM_TOKEN_SIGNING_DOMAIN,
  sha256,
  signedBytes,
  verifyRoomRecord
} from './room-record-validator.js'
import type { Ed25519PrivateKey, PrivateKey, PublicKey } from '@libp2p/interface'

export {
  decodeRoomRecord,
  verifyRoomRecord,
  validateRoomRecord,
  MAX_ROOM_RECORD_BYTES,
  MAX_CHAIN_LINKS,
  MAX_ROOM_ADMINS,
  MAX_ROOM_BANS,
  MAX_BAN_REASON_BYTES,
  MAX_ROOM_TOPIC_BYTES,
  MAX_ROOM_MSG_PER_MINUTE,
  MAX_ROOM_BURST,
  MAX_ROOM_MAX_BYTES
} from './room-record-validator.js'

/** Length of a reclaim token, in bytes (an Ed25519 seed). */
export const TOKEN_BYTES = HASH_BYTES

/** One link of the ownership chain, decoded. */
export interface RoomChainLink {
  /** 0 for the genesis, then 1, 2, ... for reclaims */
  index: number
  /** the owner this link installs, as a peer id string */
  owner: string
  /** the owner's public key (Ed25519) */
  ownerKey: PublicKey
  /** creation time (genesis) or reclaim time, ms since the Unix epoch */
  atMs: number
  /** raw 32-byte Ed25519 public key of the token that may reclaim after this link */
  reclaimKey: Uint8Array
  /** reclaims only: the hash of the link before */
  prevHash?: Uint8Array
  /** SHA-256 of `payload` */
  hash: Uint8Array
  /** the signed payload bytes, as carried */
  payload: Uint8Array
  /** the owner's signature over the payload */
  signature: Uint8Array
  /** reclaims only: the previous token's signature over the payload */
  tokenSignature?: Uint8Array
}

/** A ban listed in a room record. */
export interface RoomBan {
  /** banned peer id */
  peer: string
  /** free text, at most `MAX_BAN_REASON_BYTES` bytes, may be empty */
  reason: string
  /** when the ban was decided, ms since the Unix epoch */
  atMs: number
  /** peer id of the owner or admin who decided it */
  by: string
}

/** A room's settings; 0 in a rate field means the network default. */
export interface RoomSettings {
  /** the topic line, may be empty */
  topic: string
  /** messages per minute per author */
  msgPerMinute: number
  /** messages an author may send in a burst */
  burst: number
  /** largest message text, in UTF-8 bytes */
  maxBytes: number
}

/** The owner-signed part of a room record. */
export interface RoomBody {
  room: string
  /** 1, 2, 3, ... over the bodies of a chain */
  seq: bigint
  /** the hash of the last link of the chain the body was signed for */
  chainHash: Uint8Array
  /** admin peer ids */
  admins: string[]
  bans: RoomBan[]
  settings: RoomSettings
}

/** A decoded room record. Only one returned by `verifyRoomRecord` may be trusted. */
export interface RoomRecord {
  /** the normalised room name */
  room: string
  /** the ownership chain, genesis first */
  chain: RoomChainLink[]
  /** creation time of the genesis, ms since the Unix epoch */
  createdAtMs: number
  /** hash of the genesis payload: identifies "this" room among same-named ones */
  genesisHash: Uint8Array
  /** hash of the last link: identifies the chain */
  chainHash: Uint8Array
  /** the current owner (the last link's), as a peer id string */
  owner: string
  /** the current owner's public key */
  ownerKey: PublicKey
  body: RoomBody
  /** the encoded body, as carried and signed */
  bodyBytes: Uint8Array
  /** the current owner's signature over the body */
  bodySignature: Uint8Array
}

/** A record together with its encoding, ready to put in the DHT. */
export interface SignedRoomRecord {
  record: RoomRecord
  bytes: Uint8Array
}

/** A new record and the new reclaim token (show it to the user once, and save it). */
export interface SignedRoomRecordWithToken extends SignedRoomRecord {
  token: Uint8Array
}

/** Options of {@link createRoomRecord}. */
export interface CreateRoomRecordInit {
  /** the room name, already normalised (see `normaliseRoomName`) */
  room: string
  /** the first owner's private key (Ed25519) */
  ownerKey: PrivateKey
  /** the creation time, ms since the Unix epoch */
  nowMs: number
  /** the reclaim token; default: 32 fresh random bytes. Tests pass one for determinism */
  token?: Uint8Array
  /** initial settings; default: all network defaults, empty topic */
  settings?: Partial<RoomSettings>
}

/** Changes to a room body; a field left out stays as it was. */
export interface RoomBodyChanges {
  admins?: string[]
  bans?: RoomBan[]
  settings?: Partial<RoomSettings>
}

const DEFAULT_SETTINGS: RoomSettings = { topic: '', msgPerMinute: 0, burst: 0, maxBytes: 0 }

/**
 * Create the first record of a room: a genesis signed by `ownerKey` with a
 * commitment to a fresh reclaim token, and a body with seq 1, no admins, no
 * bans.
 *
 * @throws {InvalidRoomNameError | UnsupportedKeyError | SettingsOutOfBoundsError | RoomRecordTooLargeError}
 */
export async function createRoomRecord (init: CreateRoomRecordInit): Promise<SignedRoomRecordWithToken> {
  if (!isNormalRoomName(init.room)) {
    throw new InvalidRoomNameError(`"${init.room}" is not a normalised room name`)
  }
  checkOwnerKey(init.ownerKey)
  const token = init.token ?? randomBytes(TOKEN_BYTES)
  const payload = RoomGenesis.encode({
    room: init.room,
    ownerKey: ab(publicKeyToProtobuf(init.ownerKey.publicKey)),
    createdAtMs: toUint64(init.nowMs),
    reclaimKey: ab(await tokenCommitment(token))
  })
  const genesis = { payload, signature: ab(await sign(init.ownerKey, GENESIS_SIGNING_DOMAIN, payload)) }
  const body = encodeBody({
    room: init.room,
    seq: 1n,
    chainHash: sha256(payload),
    admins: [],
    bans: [],
    settings: { ...DEFAULT_SETTINGS, ...init.settings }
  })
  const sealed = await seal(init.room, genesis, [], body, await sign(init.ownerKey, BODY_SIGNING_DOMAIN, body))
  return { ...sealed, token }
}

/**
 * Sign a new body for `record` with `changes` applied and the sequence number
 * increased by one. Only the current owner can do this.
 *
 * @throws {NotOwnerError} when `ownerKey` is not the current owner's
 * @throws any error of `verifyRoomRecord` when the changed record would be invalid
 *   (for example `OwnerBannedError`, `ListTooLongError`, `SettingsOutOfBoundsError`)
 */
export async function updateRoomBody (record: RoomRecord, ownerKey: PrivateKey, changes: RoomBodyChanges): Promise<SignedRoomRecord> {
  if (peerIdFromPublicKey(ownerKey.publicKey).toString() !== record.owner) {
    throw new NotOwnerError(`only the owner of "${record.room}" can change its record`)
  }
  const body = encodeBody({
    ...record.body,
    seq: record.body.seq + 1n,
    chainHash: record.chainHash,
    admins: changes.admins ?? record.body.admins,
    bans: changes.bans ?? record.body.bans,
    settings: { ...record.body.settings, ...changes.settings }
  })
  return seal(record.room, toSignedGenesis(record.chain[0]), record.chain.slice(1).map(toSignedReclaim), body, await sign(ownerKey, BODY_SIGNING_DOMAIN, body))
}

/**
 * Reclaim a room with its current token: append a reclaim link naming
 * `newOwnerKey` and a commitment to a fresh token, and sign a body for the
 * new chain (admins, bans and settings carried over, minus the new owner;
 * seq increased by one). The previous owner key loses every power.
 *
 * @param nowMs the reclaim time; a clock behind the previous link is moved up to it
 * @param nextToken the new token; default: 32 fresh random bytes
 * @throws {MalformedTokenError} when `token` is not 32 bytes
 * @throws {SpentTokenError} when `token` belongs to an earlier link (it was used already)
 * @throws {WrongTokenError} when `token` belongs to no link of this chain
 * @throws {UnsupportedKeyError | ChainTooLongError}
 */
export async function reclaimRoom (record: RoomRecord, newOwnerKey: PrivateKey, token: Uint8Array, nowMs: number, nextToken?: Uint8Array): Promise<SignedRoomRecordWithToken> {
  checkOwnerKey(newOwnerKey)
  const tokenKey = await tokenPrivateKey(token)
  const commitment = tokenKey.publicKey.raw
  const last = record.chain[record.chain.length - 1]
  if (!uint8ArrayEquals(commitment, last.reclaimKey)) {
    if (record.chain.some(link => uint8ArrayEquals(commitment, link.reclaimKey))) {
      throw new SpentTokenError(`this token of "${record.room}" was already used; only the newest token can reclaim`)
    }
    throw new WrongTokenError(`this is not a reclaim token of "${record.room}"`)
  }
  const newToken = nextToken ?? randomBytes(TOKEN_BYTES)
  const payload = RoomReclaim.encode({
    prevHash: ab(last.hash),
    ownerKey: ab(publicKeyToProtobuf(newOwnerKey.publicKey)),
    reclaimedAtMs: toUint64(Math.max(nowMs, last.atMs)),
    reclaimKey: ab(await tokenCommitment(newToken))
  })
  const link: SignedReclaim = {
    payload,
    ownerSignature: ab(await sign(newOwnerKey, RECLAIM_SIGNING_DOMAIN, payload)),
    tokenSignature: ab(await sign(tokenKey, RECLAIM_TOKEN_SIGNING_DOMAIN, payload))
  }
  const newOwner = peerIdFromPublicKey(newOwnerKey.publicKey).toString()
  const body = encodeBody({
    ...record.body,
    seq: record.body.seq + 1n,
    chainHash: sha256(payload),
    admins: record.body.admins.filter(peer => peer !== newOwner),
    bans: record.body.bans.filter(ban => ban.peer !== newOwner)
  })
  const reclaims = [...record.chain.slice(1).map(toSignedReclaim), link]
  const sealed = await seal(record.room, toSignedGenesis(record.chain[0]), reclaims, body, await sign(newOwnerKey, BODY_SIGNING_DOMAIN, body))
  return { ...sealed, token: newToken }
}

/** Encode a (parsed) record back into the bytes that are put in the DHT. */
export function encodeRoomRecord (record: RoomRecord): Uint8Array {
  return RoomRecordMessage.encode({
    genesis: toSignedGenesis(record.chain[0]),
    reclaims: record.chain.slice(1).map(toSignedReclaim),
    body: ab(record.bodyBytes),
    bodySignature: ab(record.bodySignature)
  })
}

// ---- tokens -------------------------------------------------------------------------

/**
 * The commitment to a token as carried in a link: the raw 32-byte Ed25519
 * public key whose private key has the token as its seed.
 *
 * @throws {MalformedTokenError} when `token` is not 32 bytes
 */
export async function tokenCommitment (token: Uint8Array): Promise<Uint8Array> {
  return (await tokenPrivateKey(token)).publicKey.raw
}

/** A token as the user sees it: unpadded base64url, 43 characters. */
export function encodeToken (token: Uint8Array): string {
  return uint8ArrayToString(token, 'base64url')
}

/**
 * Parse a token the user typed: 43 characters of unpadded base64url (as
 * {@link encodeToken} prints it) or 64 hex digits; surrounding spaces ignored.
 *
 * @throws {MalformedTokenError}
 */
export function decodeToken (text: string): Uint8Array {
  const trimmed = text.trim()
  let token: Uint8Array | undefined
  try {
    if (/^[0-9a-fA-F]{64}$/.test(trimmed)) {
      token = uint8ArrayFromString(trimmed.toLowerCase(), 'base16')
    } else if (/^[A-Za-z0-9_-]{43}$/.test(trimmed)) {
      // throws on non-zero padding bits in the last character
      token = uint8ArrayFromString(trimmed, 'base64url')
    }
  } catch {
    token = undefined
  }
  if (token?.byteLength !== TOKEN_BYTES) {
    throw new MalformedTokenError('a reclaim token is 43 characters of base64url (or 64 hex digits)')
  }
  return token
}

// ---- reading a record ------------------------------------------------------------------

/** The current owner of a room, as a peer id string. */
export function currentOwner (record: RoomRecord): string {
  return record.owner
}

/** True when `peer` is the current owner. */
export function isOwner (record: RoomRecord, peer: string): boolean {
  return record.owner === peer
}

/** True when `peer` is listed as an admin (the owner is not implicitly an admin; see {@link hasAuthority}). */
export function isAdmin (record: RoomRecord, peer: string): boolean {
  return record.body.admins.includes(peer)
}

/** True when `peer` is banned from the room. */
export function isBanned (record: RoomRecord, peer: string): boolean {
  return findBan(record, peer) != null
}

/** The ban entry of `peer`, if any. */
export function findBan (record: RoomRecord, peer: string): RoomBan | undefined {
  return record.body.bans.find(ban => ban.peer === peer)
}

/** True when `peer` may moderate the room: the current owner or an admin. */
export function hasAuthority (record: RoomRecord, peer: string): boolean {
  return isOwner(record, peer) || isAdmin(record, peer)
}

/**
 * True when both records have the same genesis (they are the same room, not
 * two rooms created under one name).
 */
export function isSameGenesis (a: RoomRecord, b: RoomRecord): boolean {
  return uint8ArrayEquals(a.genesisHash, b.genesisHash)
}

/**
 * True when `candidate`'s chain starts with all of `pinned`'s chain (equal or
 * longer). A node that pins the chain it holds and accepts only extensions of
 * it cannot be moved onto a fork built with an old, spent token.
 */
export function extendsChain (pinned: RoomRecord, candidate: RoomRecord): boolean {
  if (candidate.chain.length < pinned.chain.length) {
    return false
  }
  return pinned.chain.every((link, i) => uint8ArrayEquals(link.hash, candidate.chain[i].hash))
}

// ---- helpers ------------------------------------------------------------------------

function checkOwnerKey (key: PrivateKey): void {
  if (key.type !== 'Ed25519') {
    throw new UnsupportedKeyError(`room owners need an Ed25519 key, not ${key.type}`)
  }
}

async function tokenPrivateKey (token: Uint8Array): Promise<Ed25519PrivateKey> {
  if (!(token instanceof Uint8Array) || token.byteLength !== TOKEN_BYTES) {
    throw new MalformedTokenError(`a reclaim token is ${TOKEN_BYTES} bytes`)
  }
  return generateKeyPairFromSeed('Ed25519', token)
}

async function sign (key: PrivateKey, domain: string, payload: Uint8Array): Promise<Uint8Array> {
  return key.sign(signedBytes(domain, payload))
}

function toUint64 (ms: number): bigint {
  return BigInt(Math.max(0, Math.floor(ms)))
}

function encodeBody (body: RoomBody): Uint8Array<ArrayBuffer> {
  return RoomBodyMessage.encode({
    room: body.room,
    seq: body.seq,
    chainHash: ab(body.chainHash),
    admins: body.admins,
    bans: body.bans.map(ban => ({ peer: ban.peer, reason: ban.reason, atMs: toUint64(ban.atMs), by: ban.by })),
    settings: body.settings
  })
}

function toSignedGenesis (link: RoomChainLink): SignedGenesis {
  return { payload: ab(link.payload), signature: ab(link.signature) }
}

function toSignedReclaim (link: RoomChainLink): SignedReclaim {
  return { payload: ab(link.payload), ownerSignature: ab(link.signature), tokenSignature: ab(link.tokenSignature ?? new Uint8Array()) }
}

/** The generated codecs want bytes over a plain ArrayBuffer; copy only when they are not. */
function ab (bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return bytes.buffer instanceof ArrayBuffer ? bytes as Uint8Array<ArrayBuffer> : new Uint8Array(bytes)
}

/** Encode a record from its parts and verify it, so that nothing invalid ever leaves this module. */
async function seal (room: string, genesis: SignedGenesis, reclaims: SignedReclaim[], body: Uint8Array<ArrayBuffer>, bodySignature: Uint8Array): Promise<SignedRoomRecord> {
  const bytes = RoomRecordMessage.encode({ genesis, reclaims, body, bodySignature: ab(bodySignature) })
  return { record: await verifyRoomRecord(roomRecordKey(room), bytes), bytes }
}
