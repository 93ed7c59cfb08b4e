/**
 * Errors raised by nick claims (create, verify, select). One class per
 * failure, each with a stable `name` that tests and callers match on. An
 * unparseable or non-Ed25519 key raises the shared `UnsupportedKeyError` of
 * `room-record-errors.ts`.
 */

/** A claim larger than `MAX_NICK_CLAIM_BYTES`; rejected before parsing. */
export class NickClaimTooLargeError extends Error {
  override readonly name = 'NickClaimTooLargeError'
}

/** Bytes that do not decode into a well-formed claim (missing fields, bad numbers). */
export class MalformedNickClaimError extends Error {
  override readonly name = 'MalformedNickClaimError'
}

/** A claim whose nick is not in normal form. */
export class InvalidClaimedNickError extends Error {
  override readonly name = 'InvalidClaimedNickError'
}

/** A claim stored under a DHT key that is not `/crypticomm-nick/<its signer's peer id>`. */
export class NickClaimKeyMismatchError extends Error {
  override readonly name = 'NickClaimKeyMismatchError'
}

/** A claim whose signature is not its public key's. */
export class NickClaimSignatureError extends Error {
  override readonly name = 'NickClaimSignatureError'
}

/** A claim that expires before it is issued, or lives longer than `MAX_NICK_CLAIM_TTL_MS`. */
export class NickClaimLifetimeError extends Error {
  override readonly name = 'NickClaimLifetimeError'
}

/** A claim past its expiry time. */
export class NickClaimExpiredError extends Error {
  override readonly name = 'NickClaimExpiredError'
}

/** A claim issued further in the future than the allowed clock skew. */
export class NickClaimFromFutureError extends Error {
  override readonly name = 'NickClaimFromFutureError'
}
