/**
 * Errors raised by the operator's messages and records (create, verify,
 * select) and by the operator service. One class per failure, each with a
 * stable `name` that tests and callers match on, in the pattern of
 * `room-record-errors.ts`.
 *
 * Failures that mean exactly what they mean for room records are the same
 * classes, re-exported here so that callers import every operator error from
 * one place.
 */

export {
  /** A peer id that does not parse or is not in canonical base58btc form. */
  MalformedPeerIdError,
  /** A peer listed twice in the ban list. */
  DuplicateEntryError,
  /** A ban entry with a reason that is too long or holds control characters, or a bad time. */
  InvalidBanError,
  /** An operator key that does not parse or is not Ed25519. */
  UnsupportedKeyError,
  /** A kick's cool-off outside its bounds. */
  CoolOffOutOfBoundsError
} from './room-record-errors.js'

// ---- size and shape ----------------------------------------------------------

/** An operator message, announcement, kick or ban list larger than its limit; rejected before parsing. */
export class OperatorMessageTooLargeError extends Error {
  override readonly name = 'OperatorMessageTooLargeError'
}

/** Bytes that do not decode into a well-formed operator message or record (missing fields, unknown kind, bad numbers). */
export class MalformedOperatorMessageError extends Error {
  override readonly name = 'MalformedOperatorMessageError'
}

/** An announcement whose text is empty, longer than its limit or holds control characters. */
export class InvalidAnnouncementTextError extends Error {
  override readonly name = 'InvalidAnnouncementTextError'
}

/** A ban list with more entries than `MAX_OPERATOR_BANS`. */
export class BanListTooLongError extends Error {
  override readonly name = 'BanListTooLongError'
}

// ---- who signed it -------------------------------------------------------------

/** A signature that does not verify under the operator key the payload names (tampered or forged). */
export class OperatorSignatureError extends Error {
  override readonly name = 'OperatorSignatureError'
}

/** A well-signed message whose signer is not the operator this peer follows (a forged signer). */
export class UnexpectedSignerError extends Error {
  override readonly name = 'UnexpectedSignerError'
}

/** A ban list stored under a DHT key other than `/crypticomm-operator/<its signer's peer id>`. */
export class OperatorKeyMismatchError extends Error {
  override readonly name = 'OperatorKeyMismatchError'
}

// ---- content -------------------------------------------------------------------

/** An announcement or kick issued too far in the future or too long ago (a replay). */
export class StaleOperatorMessageError extends Error {
  override readonly name = 'StaleOperatorMessageError'
}

/** A ban list that bans its own operator. */
export class OperatorBannedError extends Error {
  override readonly name = 'OperatorBannedError'
}

/** A kick (or a local ban or kick request) aimed at the operator itself. */
export class TargetIsOperatorError extends Error {
  override readonly name = 'TargetIsOperatorError'
}

// ---- local API misuse (never raised by the validator) -------------------------

/** An operator command on a node that is not the operator (or knows no operator). */
export class NotOperatorError extends Error {
  override readonly name = 'NotOperatorError'
}

/** `ban` of a peer that is already banned. */
export class AlreadyBannedError extends Error {
  override readonly name = 'AlreadyBannedError'
}

/** `unban` of a peer that is not banned. */
export class NotBannedError extends Error {
  override readonly name = 'NotBannedError'
}
