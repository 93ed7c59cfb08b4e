/** Errors of the chat core, each with a stable `name`. */

/** The user acted on a room they have not joined. */
export class NotInRoomError extends Error {
  override readonly name = 'NotInRoomError'
}

/** A message longer than the protocol allows. */
export class TextTooLongError extends Error {
  override readonly name = 'TextTooLongError'
}

/** A message with nothing in it. */
export class EmptyTextError extends Error {
  override readonly name = 'EmptyTextError'
}

/** A moderation command that the record does not allow, or that makes no sense. */
export class ModerationError extends Error {
  override readonly name = 'ModerationError'
}

/** A rejoin during a kick's cool-off, or a join of a room we are banned from. */
export class KickedError extends Error {
  override readonly name = 'KickedError'
}

/** A nick or peer id that names nobody, or more than one peer. */
export class UnknownPeerError extends Error {
  override readonly name = 'UnknownPeerError'
}

/** Sending faster than the room's limit; the message says how long to wait. */
export class RateLimitedError extends Error {
  override readonly name = 'RateLimitedError'
}
