import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { DIRECTORY_JITTER_MS, RoomDirectory } from '../../src/chat/room-directory.js'
import { DIRECTORY_ENTRY_TIMEOUT_MS, DIRECTORY_INTERVAL_MS } from '../../src/protocol/constants.js'
import type { DirectoryRoomEntry } from '../../src/protocol/directory.js'

const T0 = 5_000_000
const INTERVAL = DIRECTORY_INTERVAL_MS

/** A random source that always returns `value` (0 = no jitter, just under 1 = the most). */
function fixed (value: number): () => number {
  return () => value
}

/** A directory entry listing `members`; the count is the number listed unless given. */
function entry (room: string, members: Array<{ peer: string, nick: string }>, memberCount = members.length): DirectoryRoomEntry {
  return { room, members, memberCount }
}

const alice = { peer: 'p-alice', nick: 'alice' }
const bob = { peer: 'p-bob', nick: 'bob' }
const carol = { peer: 'p-carol', nick: 'carol' }

describe('RoomDirectory', () => {
  describe('announcement schedule', () => {
    it('announces a joined room after the first delay plus up to a second of jitter', () => {
      const noJitter = new RoomDirectory(fixed(0))
      noJitter.joined('lobby', T0, 3000)
      assert.deepEqual(noJitter.takeDue(T0 + 2999), [])
      assert.deepEqual(noJitter.takeDue(T0 + 3000), ['lobby'])

      const jitter = new RoomDirectory(fixed(0.5))
      jitter.joined('lobby', T0, 3000)
      assert.deepEqual(jitter.takeDue(T0 + 3499), [])
      assert.deepEqual(jitter.takeDue(T0 + 3500), ['lobby'])
    })

    it('returns a due room once per period', () => {
      const dir = new RoomDirectory(fixed(0))
      dir.joined('lobby', T0, 0)
      assert.deepEqual(dir.takeDue(T0), ['lobby'])
      assert.deepEqual(dir.takeDue(T0), [], 'not again at the same moment')
      assert.deepEqual(dir.takeDue(T0 + INTERVAL - 1), [])
      assert.deepEqual(dir.takeDue(T0 + INTERVAL), ['lobby'])
      assert.deepEqual(dir.takeDue(T0 + INTERVAL + 1), [])
    })

    it('spreads the next period by up to DIRECTORY_JITTER_MS', () => {
      const dir = new RoomDirectory(fixed(0.999))
      dir.joined('lobby', T0, 0)
      assert.deepEqual(dir.takeDue(T0 + 999), ['lobby'])
      const latest = T0 + 999 + INTERVAL + Math.floor(0.999 * DIRECTORY_JITTER_MS)
      assert.deepEqual(dir.takeDue(latest - 1), [])
      assert.deepEqual(dir.takeDue(latest), ['lobby'])
    })

    it('counts a period from when the room was taken, not from when it was due', () => {
      const dir = new RoomDirectory(fixed(0))
      dir.joined('lobby', T0, 0)
      assert.deepEqual(dir.takeDue(T0 + 7000), ['lobby'], 'a late tick')
      assert.deepEqual(dir.takeDue(T0 + INTERVAL), [])
      assert.deepEqual(dir.takeDue(T0 + 7000 + INTERVAL), ['lobby'])
    })

    it('stops announcing a room we left', () => {
      const dir = new RoomDirectory(fixed(0))
      dir.joined('a', T0, 0)
      dir.joined('b', T0, 0)
      dir.left('a')
      assert.deepEqual(dir.takeDue(T0 + 10 * INTERVAL), ['b'])
      dir.left('never-joined')
    })

    it('never schedules rooms we only heard of', () => {
      const dir = new RoomDirectory(fixed(0))
      dir.heard([entry('elsewhere', [alice])], T0)
      assert.deepEqual(dir.takeDue(T0 + 10 * INTERVAL), [])
    })
  })

  describe('suppression', () => {
    it('an announcement heard from another member pushes our due time a full period out', () => {
      const dir = new RoomDirectory(fixed(0))
      dir.joined('lobby', T0, 3000)
      dir.heard([entry('lobby', [alice, bob])], T0 + 2000)
      assert.deepEqual(dir.takeDue(T0 + 3000), [], 'someone else announced it first')
      assert.deepEqual(dir.takeDue(T0 + 2000 + INTERVAL - 1), [])
      assert.deepEqual(dir.takeDue(T0 + 2000 + INTERVAL), ['lobby'], 'due again if nobody else announces')
    })

    it('two members of a room: the one with the earlier timer announces, the other stays quiet', () => {
      const early = new RoomDirectory(fixed(0.1))
      const late = new RoomDirectory(fixed(0.9))
      early.joined('lobby', T0, 3000)
      late.joined('lobby', T0, 3000)
      const announced: string[] = []
      for (let now = T0; now <= T0 + 5 * INTERVAL; now += 1000) {
        for (const [who, dir, other] of [['early', early, late], ['late', late, early]] as const) {
          for (const room of dir.takeDue(now)) {
            announced.push(who)
            const announcement = [entry(room, [alice, bob])]
            dir.heard(announcement, now)
            other.heard(announcement, now)
          }
        }
      }
      assert.ok(announced.length >= 5 && announced.length <= 6, `about one announcement per period (got ${announced.length})`)
      assert.deepEqual(new Set(announced), new Set(['early']), 'only the member with the earlier timer announced')
    })

    it('only rooms named in the announcement are pushed out', () => {
      const dir = new RoomDirectory(fixed(0))
      dir.joined('a', T0, 1000)
      dir.joined('b', T0, 1000)
      dir.heard([entry('a', [])], T0 + 500)
      assert.deepEqual(dir.takeDue(T0 + 1000), ['b'])
    })
  })

  describe('newcomers', () => {
    it('pull our due times in to within the given window', () => {
      const dir = new RoomDirectory(fixed(0.5))
      dir.joined('lobby', T0, 0)
      dir.takeDue(T0 + 500)
      // next due is a period away; a newcomer appears
      dir.newcomer(T0 + 1000, 2000)
      const pulledTo = T0 + 1000 + 200 + 1000
      assert.deepEqual(dir.takeDue(pulledTo - 1), [])
      assert.deepEqual(dir.takeDue(pulledTo), ['lobby'])
    })

    it('never push a due time later', () => {
      const dir = new RoomDirectory(fixed(0))
      dir.joined('lobby', T0, 100)
      dir.newcomer(T0, 60_000)
      assert.deepEqual(dir.takeDue(T0 + 100), ['lobby'])
    })

    it('do nothing for rooms we are not in', () => {
      const dir = new RoomDirectory(fixed(0))
      dir.heard([entry('elsewhere', [alice])], T0)
      dir.newcomer(T0, 1000)
      assert.deepEqual(dir.takeDue(T0 + 5000), [])
    })
  })

  describe('listing', () => {
    it('lists rooms busiest first, then by name', () => {
      const dir = new RoomDirectory(fixed(0))
      dir.heard([
        entry('quiet', [alice]),
        entry('busy', [alice, bob, carol]),
        entry('beta', [alice, bob]),
        entry('alpha', [carol, bob])
      ], T0)
      assert.deepEqual(dir.list(T0).map(l => [l.room, l.memberCount]), [['busy', 3], ['alpha', 2], ['beta', 2], ['quiet', 1]])
      assert.deepEqual(dir.list(T0)[0], { room: 'busy', members: [alice, bob, carol], memberCount: 3, lastHeardMs: T0 })
    })

    it('ranks rooms by their announced member count, not by how many members were listed', () => {
      const dir = new RoomDirectory(fixed(0))
      dir.heard([entry('trimmed', [alice], 200), entry('small', [alice, bob, carol])], T0)
      assert.deepEqual(dir.list(T0).map(l => [l.room, l.memberCount, l.members.length]), [['trimmed', 200, 1], ['small', 3, 3]])
    })

    it('replaces a room\'s listing with the latest announcement', () => {
      const dir = new RoomDirectory(fixed(0))
      dir.heard([entry('lobby', [alice, bob])], T0)
      dir.heard([entry('lobby', [carol])], T0 + 10)
      assert.deepEqual(dir.list(T0 + 10), [{ room: 'lobby', members: [carol], memberCount: 1, lastHeardMs: T0 + 10 }])
    })

    it(`drops a room not heard for ${DIRECTORY_ENTRY_TIMEOUT_MS} ms`, () => {
      const dir = new RoomDirectory(fixed(0))
      dir.heard([entry('old', [alice])], T0)
      dir.heard([entry('fresh', [bob])], T0 + 30_000)
      assert.deepEqual(dir.list(T0 + DIRECTORY_ENTRY_TIMEOUT_MS).map(l => l.room).sort(), ['fresh', 'old'])
      assert.deepEqual(dir.list(T0 + DIRECTORY_ENTRY_TIMEOUT_MS + 1).map(l => l.room), ['fresh'])
      assert.deepEqual(dir.list(T0 + 30_000 + DIRECTORY_ENTRY_TIMEOUT_MS + 1), [])
    })

    it('takes custom period and timeout', () => {
      const dir = new RoomDirectory(fixed(0), 1000, 50)
      dir.joined('lobby', T0, 0)
      assert.deepEqual(dir.takeDue(T0), ['lobby'])
      assert.deepEqual(dir.takeDue(T0 + 1000), ['lobby'])
      dir.heard([entry('lobby', [])], T0 + 1000)
      assert.equal(dir.list(T0 + 1050).length, 1)
      assert.equal(dir.list(T0 + 1051).length, 0)
    })
  })
})
