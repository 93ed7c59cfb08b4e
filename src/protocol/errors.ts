/**
 * Errors raised by the pure protocol code. Each has a stable `name` that tests
 * and callers match on.
 */

/** A room name or nickname that cannot be normalised into a valid name. */
export class InvalidNameError extends Error {
  override readonly name = 'InvalidNameError'
}

/** Bytes from the network that are larger than the decoder accepts. */
export class MessageTooLargeError extends Error {
  override readonly name = 'MessageTooLargeError'
}

/** Bytes from the network that do not decode into a well-formed message. */
export class MalformedMessageError extends Error {
  override readonly name = 'MalformedMessageError'
}

/** A message whose send time is too far in the future or the past. */
export class StaleMessageError extends Error {
  override readonly name = 'StaleMessageError'
}
