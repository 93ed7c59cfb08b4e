import { MAX_NICK_LENGTH, MAX_ROOM_NAME_LENGTH, ROOM_KEY_NAMESPACE, ROOM_TOPIC_PREFIX } from './constants.js'
import { InvalidNameError } from './errors.js'

const NAME_ALPHABET = /^[a-z0-9_-]+$/
const NICK_ALPHABET = /^[a-z0-9_-]+$/

/**
 * Normalise a room name as a user typed it: an optional leading `#` is dropped,
 * the name is NFKC-normalised and case-folded, and must then be 1 to
 * {@link MAX_ROOM_NAME_LENGTH} characters of `a-z 0-9 _ -`.
 *
 * @throws {InvalidNameError} with a message a user can act on
 */
export function normaliseRoomName (input: string): string {
  const name = input.trim().replace(/^#/, '').normalize('NFKC').toLowerCase()
  if (name.length === 0) {
    throw new InvalidNameError('a room name cannot be empty: try /join #general')
  }
  if (name.length > MAX_ROOM_NAME_LENGTH) {
    throw new InvalidNameError(`room names are at most ${MAX_ROOM_NAME_LENGTH} characters (got ${name.length})`)
  }
  if (!NAME_ALPHABET.test(name)) {
    throw new InvalidNameError(`room names may use only letters, digits, "_" and "-" (got "${printable(input)}")`)
  }
  return name
}

/**
 * Normalise a nickname: NFKC-normalised and case-folded, 1 to
 * {@link MAX_NICK_LENGTH} characters of `a-z 0-9 _ -`.
 *
 * @throws {InvalidNameError} with a message a user can act on
 */
export function normaliseNick (input: string): string {
  const nick = input.trim().normalize('NFKC').toLowerCase()
  if (nick.length === 0) {
    throw new InvalidNameError('a nickname cannot be empty: try /nick alice')
  }
  if (nick.length > MAX_NICK_LENGTH) {
    throw new InvalidNameError(`nicknames are at most ${MAX_NICK_LENGTH} characters (got ${nick.length})`)
  }
  if (!NICK_ALPHABET.test(nick)) {
    throw new InvalidNameError(`nicknames may use only letters, digits, "_" and "-" (got "${printable(input)}")`)
  }
  return nick
}

/** True when `nick` is already in normal form (what the wire must carry). */
export function isNormalNick (nick: string): boolean {
  return nick.length > 0 && nick.length <= MAX_NICK_LENGTH && NICK_ALPHABET.test(nick)
}

/** True when `room` is already in normal form (what the wire must carry). */
export function isNormalRoomName (room: string): boolean {
  return room.length > 0 && room.length <= MAX_ROOM_NAME_LENGTH && NAME_ALPHABET.test(room)
}

/** The gossipsub topic of a normalised room name. */
export function roomTopic (room: string): string {
  return `${ROOM_TOPIC_PREFIX}${room}`
}

/** The room name of a room topic, or `undefined` when the topic is not a room's. */
export function roomFromTopic (topic: string): string | undefined {
  if (!topic.startsWith(ROOM_TOPIC_PREFIX)) {
    return undefined
  }
  const room = topic.slice(ROOM_TOPIC_PREFIX.length)
  return isNormalRoomName(room) ? room : undefined
}

/** The DHT key of a normalised room's record: `/crypticomm-room/<room>`. */
export function roomRecordKey (room: string): Uint8Array {
  return new TextEncoder().encode(`/${ROOM_KEY_NAMESPACE}/${room}`)
}

/** Replace control characters so that an error message can quote user input safely. */
function printable (input: string): string {
  // eslint-disable-next-line no-control-regex
  return input.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?').slice(0, 40)
}
