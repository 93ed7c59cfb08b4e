import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import { roomRecordKey } from '../../src/protocol/names.js'
import { decodeRoomRecord, MAX_ROOM_RECORD_BYTES, validateRoomRecord, verifyRoomRecord } from '../../src/protocol/room-record-validator.js'
import { defectFixtures, KEY, peerOf, ROOM, T0, validHistories } from './fixtures/room-records.js'
import type { DefectFixture, Histories } from './fixtures/room-records.js'
import type { ValidateFn } from '@libp2p/kad-dht'

describe('room record validator', () => {
  let h: Histories
  let fixtures: DefectFixture[]

  before(async () => {
    h = await validHistories()
    fixtures = await defectFixtures()
  })

  it('has the shape of a kad-dht ValidateFn', () => {
    const fn: ValidateFn = validateRoomRecord
    assert.equal(typeof fn, 'function')
  })

  it('accepts every record of a valid history', async () => {
    for (const signed of [h.created, h.moderated, h.reclaimed, h.afterReclaim]) {
      await validateRoomRecord(KEY, signed.bytes)
    }
  })

  it('returns the parsed record with owner, admins, bans and settings', async () => {
    const record = await verifyRoomRecord(KEY, h.moderated.bytes)
    assert.equal(record.room, ROOM)
    assert.equal(record.owner, peerOf(h.cast.alice))
    assert.equal(record.createdAtMs, T0)
    assert.equal(record.body.seq, 2n)
    assert.deepEqual(record.body.admins, [peerOf(h.cast.bob)])
    assert.deepEqual(record.body.bans, [{ peer: peerOf(h.cast.dave), reason: 'spam', atMs: T0 + 10, by: peerOf(h.cast.alice) }])
    assert.equal(record.chain.length, 1)
    assert.deepEqual(record.chainHash, record.genesisHash)
  })

  it('names the last link of the chain as owner after a reclaim', async () => {
    const record = await verifyRoomRecord(KEY, h.afterReclaim.bytes)
    assert.equal(record.owner, peerOf(h.cast.carol))
    assert.deepEqual(record.chain.map(link => link.owner), [peerOf(h.cast.alice), peerOf(h.cast.carol)])
    assert.equal(record.body.settings.topic, 'under new management')
  })

  it('has at least one fixture per defect, with unique names', () => {
    assert.ok(fixtures.length >= 40, `only ${fixtures.length} fixtures`)
    assert.equal(new Set(fixtures.map(f => f.name)).size, fixtures.length)
  })

  // one test per fixture, so that a failure names the attack
  it('rejects every defect fixture with its named error', async (t) => {
    for (const fixture of fixtures) {
      await t.test(fixture.name, async () => {
        await assert.rejects(validateRoomRecord(fixture.key, fixture.bytes), { name: fixture.error })
      })
    }
  })

  it('checks the size before parsing', () => {
    // not even a valid protobuf: only the size check can reject it this way
    const bytes = new Uint8Array(MAX_ROOM_RECORD_BYTES + 1).fill(0xff)
    assert.throws(() => decodeRoomRecord(bytes), { name: 'RoomRecordTooLargeError' })
  })

  it('accepts a record exactly at the size limit when otherwise valid', async () => {
    // the record padded with an unknown field up to exactly the limit
    const base = h.created.bytes
    const room = MAX_ROOM_RECORD_BYTES - base.byteLength
    const contentLength = room - 1 - 3 // tag byte, 3-byte varint length
    const padded = new Uint8Array(MAX_ROOM_RECORD_BYTES)
    padded.set(base)
    padded.set([0x7a, (contentLength & 0x7f) | 0x80, ((contentLength >> 7) & 0x7f) | 0x80, contentLength >> 14], base.byteLength)
    await validateRoomRecord(KEY, padded)
  })

  it('is checked against the key it was found under', async () => {
    await assert.rejects(validateRoomRecord(roomRecordKey('other'), h.created.bytes), { name: 'RoomKeyMismatchError' })
    await assert.rejects(validateRoomRecord(new TextEncoder().encode('/crypticomm-room/general/x'), h.created.bytes), { name: 'RoomKeyMismatchError' })
  })

  it('returns a record that does not change when the caller reuses its buffer', async () => {
    const buffer = new Uint8Array(h.moderated.bytes)
    const record = await verifyRoomRecord(KEY, buffer)
    const bodyBefore = new Uint8Array(record.bodyBytes)
    buffer.fill(0)
    assert.deepEqual(record.bodyBytes, bodyBefore)
    assert.deepEqual(record.chain[0].payload, new Uint8Array(h.moderated.record.chain[0].payload))
  })

  it('decodeRoomRecord does not verify signatures', () => {
    const tampered = fixtures.find(f => f.name === 'tampered-admin-list')
    assert.ok(tampered != null)
    const record = decodeRoomRecord(tampered.bytes)
    assert.equal(record.body.admins.length, 2)
  })
})
