/**
 * Protocol identifiers and limits shared by every CryptiComm peer. Each id
 * carries a version; every number carries its unit in its name.
 */

/** The private Kademlia DHT protocol that holds CryptiComm records. */
export const DHT_PROTOCOL = '/crypticomm/kad/1.0.0'

/** Prefix of the gossipsub topic of one room: `crypticomm/room/<room>`. */
export const ROOM_TOPIC_PREFIX = 'crypticomm/room/'

/** The directory topic on which active rooms are announced. */
export const DIRECTORY_TOPIC = 'crypticomm/rooms'

/** Namespace of the DHT keys of room records: `/crypticomm-room/<room>`. */
export const ROOM_KEY_NAMESPACE = 'crypticomm-room'

/** Longest room name, in characters, after normalisation. */
export const MAX_ROOM_NAME_LENGTH = 32

/** Longest nickname, in characters, after normalisation. */
export const MAX_NICK_LENGTH = 24

/** Longest chat text a peer accepts, in UTF-8 bytes. */
export const MAX_TEXT_BYTES = 2048

/** Largest signed payload (room record or moderation event) a room message may carry, in bytes. */
export const MAX_ROOM_PAYLOAD_BYTES = 64 * 1024

/** Largest encoded room message a peer accepts, in bytes (payload, text and framing). */
export const MAX_CHAT_MESSAGE_BYTES = MAX_ROOM_PAYLOAD_BYTES + 4096

/** Largest encoded directory announcement a peer accepts, in bytes. */
export const MAX_DIRECTORY_MESSAGE_BYTES = 16384

/** Most rooms one directory announcement may carry. */
export const MAX_DIRECTORY_ROOMS = 64

/** Largest member count a directory announcement may claim for a room (larger claims are capped). */
export const MAX_DIRECTORY_MEMBER_COUNT = 10_000

/** Most members listed per room in a directory announcement. */
export const MAX_DIRECTORY_MEMBERS = 128

/** How far a message's send time may lie in the future before it is rejected. */
export const MAX_CLOCK_SKEW_MS = 60_000

/** How old a message's send time may be before it is rejected as a replay. */
export const MAX_MESSAGE_AGE_MS = 5 * 60_000

/** How often a room member announces its presence on the room topic. */
export const HEARTBEAT_INTERVAL_MS = 30_000

/** A member not heard from for this long is no longer listed. */
export const MEMBER_TIMEOUT_MS = 75_000

/** How often a room is announced on the directory topic (by one member). */
export const DIRECTORY_INTERVAL_MS = 20_000

/** A directory entry not refreshed for this long is dropped from `/rooms`. */
export const DIRECTORY_ENTRY_TIMEOUT_MS = 65_000
