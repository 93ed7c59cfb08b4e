import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import fc from 'fast-check'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { decodeDirectoryAnnouncement, encodeDirectoryAnnouncement } from '../../src/protocol/directory.js'
import type { DirectoryRoomEntry } from '../../src/protocol/directory.js'
import { DirectoryAnnouncement } from '../../src/protocol/pb/chat.js'
import {
  MAX_DIRECTORY_MEMBERS,
  MAX_DIRECTORY_MESSAGE_BYTES,
  MAX_DIRECTORY_ROOMS,
  MAX_NICK_LENGTH,
  MAX_ROOM_NAME_LENGTH
} from '../../src/protocol/constants.js'

const NAMED = new Set(['MessageTooLargeError', 'MalformedMessageError'])

function outcome (bytes: Uint8Array): string {
  try {
    decodeDirectoryAnnouncement(bytes)
    return 'valid'
  } catch (err) {
    const name = (err as Error).name
    assert.ok(NAMED.has(name), `unexpected ${name}: ${(err as Error).message}`)
    return name
  }
}

describe('directory announcements', () => {
  let peers: string[] = []

  before(async () => {
    peers = await Promise.all(Array.from({ length: 8 }, async () => peerIdFromPrivateKey(await generateKeyPair('Ed25519')).toString()))
  })

  /** `count` distinct members, reusing the real peer ids (the decoder checks form, not uniqueness). */
  function members (count: number, nickLength = 8): Array<{ peer: string, nick: string }> {
    return Array.from({ length: count }, (_, i) => ({ peer: peers[i % peers.length], nick: `n${i}`.padEnd(nickLength, 'x').slice(0, nickLength) }))
  }

  it('round-trips rooms with their members', () => {
    const rooms: DirectoryRoomEntry[] = [
      { room: 'general', members: [{ peer: peers[0], nick: 'alice' }, { peer: peers[1], nick: 'bob' }], memberCount: 2 },
      { room: 'empty', members: [], memberCount: 0 },
      { room: 'trimmed', members: [{ peer: peers[3], nick: 'carol' }], memberCount: 40 },
      { room: 'r'.repeat(MAX_ROOM_NAME_LENGTH), members: [{ peer: peers[2], nick: 'z'.repeat(MAX_NICK_LENGTH) }], memberCount: 1 }
    ]
    assert.deepEqual(decodeDirectoryAnnouncement(encodeDirectoryAnnouncement(rooms)), rooms)
    assert.deepEqual(decodeDirectoryAnnouncement(encodeDirectoryAnnouncement([])), [])
  })

  it(`keeps at most ${MAX_DIRECTORY_ROOMS} rooms and ${MAX_DIRECTORY_MEMBERS} members per room when encoding`, () => {
    const manyRooms = Array.from({ length: MAX_DIRECTORY_ROOMS + 5 }, (_, i) => ({ room: `room${i}`, members: [], memberCount: i }))
    const decodedRooms = decodeDirectoryAnnouncement(encodeDirectoryAnnouncement(manyRooms))
    assert.deepEqual(decodedRooms.map(r => r.room), manyRooms.slice(0, MAX_DIRECTORY_ROOMS).map(r => r.room))

    const crowd = members(MAX_DIRECTORY_MEMBERS + 10, 4)
    const [decoded] = decodeDirectoryAnnouncement(encodeDirectoryAnnouncement([{ room: 'busy', members: crowd, memberCount: 0 }]))
    assert.deepEqual(decoded.members, crowd.slice(0, MAX_DIRECTORY_MEMBERS))
    assert.equal(decoded.memberCount, MAX_DIRECTORY_MEMBERS + 10, 'the count stays exact (and is never below the members given)')
  })

  it('reads a member count below the listed members as the number listed', () => {
    const bytes = DirectoryAnnouncement.encode({ rooms: [{ room: 'lobby', members: members(3), memberCount: 1 }] })
    assert.equal(decodeDirectoryAnnouncement(bytes)[0].memberCount, 3)
  })

  it('does not modify the caller\'s entries when truncating', () => {
    const crowd = members(MAX_DIRECTORY_MEMBERS + 1, 4)
    const rooms = [{ room: 'busy', members: crowd, memberCount: crowd.length }]
    encodeDirectoryAnnouncement(rooms)
    assert.equal(rooms[0].members.length, MAX_DIRECTORY_MEMBERS + 1)
  })

  it('rejects more rooms or members than the limits, even when small enough in bytes', () => {
    const tooManyRooms = DirectoryAnnouncement.encode({ rooms: Array.from({ length: MAX_DIRECTORY_ROOMS + 1 }, (_, i) => ({ room: `r${i}`, members: [], memberCount: 0 })) })
    assert.ok(tooManyRooms.byteLength <= MAX_DIRECTORY_MESSAGE_BYTES)
    assert.throws(() => decodeDirectoryAnnouncement(tooManyRooms), { name: 'MalformedMessageError', message: /too many/ })
    const tooManyMembers = DirectoryAnnouncement.encode({ rooms: [{ room: 'r', members: members(MAX_DIRECTORY_MEMBERS + 1, 1), memberCount: MAX_DIRECTORY_MEMBERS + 1 }] })
    assert.ok(tooManyMembers.byteLength <= MAX_DIRECTORY_MESSAGE_BYTES)
    assert.throws(() => decodeDirectoryAnnouncement(tooManyMembers), { name: 'MalformedMessageError', message: /too many/ })
  })

  it('rejects an invalid room name', () => {
    for (const room of ['', 'General', '#general', 'a b', 'x'.repeat(MAX_ROOM_NAME_LENGTH + 1), 'gen\u001b[2Jeral']) {
      const bytes = encodeDirectoryAnnouncement([{ room, members: [], memberCount: 0 }])
      assert.throws(() => decodeDirectoryAnnouncement(bytes), { name: 'MalformedMessageError', message: /room/ }, JSON.stringify(room))
    }
  })

  it('rejects an invalid nickname', () => {
    for (const nick of ['', 'Alice', 'al ice', 'x'.repeat(MAX_NICK_LENGTH + 1), 'eve\u0007']) {
      const bytes = encodeDirectoryAnnouncement([{ room: 'general', members: [{ peer: peers[0], nick }], memberCount: 1 }])
      assert.throws(() => decodeDirectoryAnnouncement(bytes), { name: 'MalformedMessageError', message: /nickname/ }, JSON.stringify(nick))
    }
  })

  it('rejects an invalid peer id', () => {
    for (const peer of ['', 'not-a-peer', '12D3KooW', peers[0].slice(0, -1), `${peers[0]}x`, 'Qm\u001b[2J']) {
      const bytes = encodeDirectoryAnnouncement([{ room: 'general', members: [{ peer, nick: 'alice' }], memberCount: 1 }])
      assert.throws(() => decodeDirectoryAnnouncement(bytes), { name: 'MalformedMessageError', message: /peer id/ }, JSON.stringify(peer))
    }
  })

  it(`rejects more than ${MAX_DIRECTORY_MESSAGE_BYTES} bytes before parsing them`, () => {
    assert.throws(() => decodeDirectoryAnnouncement(new Uint8Array(MAX_DIRECTORY_MESSAGE_BYTES + 1).fill(0xff)), { name: 'MessageTooLargeError' })
    assert.equal(outcome(new Uint8Array(MAX_DIRECTORY_MESSAGE_BYTES).fill(0xff)), 'MalformedMessageError')
  })

  it('trims member lists, not rooms or counts, so that full rooms still fit in one announcement', () => {
    const full = members(MAX_DIRECTORY_MEMBERS, MAX_NICK_LENGTH)
    const rooms = [{ room: 'one', members: full, memberCount: 500 }, { room: 'two', members: full, memberCount: full.length }]
    const bytes = encodeDirectoryAnnouncement(rooms)
    assert.ok(bytes.byteLength <= MAX_DIRECTORY_MESSAGE_BYTES, `${bytes.byteLength} bytes`)
    const decoded = decodeDirectoryAnnouncement(bytes)
    assert.deepEqual(decoded.map(r => [r.room, r.memberCount]), [['one', 500], ['two', MAX_DIRECTORY_MEMBERS]])
    for (const entry of decoded) {
      assert.ok(entry.members.length > 0 && entry.members.length < MAX_DIRECTORY_MEMBERS, `${entry.room} lists ${entry.members.length}`)
      assert.deepEqual(entry.members, full.slice(0, entry.members.length), 'the first members are kept')
    }
  })

  it('property: any entries within the room and member limits encode to an announcement that decodes with exact counts', () => {
    const entry = fc.record({
      room: fc.stringMatching(new RegExp(`^[a-z0-9_-]{1,${MAX_ROOM_NAME_LENGTH}}$`)),
      size: fc.nat({ max: MAX_DIRECTORY_MEMBERS + 20 }),
      extra: fc.nat({ max: 1000 }),
      nickLength: fc.integer({ min: 1, max: MAX_NICK_LENGTH })
    })
    fc.assert(fc.property(fc.array(entry, { maxLength: MAX_DIRECTORY_ROOMS + 4 }), specs => {
      const rooms = specs.map(e => ({ room: e.room, members: members(e.size, e.nickLength), memberCount: e.size + e.extra }))
      const bytes = encodeDirectoryAnnouncement(rooms)
      const decoded = decodeDirectoryAnnouncement(bytes)
      assert.deepEqual(decoded.map(r => [r.room, r.memberCount]), rooms.slice(0, MAX_DIRECTORY_ROOMS).map(r => [r.room, r.memberCount]))
    }), { numRuns: 40 })
  })

  it('property: arbitrary bytes decode or throw MessageTooLargeError / MalformedMessageError', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 400 }), bytes => {
      outcome(bytes)
    }), { numRuns: 2000 })
  })

  it('property: mutated valid announcements decode or throw a named error', () => {
    fc.assert(fc.property(fc.nat(), fc.nat(), fc.integer({ min: 0, max: 255 }), (roomCount, at, value) => {
      const rooms = Array.from({ length: roomCount % 4 }, (_, i) => ({ room: `room${i}`, members: members(i + 1), memberCount: i + 1 }))
      const bytes = encodeDirectoryAnnouncement(rooms)
      if (bytes.byteLength === 0) {
        return
      }
      const mutated = new Uint8Array(bytes)
      mutated[at % mutated.byteLength] = value
      const result = outcome(mutated)
      if (result === 'valid') {
        for (const entry of decodeDirectoryAnnouncement(mutated)) {
          assert.match(entry.room, /^[a-z0-9_-]+$/)
        }
      }
    }), { numRuns: 1000 })
  })
})
