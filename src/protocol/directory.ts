import { peerIdFromString } from '@libp2p/peer-id'
import { DirectoryAnnouncement } from './pb/chat.js'
import { MAX_DIRECTORY_MEMBER_COUNT, MAX_DIRECTORY_MEMBERS, MAX_DIRECTORY_MESSAGE_BYTES, MAX_DIRECTORY_ROOMS } from './constants.js'
import { MalformedMessageError, MessageTooLargeError } from './errors.js'
import { isNormalNick, isNormalRoomName } from './names.js'

/** One room as the directory topic describes it. */
export interface DirectoryRoomEntry {
  room: string
  /** some of the members (possibly trimmed) */
  members: Array<{ peer: string, nick: string }>
  /** how many members there are */
  memberCount: number
}

/**
 * Encode a directory announcement within the protocol limits: at most
 * {@link MAX_DIRECTORY_ROOMS} rooms and {@link MAX_DIRECTORY_MEMBERS} listed
 * members each, and member lists halved until the whole fits in
 * {@link MAX_DIRECTORY_MESSAGE_BYTES}. Counts stay exact.
 */
export function encodeDirectoryAnnouncement (rooms: DirectoryRoomEntry[]): Uint8Array {
  let cap = MAX_DIRECTORY_MEMBERS
  for (;;) {
    const bytes = DirectoryAnnouncement.encode({
      rooms: rooms.slice(0, MAX_DIRECTORY_ROOMS).map(r => ({
        room: r.room,
        members: r.members.slice(0, cap),
        memberCount: Math.max(r.memberCount, r.members.length)
      }))
    })
    if (bytes.byteLength <= MAX_DIRECTORY_MESSAGE_BYTES || cap === 0) {
      return bytes
    }
    cap = Math.floor(cap / 2)
  }
}

/**
 * Decode and check a directory announcement: size first, then every room name,
 * nick and peer id must be well formed.
 *
 * @throws {MessageTooLargeError | MalformedMessageError}
 */
export function decodeDirectoryAnnouncement (bytes: Uint8Array): DirectoryRoomEntry[] {
  if (bytes.byteLength > MAX_DIRECTORY_MESSAGE_BYTES) {
    throw new MessageTooLargeError(`directory announcement of ${bytes.byteLength} bytes exceeds ${MAX_DIRECTORY_MESSAGE_BYTES}`)
  }
  let decoded: DirectoryAnnouncement
  try {
    decoded = DirectoryAnnouncement.decode(bytes, {
      limits: { rooms: MAX_DIRECTORY_ROOMS, rooms$: { members: MAX_DIRECTORY_MEMBERS } }
    })
  } catch (err) {
    throw new MalformedMessageError(`directory announcement does not decode: ${(err as Error).message}`)
  }
  for (const entry of decoded.rooms) {
    if (!isNormalRoomName(entry.room)) {
      throw new MalformedMessageError('directory announcement names an invalid room')
    }
    for (const member of entry.members) {
      if (!isNormalNick(member.nick)) {
        throw new MalformedMessageError('directory announcement carries an invalid nickname')
      }
      try {
        peerIdFromString(member.peer)
      } catch {
        throw new MalformedMessageError('directory announcement carries an invalid peer id')
      }
    }
  }
  return decoded.rooms.map(r => ({ room: r.room, members: r.members, memberCount: Math.min(MAX_DIRECTORY_MEMBER_COUNT, Math.max(r.memberCount, r.members.length)) }))
}
