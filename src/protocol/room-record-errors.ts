/**
 * Errors raised by room records (create, verify, select) and room moderation
 * events. One class per failure, each with a stable `name` that tests and
 * callers match on, in the pattern of `errors.ts`.
 */

// ---- size and shape ----------------------------------------------------------

/** A room record larger than `MAX_ROOM_RECORD_BYTES`; rejected before parsing. */
export class RoomRecordTooLargeError extends Error {
  override readonly name = 'RoomRecordTooLargeError'
}

/** Bytes that do not decode into a well-formed room record (missing fields, wrong lengths, bad numbers). */
export class MalformedRoomRecordError extends Error {
  override readonly name = 'MalformedRoomRecordError'
}

/** A record whose room name is not in normal form. */
export class InvalidRoomNameError extends Error {
  override readonly name = 'InvalidRoomNameError'
}

/** A record stored under a DHT key that is not `/crypticomm-room/<its genesis room>`. */
export class RoomKeyMismatchError extends Error {
  override readonly name = 'RoomKeyMismatchError'
}

/** An owner or issuer key that does not parse or is not Ed25519. */
export class UnsupportedKeyError extends Error {
  override readonly name = 'UnsupportedKeyError'
}

// ---- the ownership chain -----------------------------------------------------

/** A record without a genesis link. */
export class MissingGenesisError extends Error {
  override readonly name = 'MissingGenesisError'
}

/** A chain with more links than `MAX_CHAIN_LINKS`. */
export class ChainTooLongError extends Error {
  override readonly name = 'ChainTooLongError'
}

/** A genesis whose signature is not the first owner's. */
export class GenesisSignatureError extends Error {
  override readonly name = 'GenesisSignatureError'
}

/** A reclaim link not signed by the new owner key it names. */
export class ReclaimSignatureError extends Error {
  override readonly name = 'ReclaimSignatureError'
}

/** A reclaim link whose token proof does not match the previous link's commitment (a forged reclaim). */
export class ReclaimTokenError extends Error {
  override readonly name = 'ReclaimTokenError'
}

/** A reclaim link whose `prevHash` is not the hash of the link before it (spliced or reordered). */
export class BrokenChainError extends Error {
  override readonly name = 'BrokenChainError'
}

/** A reclaim link dated before the link it follows. */
export class ChainTimeError extends Error {
  override readonly name = 'ChainTimeError'
}

// ---- the owner-signed body ---------------------------------------------------

/** A body that names a different room from the genesis. */
export class BodyRoomMismatchError extends Error {
  override readonly name = 'BodyRoomMismatchError'
}

/** A body signed for a different (for example shorter, older) chain than the one it is carried with. */
export class ChainHashMismatchError extends Error {
  override readonly name = 'ChainHashMismatchError'
}

/** A body whose signature is not the current (last) owner's. */
export class BodySignatureError extends Error {
  override readonly name = 'BodySignatureError'
}

/** An admin list or ban list longer than its limit. */
export class ListTooLongError extends Error {
  override readonly name = 'ListTooLongError'
}

/** A peer id that does not parse or is not in canonical base58btc form. */
export class MalformedPeerIdError extends Error {
  override readonly name = 'MalformedPeerIdError'
}

/** A peer listed twice among the admins or twice among the bans. */
export class DuplicateEntryError extends Error {
  override readonly name = 'DuplicateEntryError'
}

/** A body that bans the current owner. */
export class OwnerBannedError extends Error {
  override readonly name = 'OwnerBannedError'
}

/** A body that lists one peer both as admin and as banned. */
export class AdminBannedError extends Error {
  override readonly name = 'AdminBannedError'
}

/** A ban entry with a reason that is too long or holds control characters, or a bad time. */
export class InvalidBanError extends Error {
  override readonly name = 'InvalidBanError'
}

/** Room settings outside their bounds (topic length or characters, rate limits). */
export class SettingsOutOfBoundsError extends Error {
  override readonly name = 'SettingsOutOfBoundsError'
}

// ---- local API misuse (never raised by the validator) -------------------------

/** The key given to sign a body is not the current owner's. */
export class NotOwnerError extends Error {
  override readonly name = 'NotOwnerError'
}

/** A reclaim token that does not parse (wrong length or alphabet). */
export class MalformedTokenError extends Error {
  override readonly name = 'MalformedTokenError'
}

/** A reclaim token that matches no commitment in the chain. */
export class WrongTokenError extends Error {
  override readonly name = 'WrongTokenError'
}

/** A reclaim token that was already used: it matches an earlier link's commitment, not the current one. */
export class SpentTokenError extends Error {
  override readonly name = 'SpentTokenError'
}

// ---- moderation events -------------------------------------------------------

/** A room event larger than `MAX_ROOM_EVENT_BYTES`; rejected before parsing. */
export class RoomEventTooLargeError extends Error {
  override readonly name = 'RoomEventTooLargeError'
}

/** Bytes that do not decode into a well-formed room event. */
export class MalformedRoomEventError extends Error {
  override readonly name = 'MalformedRoomEventError'
}

/** A room event whose signature is not its issuer's. */
export class RoomEventSignatureError extends Error {
  override readonly name = 'RoomEventSignatureError'
}

/** A room event for a different room than the record it is checked against. */
export class RoomEventRoomMismatchError extends Error {
  override readonly name = 'RoomEventRoomMismatchError'
}

/** A room event whose issuer is neither the current owner nor an admin by the record. */
export class NotAuthorisedError extends Error {
  override readonly name = 'NotAuthorisedError'
}

/** A room event that acts on the room's owner. */
export class TargetIsOwnerError extends Error {
  override readonly name = 'TargetIsOwnerError'
}

/** A room event issued too far in the future or too long ago (a replay). */
export class StaleRoomEventError extends Error {
  override readonly name = 'StaleRoomEventError'
}

/** A kick's cool-off outside its bounds, or a cool-off on an event that is not a kick. */
export class CoolOffOutOfBoundsError extends Error {
  override readonly name = 'CoolOffOutOfBoundsError'
}

/** A room event by an admin that acts on another admin (only the owner may act on admins). */
export class TargetIsAdminError extends Error {
  override readonly name = 'TargetIsAdminError'
}
