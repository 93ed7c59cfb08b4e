import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import { createRoomRecord, isSameGenesis, reclaimRoom, updateRoomBody } from '../../src/protocol/room-record.js'
import { compareBytes, compareRoomRecords, selectRoomRecord } from '../../src/protocol/room-record-selector.js'
import { verifyRoomRecord } from '../../src/protocol/room-record-validator.js'
import { assemble, buildBody, defectFixtures, disassemble, KEY, peerOf, ROOM, signBody, T0, tokenFromSeed, validHistories } from './fixtures/room-records.js'
import type { DefectFixture, Histories } from './fixtures/room-records.js'
import type { RoomRecord } from '../../src/protocol/room-record.js'
import type { SelectFn } from '@libp2p/kad-dht'

describe('room record selector', () => {
  let h: Histories
  let fixtures: DefectFixture[]

  before(async () => {
    h = await validHistories()
    fixtures = (await defectFixtures()).filter(f => f.key === KEY)
  })

  it('has the shape of a kad-dht SelectFn', () => {
    const fn: SelectFn = selectRoomRecord
    assert.equal(typeof fn, 'function')
  })

  describe('rule 1: invalid records never win', () => {
    it('prefers a valid record over every defect fixture, wherever it stands', async () => {
      for (const fixture of fixtures) {
        assert.equal(await selectRoomRecord(KEY, [fixture.bytes, h.created.bytes]), 1, fixture.name)
        assert.equal(await selectRoomRecord(KEY, [h.created.bytes, fixture.bytes]), 0, fixture.name)
      }
    })

    it('prefers the oldest valid record over forgeries that claim a longer chain or a higher seq', async () => {
      const forgeries = fixtures.map(f => f.bytes)
      assert.equal(await selectRoomRecord(KEY, [...forgeries, h.created.bytes, ...forgeries]), forgeries.length)
    })

    it('returns 0 and does not throw when no record is valid', async () => {
      assert.equal(await selectRoomRecord(KEY, [new Uint8Array([1, 2, 3]), new Uint8Array(0)]), 0)
    })

    it('treats a valid record under the wrong key as invalid', async () => {
      const other = await createRoomRecord({ room: 'random', ownerKey: h.cast.mallory, nowMs: T0 - 1000 })
      assert.equal(await selectRoomRecord(KEY, [other.bytes, h.moderated.bytes]), 1)
    })
  })

  describe('rule 2: same genesis, longer chain wins', () => {
    it('prefers the reclaimed chain over a higher-seq body of the old owner', async () => {
      // alice keeps signing bodies on her (shorter) chain: seq 50
      let record = h.moderated.record
      let signed = h.moderated
      while (record.body.seq < 50n) {
        signed = await updateRoomBody(record, h.cast.alice, {})
        record = signed.record
      }
      assert.equal(await selectRoomRecord(KEY, [signed.bytes, h.reclaimed.bytes]), 1)
      assert.equal(await selectRoomRecord(KEY, [h.reclaimed.bytes, signed.bytes]), 0)
      assert.ok(compareRoomRecords(h.reclaimed.record, record) < 0)
    })
  })

  describe('rule 3: same chain, higher seq wins', () => {
    it('replayed-older-seq: the newer body wins over a replayed older one', async () => {
      assert.equal(await selectRoomRecord(KEY, [h.created.bytes, h.moderated.bytes]), 1)
      assert.equal(await selectRoomRecord(KEY, [h.moderated.bytes, h.created.bytes]), 0)
      assert.equal(await selectRoomRecord(KEY, [h.reclaimed.bytes, h.afterReclaim.bytes, h.reclaimed.bytes]), 1)
    })
  })

  describe('rule 4: same chain and seq, smaller body signature wins', () => {
    it('breaks the tie the same way whatever the order', async () => {
      const record = h.created.record
      // two different bodies with the same seq, both signed by alice
      const parts = disassemble(h.created.bytes)
      const bodyA = buildBody({ seq: 2n, chainHash: record.chainHash, settings: { topic: 'a' } })
      const bodyB = buildBody({ seq: 2n, chainHash: record.chainHash, settings: { topic: 'b' } })
      const a = assemble(parts.genesis, [], bodyA, await signBody(h.cast.alice, bodyA))
      const b = assemble(parts.genesis, [], bodyB, await signBody(h.cast.alice, bodyB))
      const ra = await verifyRoomRecord(KEY, a)
      const rb = await verifyRoomRecord(KEY, b)
      const aWins = compareBytes(ra.bodySignature, rb.bodySignature) < 0
      assert.equal(await selectRoomRecord(KEY, [a, b]), aWins ? 0 : 1)
      assert.equal(await selectRoomRecord(KEY, [b, a]), aWins ? 1 : 0)
      assert.equal(sign(compareRoomRecords(ra, rb)) + sign(compareRoomRecords(rb, ra)), 0)
    })

    it('gives 0 for identical records and keeps the first index', async () => {
      assert.equal(compareRoomRecords(h.created.record, h.created.record), 0)
      assert.equal(await selectRoomRecord(KEY, [h.created.bytes, h.created.bytes]), 0)
    })
  })

  describe('rule 5 and 6: different genesis', () => {
    it('prefers the earlier creation time, even against a longer chain or a higher seq', async () => {
      const later = await createRoomRecord({ room: ROOM, ownerKey: h.cast.mallory, nowMs: T0 + 1, token: tokenFromSeed(0xEE) })
      const laterReclaimed = await reclaimRoom(later.record, h.cast.dave, tokenFromSeed(0xEE), T0 + 2)
      assert.equal(await selectRoomRecord(KEY, [laterReclaimed.bytes, h.created.bytes]), 1)
      const earlier = await createRoomRecord({ room: ROOM, ownerKey: h.cast.mallory, nowMs: T0 - 1 })
      assert.equal(await selectRoomRecord(KEY, [h.afterReclaim.bytes, earlier.bytes]), 1)
    })

    it('prefers the smaller genesis hash when creation times are equal', async () => {
      const other = await createRoomRecord({ room: ROOM, ownerKey: h.cast.mallory, nowMs: T0, token: tokenFromSeed(0xEE) })
      const otherWins = compareBytes(other.record.genesisHash, h.created.record.genesisHash) < 0
      assert.equal(await selectRoomRecord(KEY, [h.created.bytes, other.bytes]), otherWins ? 1 : 0)
      assert.equal(await selectRoomRecord(KEY, [other.bytes, h.created.bytes]), otherWins ? 0 : 1)
    })
  })

  it('is a total order over a mixed set (antisymmetric and transitive)', async () => {
    const others = [
      await createRoomRecord({ room: ROOM, ownerKey: h.cast.mallory, nowMs: T0, token: tokenFromSeed(0xE1) }),
      await createRoomRecord({ room: ROOM, ownerKey: h.cast.dave, nowMs: T0, token: tokenFromSeed(0xE2) }),
      await createRoomRecord({ room: ROOM, ownerKey: h.cast.dave, nowMs: T0 + 5, token: tokenFromSeed(0xE3) })
    ]
    const records: RoomRecord[] = [h.created, h.moderated, h.reclaimed, h.afterReclaim, ...others].map(s => s.record)
    for (const a of records) {
      for (const b of records) {
        assert.equal(sign(compareRoomRecords(a, b)) + sign(compareRoomRecords(b, a)), 0)
        for (const c of records) {
          if (compareRoomRecords(a, b) < 0 && compareRoomRecords(b, c) < 0) {
            assert.ok(compareRoomRecords(a, c) < 0)
          }
        }
      }
    }
    // exactly one best record; among our genesis, the reclaimed chain's newest body
    const sorted = [...records].sort(compareRoomRecords)
    assert.equal(sorted.filter(r => compareRoomRecords(r, sorted[0]) === 0).length, 1)
    const ours = records.filter(r => isSameGenesis(r, h.created.record)).sort(compareRoomRecords)
    assert.equal(ours[0].body.seq, h.afterReclaim.record.body.seq)
    assert.equal(ours[0].owner, peerOf(h.cast.carol))
  })

  it('compareBytes orders bytewise with a proper prefix first', () => {
    assert.ok(compareBytes(Uint8Array.of(1, 2), Uint8Array.of(1, 3)) < 0)
    assert.ok(compareBytes(Uint8Array.of(1, 2), Uint8Array.of(1, 2, 0)) < 0)
    assert.ok(compareBytes(Uint8Array.of(0xff), Uint8Array.of(0x01, 0xff)) > 0)
    assert.equal(compareBytes(Uint8Array.of(7), Uint8Array.of(7)), 0)
  })
})

/** -1, 0 or 1. */
function sign (n: number): number {
  return n < 0 ? -1 : (n > 0 ? 1 : 0)
}
