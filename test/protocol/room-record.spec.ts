import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { roomRecordKey } from '../../src/protocol/names.js'
import {
  createRoomRecord,
  currentOwner,
  decodeRoomRecord,
  decodeToken,
  encodeRoomRecord,
  encodeToken,
  extendsChain,
  findBan,
  hasAuthority,
  isAdmin,
  isBanned,
  isOwner,
  isSameGenesis,
  reclaimRoom,
  TOKEN_BYTES,
  tokenCommitment,
  updateRoomBody,
  verifyRoomRecord
} from '../../src/protocol/room-record.js'
import { KEY, peerOf, ROOM, T0, tokenFromSeed, validHistories } from './fixtures/room-records.js'
import type { Histories } from './fixtures/room-records.js'

describe('room records', () => {
  let h: Histories

  before(async () => {
    h = await validHistories()
  })

  describe('createRoomRecord', () => {
    it('makes the creator owner, with seq 1, no admins, no bans and a fresh token', async () => {
      const { record, bytes, token } = await createRoomRecord({ room: 'lobby', ownerKey: h.cast.alice, nowMs: T0 })
      assert.equal(record.room, 'lobby')
      assert.equal(currentOwner(record), peerOf(h.cast.alice))
      assert.equal(record.body.seq, 1n)
      assert.deepEqual(record.body.admins, [])
      assert.deepEqual(record.body.bans, [])
      assert.deepEqual(record.body.settings, { topic: '', msgPerMinute: 0, burst: 0, maxBytes: 0 })
      assert.equal(token.byteLength, TOKEN_BYTES)
      assert.deepEqual(record.chain[0].reclaimKey, await tokenCommitment(token))
      await verifyRoomRecord(roomRecordKey('lobby'), bytes)
    })

    it('draws a different token each time unless one is given', async () => {
      const a = await createRoomRecord({ room: 'lobby', ownerKey: h.cast.alice, nowMs: T0 })
      const b = await createRoomRecord({ room: 'lobby', ownerKey: h.cast.alice, nowMs: T0 })
      assert.notDeepEqual(a.token, b.token)
      const c = await createRoomRecord({ room: 'lobby', ownerKey: h.cast.alice, nowMs: T0, token: tokenFromSeed(9) })
      const d = await createRoomRecord({ room: 'lobby', ownerKey: h.cast.alice, nowMs: T0, token: tokenFromSeed(9) })
      assert.deepEqual(c.bytes, d.bytes, 'Ed25519 signatures are deterministic')
    })

    it('takes initial settings and checks them', async () => {
      const { record } = await createRoomRecord({ room: 'lobby', ownerKey: h.cast.alice, nowMs: T0, settings: { topic: 'welcome', burst: 5 } })
      assert.equal(record.body.settings.topic, 'welcome')
      assert.equal(record.body.settings.burst, 5)
      await assert.rejects(createRoomRecord({ room: 'lobby', ownerKey: h.cast.alice, nowMs: T0, settings: { msgPerMinute: -1 } }), { name: 'SettingsOutOfBoundsError' })
    })

    it('refuses a room name that is not normalised', async () => {
      await assert.rejects(createRoomRecord({ room: '#General', ownerKey: h.cast.alice, nowMs: T0 }), { name: 'InvalidRoomNameError' })
      await assert.rejects(createRoomRecord({ room: '', ownerKey: h.cast.alice, nowMs: T0 }), { name: 'InvalidRoomNameError' })
    })

    it('refuses an owner key that is not Ed25519', async () => {
      const secp = await generateKeyPair('secp256k1')
      await assert.rejects(createRoomRecord({ room: 'lobby', ownerKey: secp, nowMs: T0 }), { name: 'UnsupportedKeyError' })
    })
  })

  describe('updateRoomBody', () => {
    it('applies changes, increases seq and keeps what it was not told to change', async () => {
      const { record } = await updateRoomBody(h.moderated.record, h.cast.alice, { settings: { topic: 'news' } })
      assert.equal(record.body.seq, 3n)
      assert.equal(record.body.settings.topic, 'news')
      assert.deepEqual(record.body.admins, h.moderated.record.body.admins)
      assert.deepEqual(record.body.bans, h.moderated.record.body.bans)
    })

    it('refuses a key that is not the current owner', async () => {
      await assert.rejects(updateRoomBody(h.moderated.record, h.cast.bob, { admins: [] }), { name: 'NotOwnerError' })
      // alice after carol's reclaim: the old owner has no power
      await assert.rejects(updateRoomBody(h.reclaimed.record, h.cast.alice, { admins: [] }), { name: 'NotOwnerError' })
    })

    it('refuses changes that would make an invalid record', async () => {
      const owner = peerOf(h.cast.alice)
      await assert.rejects(updateRoomBody(h.moderated.record, h.cast.alice, { bans: [{ peer: owner, reason: '', atMs: T0, by: owner }] }), { name: 'OwnerBannedError' })
      await assert.rejects(updateRoomBody(h.moderated.record, h.cast.alice, { admins: ['nonsense'] }), { name: 'MalformedPeerIdError' })
      await assert.rejects(updateRoomBody(h.moderated.record, h.cast.alice, { settings: { maxBytes: 1e9 } }), { name: 'SettingsOutOfBoundsError' })
    })
  })

  describe('reclaimRoom', () => {
    it('makes the new key owner, returns a fresh token and carries the body over', async () => {
      const { record, token } = h.reclaimed
      assert.equal(currentOwner(record), peerOf(h.cast.carol))
      assert.deepEqual(token, tokenFromSeed(0xC1))
      assert.equal(record.chain.length, 2)
      assert.equal(record.body.seq, h.moderated.record.body.seq + 1n)
      assert.deepEqual(record.body.admins, h.moderated.record.body.admins)
      assert.deepEqual(record.body.bans, h.moderated.record.body.bans)
      assert.ok(isSameGenesis(record, h.created.record))
      assert.ok(extendsChain(h.created.record, record))
      assert.ok(!extendsChain(record, h.created.record))
    })

    it('refuses a spent token, and a token of no link', async () => {
      await assert.rejects(reclaimRoom(h.reclaimed.record, h.cast.mallory, tokenFromSeed(0xA1), T0 + 5000), { name: 'SpentTokenError' })
      await assert.rejects(reclaimRoom(h.reclaimed.record, h.cast.mallory, tokenFromSeed(0x42), T0 + 5000), { name: 'WrongTokenError' })
      await assert.rejects(reclaimRoom(h.reclaimed.record, h.cast.mallory, new Uint8Array(31), T0 + 5000), { name: 'MalformedTokenError' })
    })

    it('lets the newest token reclaim again, even back to the first owner', async () => {
      const again = await reclaimRoom(h.afterReclaim.record, h.cast.alice, h.reclaimed.token, T0 + 3000)
      assert.equal(currentOwner(again.record), peerOf(h.cast.alice))
      assert.equal(again.record.chain.length, 3)
      assert.notDeepEqual(again.token, h.reclaimed.token)
      await assert.rejects(updateRoomBody(again.record, h.cast.carol, {}), { name: 'NotOwnerError' })
    })

    it('drops the new owner from the bans and admins it inherits', async () => {
      // dave is banned; dave reclaims with the token
      const dave = peerOf(h.cast.dave)
      assert.ok(isBanned(h.moderated.record, dave))
      const { record } = await reclaimRoom(h.moderated.record, h.cast.dave, tokenFromSeed(0xA1), T0 + 1000)
      assert.ok(!isBanned(record, dave))
      assert.ok(isOwner(record, dave))
    })

    it('moves a reclaim dated before the previous link up to it', async () => {
      const { record } = await reclaimRoom(h.created.record, h.cast.carol, tokenFromSeed(0xA1), T0 - 60_000)
      assert.equal(record.chain[1].atMs, T0)
    })
  })

  describe('reading a record', () => {
    it('answers who is owner, admin, banned and who has authority', () => {
      const r = h.moderated.record
      const { alice, bob, carol, dave } = h.cast
      assert.ok(isOwner(r, peerOf(alice)))
      assert.ok(!isOwner(r, peerOf(bob)))
      assert.ok(isAdmin(r, peerOf(bob)))
      assert.ok(!isAdmin(r, peerOf(alice)))
      assert.ok(hasAuthority(r, peerOf(alice)))
      assert.ok(hasAuthority(r, peerOf(bob)))
      assert.ok(!hasAuthority(r, peerOf(carol)))
      assert.ok(isBanned(r, peerOf(dave)))
      assert.equal(findBan(r, peerOf(dave))?.reason, 'spam')
      assert.equal(findBan(r, peerOf(carol)), undefined)
      // after the reclaim, alice has no authority left
      assert.ok(!hasAuthority(h.reclaimed.record, peerOf(alice)))
    })

    it('round-trips through encodeRoomRecord and decodeRoomRecord', async () => {
      for (const signed of [h.created, h.moderated, h.reclaimed, h.afterReclaim]) {
        assert.deepEqual(encodeRoomRecord(signed.record), signed.bytes)
        const decoded = decodeRoomRecord(signed.bytes)
        assert.equal(decoded.owner, signed.record.owner)
        assert.deepEqual(decoded.chainHash, signed.record.chainHash)
        await verifyRoomRecord(KEY, encodeRoomRecord(decoded))
      }
    })

    it('tells a fork apart from an extension', async () => {
      // alice's token 0xA1 used twice: carol's reclaim and a fork to mallory
      const fork = await reclaimRoom(h.moderated.record, h.cast.mallory, tokenFromSeed(0xA1), T0 + 1000)
      assert.ok(isSameGenesis(fork.record, h.reclaimed.record))
      assert.ok(!extendsChain(h.reclaimed.record, fork.record))
      assert.ok(extendsChain(h.created.record, fork.record))
      assert.ok(extendsChain(h.reclaimed.record, h.afterReclaim.record))
    })
  })

  describe('tokens', () => {
    it('encodes as 43 base64url characters and decodes back', () => {
      const token = tokenFromSeed(0xfb)
      const text = encodeToken(token)
      assert.match(text, /^[A-Za-z0-9_-]{43}$/)
      assert.deepEqual(decodeToken(text), token)
      assert.deepEqual(decodeToken(`  ${text}\n`), token)
    })

    it('also accepts 64 hex digits', () => {
      const token = tokenFromSeed(0xab)
      assert.deepEqual(decodeToken('ab'.repeat(32)), token)
      assert.deepEqual(decodeToken('AB'.repeat(32)), token)
    })

    it('refuses anything else with MalformedTokenError', () => {
      for (const bad of ['', 'abc', 'a'.repeat(42), 'a'.repeat(44), 'g'.repeat(64), '+'.repeat(43), `${'A'.repeat(42)}=`, `${'A'.repeat(42)}B`]) {
        assert.throws(() => decodeToken(bad), { name: 'MalformedTokenError' }, JSON.stringify(bad))
      }
    })

    it('commits to a token with the raw Ed25519 public key of its seed', async () => {
      const commitment = await tokenCommitment(tokenFromSeed(1))
      assert.equal(commitment.byteLength, 32)
      assert.deepEqual(commitment, h.cast.alice.publicKey.raw, 'alice\'s key has the same seed')
      await assert.rejects(tokenCommitment(new Uint8Array(16)), { name: 'MalformedTokenError' })
    })
  })

  it('uses the room name of the record for its key', () => {
    assert.deepEqual(KEY, roomRecordKey(ROOM))
  })
})
