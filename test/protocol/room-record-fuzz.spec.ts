import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import fc from 'fast-check'
import { createRoomEvent, verifyRoomEvent } from '../../src/protocol/room-event.js'
import { decodeToken } from '../../src/protocol/room-record.js'
import * as errors from '../../src/protocol/room-record-errors.js'
import { compareRoomRecords, selectRoomRecord } from '../../src/protocol/room-record-selector.js'
import { verifyRoomRecord } from '../../src/protocol/room-record-validator.js'
import { KEY, peerOf, ROOM, T0, validHistories } from './fixtures/room-records.js'
import type { Histories } from './fixtures/room-records.js'

/** The names of every rejection error of the room protocol. */
const NAMED = new Set<string>(Object.values(errors).map(ErrorClass => new ErrorClass('').name))

const NOW = T0 + 60_000

/** Resolve to 'valid', or to the error's name when it is one of ours; anything else fails the test. */
async function outcome (run: () => Promise<unknown>): Promise<string> {
  try {
    await run()
    return 'valid'
  } catch (err) {
    const name = (err as Error).name
    assert.ok(NAMED.has(name), `unexpected ${name}: ${(err as Error).message}\n${(err as Error).stack}`)
    return name
  }
}

/** Random edits of a byte string: flip, overwrite, insert, delete, truncate. */
const mutation = fc.oneof(
  fc.record({ op: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ op: fc.constant('set' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
  fc.record({ op: fc.constant('delete' as const), at: fc.nat(), count: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() })
)
type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never

function mutate (bytes: Uint8Array, edits: Mutation[]): Uint8Array {
  let out = new Uint8Array(bytes)
  for (const edit of edits) {
    const at = out.byteLength === 0 ? 0 : edit.at % out.byteLength
    switch (edit.op) {
      case 'flip': if (out.byteLength > 0) { out[at] ^= 1 << edit.bit } break
      case 'set': if (out.byteLength > 0) { out[at] = edit.value } break
      case 'insert': out = Uint8Array.from([...out.subarray(0, at), ...edit.bytes, ...out.subarray(at)]); break
      case 'delete': out = Uint8Array.from([...out.subarray(0, at), ...out.subarray(at + edit.count)]); break
      case 'truncate': out = out.slice(0, at); break
    }
  }
  return out
}

describe('room record fuzzing', () => {
  let h: Histories
  let valid: Uint8Array[]

  before(async () => {
    h = await validHistories()
    valid = [h.created.bytes, h.moderated.bytes, h.reclaimed.bytes, h.afterReclaim.bytes]
  })

  it('knows the names of its errors', () => {
    assert.ok(NAMED.has('MalformedRoomRecordError'))
    assert.ok(NAMED.has('RoomEventSignatureError'))
    assert.ok(NAMED.size >= 30)
  })

  it('random bytes are rejected only with the named errors', async () => {
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 2048 }), async bytes => {
      assert.notEqual(await outcome(async () => verifyRoomRecord(KEY, bytes)), 'valid')
    }), { numRuns: 1000 })
  })

  it('mutated valid records are rejected with named errors, or still say exactly what the owner signed', async () => {
    await fc.assert(fc.asyncProperty(fc.nat({ max: 3 }), fc.array(mutation, { minLength: 1, maxLength: 4 }), async (which, edits) => {
      const original = await verifyRoomRecord(KEY, valid[which])
      const bytes = mutate(valid[which], edits)
      let parsed: Awaited<ReturnType<typeof verifyRoomRecord>> | undefined
      await outcome(async () => { parsed = await verifyRoomRecord(KEY, bytes) })
      if (parsed != null) {
        // an edit that survives (an unknown field, say) changes no authority
        assert.equal(parsed.owner, original.owner)
        assert.deepEqual(parsed.chainHash, original.chainHash)
        assert.deepEqual(parsed.bodyBytes, original.bodyBytes)
      }
    }), { numRuns: 1500 })
  })

  it('the selector never throws and never picks an invalid record over a valid one', async () => {
    const entry = fc.oneof(
      fc.nat({ max: 3 }).map(i => ({ bytes: valid[i], valid: true })),
      fc.tuple(fc.nat({ max: 3 }), fc.array(mutation, { minLength: 1, maxLength: 3 })).map(([i, edits]) => ({ bytes: mutate(valid[i], edits), valid: false })),
      fc.uint8Array({ maxLength: 300 }).map(bytes => ({ bytes, valid: false }))
    )
    await fc.assert(fc.asyncProperty(fc.array(entry, { minLength: 1, maxLength: 8 }), async entries => {
      const records = entries.map(e => e.bytes)
      const index = await selectRoomRecord(KEY, records)
      assert.ok(Number.isInteger(index) && index >= 0 && index < records.length)
      // which entries really verify: a mutation of the unsigned outer framing
      // can leave a record that still carries exactly what was signed
      const verified = await Promise.all(records.map(async bytes => verifyRoomRecord(KEY, bytes).catch(() => undefined)))
      if (entries.some(e => e.valid)) {
        // a valid record must win, and none may beat it; the newest of our history is the best
        const chosen = verified[index]
        assert.ok(chosen != null, 'the selector picked a record that verifies')
        for (const other of verified) {
          if (other != null) {
            assert.ok(compareRoomRecords(other, chosen) >= 0, 'no valid record beats the chosen one')
          }
        }
        const best = Math.max(...entries.filter(e => e.valid).map(e => valid.indexOf(e.bytes)))
        assert.ok(compareRoomRecords(chosen, await verifyRoomRecord(KEY, valid[best])) <= 0, 'the chosen record is at least as good as the newest of the history')
      }
    }), { numRuns: 300 })
  })

  it('the selector picks the same record whatever the order', async () => {
    await fc.assert(fc.asyncProperty(fc.shuffledSubarray(valid, { minLength: 1 }), fc.uint8Array({ maxLength: 64 }), async (subset, junk) => {
      const forward = [...subset, junk]
      const backward = [junk, ...[...subset].reverse()]
      const a = forward[await selectRoomRecord(KEY, forward)]
      const b = backward[await selectRoomRecord(KEY, backward)]
      assert.deepEqual(a, b)
    }), { numRuns: 200 })
  })

  it('random and mutated moderation events are rejected only with the named errors', async () => {
    const kick = await createRoomEvent(h.cast.bob, { kind: 'KICK', room: ROOM, target: peerOf(h.cast.carol), issuedAtMs: NOW })
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 1500 }), async bytes => {
      assert.notEqual(await outcome(async () => verifyRoomEvent(bytes, h.moderated.record, NOW)), 'valid')
    }), { numRuns: 1000 })
    await fc.assert(fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 4 }), async edits => {
      const bytes = mutate(kick, edits)
      let event: Awaited<ReturnType<typeof verifyRoomEvent>> | undefined
      await outcome(async () => { event = await verifyRoomEvent(bytes, h.moderated.record, NOW) })
      if (event != null) {
        assert.equal(event.issuer, peerOf(h.cast.bob))
        assert.equal(event.target, peerOf(h.cast.carol))
        assert.equal(event.kind, 'KICK')
      }
    }), { numRuns: 1000 })
  })

  it('decodeToken returns 32 bytes or throws MalformedTokenError', () => {
    fc.assert(fc.property(fc.oneof(fc.string({ maxLength: 80 }), fc.stringMatching(/^[A-Za-z0-9_-]{43}$/), fc.stringMatching(/^[0-9a-f]{64}$/)), text => {
      try {
        assert.equal(decodeToken(text).byteLength, 32)
      } catch (err) {
        assert.equal((err as Error).name, 'MalformedTokenError')
      }
    }), { numRuns: 1000 })
  })
})
