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
