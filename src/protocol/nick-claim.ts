/**
 * Nick claims: display names bound to peer ids by signed, expiring records in
 * the DHT. This module is the whole record: format, limits, the signed bytes,
 * creation, verification, the kad-dht validator and selector, and the
 * content id under which claimers of a nick announce themselves.
 *
 * ## Where claims live, and why (a change from DESIGN.md §2)
 *
 * DESIGN.md suggests one record per nick, `/crypticomm-nick/<nick>`. A DHT key
 * holds one value (the selector's winner), so two peers calling themselves
 * `alice` would overwrite each other and one would vanish — yet the issue asks
 * for both to be shown, with suffixes. There is also no authority over nicks
 * that could decide between them. So a claim is stored under its claimer's
 * peer id, `/crypticomm-nick/<peer-id>`: each peer signs only its own record
 * (DESIGN.md §3), records of different peers never compete, and the selector
 * only orders one peer's own claims (the newest wins).
 *
 * Looking up a nick goes through provider records: every claimer also
 * *provides* {@link nickProviderCid}`(nick)`. A resolver finds the providers
 * and then reads each provider's claim, keeping the peers whose VALID claim
 * names the nick. Provider records are not signed, so they are only hints: a
 * peer that provides a nick it has not claimed is simply not listed, and a
 * stale provider record (left after a nick change) is filtered the same way.
 *
 * ## Format and signature
 *
 * The value is a `NickClaim` (`pb/nick-claim.proto`): `payload`, the
 * protobuf encoding of a `NickClaimPayload { nick, publicKey, issuedAtMs,
 * expiresAtMs }`, and `signature`, Ed25519 (RFC 8032) by `publicKey` over
 *
 *     ASCII("crypticomm-nick:") || payload
 *
 * with `payload` exactly as carried (a verifier never re-encodes), the same
 * convention as room records (`room-record-validator.ts`). `publicKey` is the
 * libp2p protobuf encoding of an Ed25519 key; the record's DHT key must be
 * `/crypticomm-nick/` followed by that key's peer id (base58btc).
 */
import { publicKeyToProtobuf } from '@libp2p/crypto/keys'
import { peerIdFromPublicKey } from '@libp2p/peer-id'
import type { PrivateKey, PublicKey } from '@libp2p/interface'
import type { SelectFn, ValidateFn } from '@libp2p/kad-dht'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 as sha256Hasher } from 'multiformats/hashes/sha2'
import { equals as uint8ArrayEquals } from 'uint8arrays/equals'
import { MAX_CLOCK_SKEW_MS } from './constants.js'
import { isNormalNick, normaliseNick } from './names.js'
import { NickClaim as NickClaimMessage, NickClaimPayload } from './pb/nick-claim.js'
import { compareBytes } from './room-record-selector.js'
import { parseEd25519PublicKey, safeMs, signedBytes, verifySignature } from './room-record-validator.js'
import {
  InvalidClaimedNickError,
  MalformedNickClaimError,
  NickClaimExpiredError,
  NickClaimFromFutureError,
  NickClaimKeyMismatchError,
  NickClaimLifetimeError,
  NickClaimSignatureError,
  NickClaimTooLargeError
} from './nick-claim-errors.js'

// ---- names and limits ---------------------------------------------------------

/** Namespace of the DHT keys of nick claims: `/crypticomm-nick/<peer-id>`. */
export const NICK_KEY_NAMESPACE = 'crypticomm-nick'

/** Domain of a claimer's signature over a `NickClaimPayload`. */
export const NICK_CLAIM_SIGNING_DOMAIN = 'crypticomm-nick:'

/** Prefix hashed with a nick into the content id its claimers provide. */
export const NICK_PROVIDER_PREFIX = 'crypticomm-nick/'

/**
 * Largest encoded claim a peer accepts, in bytes; checked before parsing. A
 * claim at every limit (24-character nick, Ed25519 key, two times, signature)
 * is under 200 bytes.
 */
export const MAX_NICK_CLAIM_BYTES = 1024

/** Longest lifetime of a claim (`expiresAtMs - issuedAtMs`). */
export const MAX_NICK_CLAIM_TTL_MS = 24 * 60 * 60_000

/** Lifetime given to the claims we create. */
export const NICK_CLAIM_TTL_MS = MAX_NICK_CLAIM_TTL_MS

const textEncoder = new TextEncoder()

/** The DHT key of a peer's nick claim: `/crypticomm-nick/<peer-id>`. */
export function nickClaimKey (peer: string): Uint8Array {
  return textEncoder.encode(`/${NICK_KEY_NAMESPACE}/${peer}`)
}

/**
 * The content id every claimer of `nick` (normalised) provides:
 * CIDv1, codec raw (0x55), multihash sha2-256 of the UTF-8 bytes of
 * `"crypticomm-nick/" + nick`.
 */
export async function nickProviderCid (nick: string): Promise<CID> {
  const digest = await sha256Hasher.digest(textEncoder.encode(`${NICK_PROVIDER_PREFIX}${nick}`))
  return CID.createV1(raw.code, digest)
}

// ---- the record -----------------------------------------------------------------

/** A decoded nick claim. */
export interface NickClaimRecord {
  /** the normalised nick claimed */
  nick: string
  /** the claimer's peer id (of `publicKey`) */
  peer: string
  publicKey: PublicKey
  issuedAtMs: number
  expiresAtMs: number
  /** the payload bytes as carried (what the signature covers) */
  payload: Uint8Array
  signature: Uint8Array
}

/** A claim we created: its record bytes (to put under {@link nickClaimKey}) and its content. */
export interface SignedNickClaim {
  bytes: Uint8Array
  claim: NickClaimRecord
}

/** What {@link createNickClaim} needs. */
export interface CreateNickClaimInit {
  /** the claimer's identity key (Ed25519) */
  key: PrivateKey
  /** the nick, as typed (it is normalised) */
  nick: string
  /** the issue time, ms since the epoch */
  nowMs: number
  /** lifetime; {@link NICK_CLAIM_TTL_MS} by default, at most {@link MAX_NICK_CLAIM_TTL_MS} */
  ttlMs?: number
}

/**
 * Create and sign a claim of `nick` by `key`'s peer.
 *
 * @throws {InvalidNameError} when the nick cannot be normalised
 * @throws {NickClaimLifetimeError} when the lifetime is not 1 ms to 24 h
 */
export async function createNickClaim (init: CreateNickClaimInit): Promise<SignedNickClaim> {
  const nick = normaliseNick(init.nick)
  const ttlMs = init.ttlMs ?? NICK_CLAIM_TTL_MS
  if (!Number.isSafeInteger(ttlMs) || ttlMs <= 0 || ttlMs > MAX_NICK_CLAIM_TTL_MS) {
    throw new NickClaimLifetimeError(`a claim lives 1 ms to ${MAX_NICK_CLAIM_TTL_MS} ms (got ${ttlMs})`)
  }
  const payload = NickClaimPayload.encode({
    nick,
    publicKey: publicKeyToProtobuf(init.key.publicKey) as Uint8Array<ArrayBuffer>,
    issuedAtMs: BigInt(init.nowMs),
    expiresAtMs: BigInt(init.nowMs + ttlMs)
  })
  const signature = await init.key.sign(signedBytes(NICK_CLAIM_SIGNING_DOMAIN, payload))
  const bytes = NickClaimMessage.encode({ payload, signature: signature as Uint8Array<ArrayBuffer> })
  return { bytes, claim: decodeNickClaim(bytes) }
}

function malformed (message: string): MalformedNickClaimError {
  return new MalformedNickClaimError(message)
}

/**
 * Decode claim bytes WITHOUT checking the signature, the DHT key or any time.
 * Checks only the size (first), the protobuf shape, the key (Ed25519) and the
 * nick's normal form. Use {@link verifyNickClaim} for anything that is shown.
 *
 * @throws {NickClaimTooLargeError | MalformedNickClaimError | UnsupportedKeyError | InvalidClaimedNickError}
 */
export function decodeNickClaim (bytes: Uint8Array): NickClaimRecord {
  if (bytes.byteLength > MAX_NICK_CLAIM_BYTES) {
    throw new NickClaimTooLargeError(`nick claim of ${bytes.byteLength} bytes exceeds ${MAX_NICK_CLAIM_BYTES}`)
  }
  // decoded byte fields are views of the input: copy it once
  const own = bytes.slice()
  let message: NickClaimMessage
  let payload: NickClaimPayload
  try {
    message = NickClaimMessage.decode(own)
  } catch (err) {
    throw malformed(`nick claim does not decode: ${(err as Error).message}`)
  }
  if (message.payload.byteLength === 0) {
    throw malformed('nick claim has no payload')
  }
  try {
    payload = NickClaimPayload.decode(message.payload)
  } catch (err) {
    throw malformed(`nick claim payload does not decode: ${(err as Error).message}`)
  }
  const publicKey = parseEd25519PublicKey(payload.publicKey, 'nick claim key')
  if (!isNormalNick(payload.nick)) {
    throw new InvalidClaimedNickError('claimed nick is not in normal form')
  }
  return {
    nick: payload.nick,
    peer: peerIdFromPublicKey(publicKey).toString(),
    publicKey,
    issuedAtMs: safeMs(payload.issuedAtMs, 'claim issue time', malformed),
    expiresAtMs: safeMs(payload.expiresAtMs, 'claim expiry time', malformed),
    payload: message.payload,
    signature: message.signature
  }
}

/**
 * Decode and fully verify a nick claim found under DHT `key`, for a reader
 * whose clock reads `nowMs`. Checks, in this order, each with its own error:
 *
 * 1. size ≤ {@link MAX_NICK_CLAIM_BYTES} (`NickClaimTooLargeError`), before parsing;
 * 2. shape (`MalformedNickClaimError`), an Ed25519 key (`UnsupportedKeyError`),
 *    the nick in normal form (`InvalidClaimedNickError`);
 * 3. `key` is `/crypticomm-nick/<peer id of the claim's key>` (`NickClaimKeyMismatchError`);
 * 4. `issuedAtMs < expiresAtMs ≤ issuedAtMs +` {@link MAX_NICK_CLAIM_TTL_MS} (`NickClaimLifetimeError`);
 * 5. issued at most `MAX_CLOCK_SKEW_MS` after `nowMs` (`NickClaimFromFutureError`);
 * 6. `nowMs < expiresAtMs` (`NickClaimExpiredError`);
 * 7. the signature (`NickClaimSignatureError`).
 */
export async function verifyNickClaim (key: Uint8Array, bytes: Uint8Array, nowMs: number): Promise<NickClaimRecord> {
  const claim = decodeNickClaim(bytes)
  if (!uint8ArrayEquals(key, nickClaimKey(claim.peer))) {
    throw new NickClaimKeyMismatchError(`claim by ${claim.peer} stored under another key`)
  }
  if (claim.expiresAtMs <= claim.issuedAtMs || claim.expiresAtMs - claim.issuedAtMs > MAX_NICK_CLAIM_TTL_MS) {
    throw new NickClaimLifetimeError(`a claim must expire after its issue and within ${MAX_NICK_CLAIM_TTL_MS} ms of it`)
  }
  if (claim.issuedAtMs > nowMs + MAX_CLOCK_SKEW_MS) {
    throw new NickClaimFromFutureError(`claim issued ${claim.issuedAtMs - nowMs} ms in the future`)
  }
  if (nowMs >= claim.expiresAtMs) {
    throw new NickClaimExpiredError(`claim expired ${nowMs - claim.expiresAtMs} ms ago`)
  }
  if (!await verifySignature(claim.publicKey, NICK_CLAIM_SIGNING_DOMAIN, claim.payload, claim.signature)) {
    throw new NickClaimSignatureError('claim is not signed by its key')
  }
  return claim
}

/** A kad-dht `ValidateFn` for the `crypticomm-nick` namespace reading time from `clock`. */
export function createNickClaimValidator (clock: () => number = Date.now): ValidateFn {
  return async (key: Uint8Array, value: Uint8Array): Promise<void> => {
    await verifyNickClaim(key, value, clock())
  }
}

/**
 * The kad-dht `ValidateFn` for the `crypticomm-nick` namespace: resolves when
 * `value` is a valid, unexpired claim for `key` now, throws one of the named
 * errors of {@link verifyNickClaim} otherwise.
 */
export const validateNickClaim: ValidateFn = createNickClaimValidator()

// ---- choosing ---------------------------------------------------------------------

/**
 * Compare two VERIFIED claims of one peer. Negative when `a` should win,
 * positive when `b` should, 0 when they are equal in every field looked at.
 * The rules, in order:
 *
 * 1. (applied by {@link selectNickClaim}) a claim that fails verification
 *    never wins over a valid one;
 * 2. the later `issuedAtMs` wins — a nick change or a renewal replaces the
 *    older claim, and a replayed older claim loses;
 * 3. the later `expiresAtMs` wins;
 * 4. the bytewise smaller signature wins, so every node breaks the last tie
 *    the same way.
 */
export function compareNickClaims (a: NickClaimRecord, b: NickClaimRecord): number {
  if (a.issuedAtMs !== b.issuedAtMs) {
    return a.issuedAtMs > b.issuedAtMs ? -1 : 1
  }
  if (a.expiresAtMs !== b.expiresAtMs) {
    return a.expiresAtMs > b.expiresAtMs ? -1 : 1
  }
  return compareBytes(a.signature, b.signature)
}

/** A kad-dht `SelectFn` for the `crypticomm-nick` namespace reading time from `clock`. */
export function createNickClaimSelector (clock: () => number = Date.now): SelectFn {
  return async (key: Uint8Array, records: Uint8Array[]): Promise<number> => {
    const now = clock()
    let bestIndex = -1
    let best: NickClaimRecord | undefined
    for (let i = 0; i < records.length; i++) {
      let claim: NickClaimRecord
      try {
        claim = await verifyNickClaim(key, records[i], now)
      } catch {
        continue
      }
      if (best == null || compareNickClaims(claim, best) < 0) {
        best = claim
        bestIndex = i
      }
    }
    return bestIndex < 0 ? 0 : bestIndex
  }
}

/**
 * The kad-dht `SelectFn` for the `crypticomm-nick` namespace: the index of the
 * best claim by {@link compareNickClaims}. Invalid or expired claims are
 * skipped; on a tie the earlier index wins. Never throws (kad-dht would abort
 * the lookup): when no claim is valid it returns 0, which kad-dht's own
 * validation has refused elsewhere.
 */
export const selectNickClaim: SelectFn = createNickClaimSelector()
