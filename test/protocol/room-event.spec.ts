import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { MAX_CLOCK_SKEW_MS, MAX_MESSAGE_AGE_MS } from '../../src/protocol/constants.js'
import { RoomEvent, RoomEventPayload } from '../../src/protocol/pb/room-record.js'
import {
  coolOffEndsAtMs,
  createRoomEvent,
  decodeRoomEvent,
  DEFAULT_KICK_COOL_OFF_MS,
  MAX_KICK_COOL_OFF_MS,
  MAX_ROOM_EVENT_BYTES,
  verifyRoomEvent
} from '../../src/protocol/room-event.js'
import { createRoomRecord } from '../../src/protocol/room-record.js'
import { flipBit, peerOf, ROOM, T0, validHistories } from './fixtures/room-records.js'
import type { Histories } from './fixtures/room-records.js'
import type { RoomEventInit } from '../../src/protocol/room-event.js'
import type { PrivateKey } from '@libp2p/interface'

const NOW = T0 + 60_000

describe('room moderation events', () => {
  let h: Histories
  // alice owner, bob admin, dave banned, carol and mallory members (moderated record)
  let kick: (issuer: PrivateKey, target: string, more?: Partial<RoomEventInit>) => Promise<Uint8Array>

  before(async () => {
    h = await validHistories()
    kick = async (issuer, target, more = {}) => createRoomEvent(issuer, { kind: 'KICK', room: ROOM, target, issuedAtMs: NOW, reason: 'calm down', ...more })
  })

  describe('authority', () => {
    it('accepts a kick by the owner, with the default cool-off', async () => {
      const event = await verifyRoomEvent(await kick(h.cast.alice, peerOf(h.cast.carol)), h.moderated.record, NOW)
      assert.equal(event.kind, 'KICK')
      assert.equal(event.issuer, peerOf(h.cast.alice))
      assert.equal(event.target, peerOf(h.cast.carol))
      assert.equal(event.reason, 'calm down')
      assert.equal(event.coolOffMs, DEFAULT_KICK_COOL_OFF_MS)
      assert.equal(coolOffEndsAtMs(event), NOW + DEFAULT_KICK_COOL_OFF_MS)
    })

    it('accepts a kick of a member by an admin', async () => {
      const event = await verifyRoomEvent(await kick(h.cast.bob, peerOf(h.cast.carol), { coolOffMs: 1000, recordSeq: 2n }), h.moderated.record, NOW)
      assert.equal(event.issuer, peerOf(h.cast.bob))
      assert.equal(event.coolOffMs, 1000)
      assert.equal(event.recordSeq, 2n)
    })

    it('accepts the owner acting on an admin', async () => {
      await verifyRoomEvent(await kick(h.cast.alice, peerOf(h.cast.bob)), h.moderated.record, NOW)
    })

    it('non-admin-kick: rejects a kick by a member', async () => {
      await assert.rejects(verifyRoomEvent(await kick(h.cast.mallory, peerOf(h.cast.carol)), h.moderated.record, NOW), { name: 'NotAuthorisedError' })
    })

    it('old-owner-kick: rejects a kick by the owner key a reclaim replaced', async () => {
      await assert.rejects(verifyRoomEvent(await kick(h.cast.alice, peerOf(h.cast.mallory)), h.reclaimed.record, NOW), { name: 'NotAuthorisedError' })
      // and the new owner has the power
      await verifyRoomEvent(await kick(h.cast.carol, peerOf(h.cast.mallory)), h.reclaimed.record, NOW)
    })

    it('unadmined-kick: rejects a kick by an admin the receiver\'s record no longer lists', async () => {
      await assert.rejects(verifyRoomEvent(await kick(h.cast.bob, peerOf(h.cast.carol)), h.created.record, NOW), { name: 'NotAuthorisedError' })
    })

    it('kick-the-owner: nobody may act on the owner, not even the owner', async () => {
      for (const kind of ['KICK', 'BAN', 'UNBAN'] as const) {
        const byAdmin = await createRoomEvent(h.cast.bob, { kind, room: ROOM, target: peerOf(h.cast.alice), issuedAtMs: NOW })
        await assert.rejects(verifyRoomEvent(byAdmin, h.moderated.record, NOW), { name: 'TargetIsOwnerError' })
      }
      await assert.rejects(verifyRoomEvent(await kick(h.cast.alice, peerOf(h.cast.alice)), h.moderated.record, NOW), { name: 'TargetIsOwnerError' })
    })

    it('admin-kicks-admin: an admin cannot act on an admin', async () => {
      await assert.rejects(verifyRoomEvent(await kick(h.cast.bob, peerOf(h.cast.bob)), h.moderated.record, NOW), { name: 'TargetIsAdminError' })
    })

    it('accepts BAN and UNBAN by an admin, without cool-off', async () => {
      const ban = await createRoomEvent(h.cast.bob, { kind: 'BAN', room: ROOM, target: peerOf(h.cast.mallory), reason: 'spam', issuedAtMs: NOW })
      const event = await verifyRoomEvent(ban, h.moderated.record, NOW)
      assert.equal(event.kind, 'BAN')
      assert.equal(event.coolOffMs, 0)
      const unban = await createRoomEvent(h.cast.bob, { kind: 'UNBAN', room: ROOM, target: peerOf(h.cast.dave), issuedAtMs: NOW })
      assert.equal((await verifyRoomEvent(unban, h.moderated.record, NOW)).kind, 'UNBAN')
    })
  })

  describe('bad input', () => {
    it('broken-event-signature', async () => {
      const bytes = await kick(h.cast.alice, peerOf(h.cast.carol))
      const parts = RoomEvent.decode(bytes)
      const broken = RoomEvent.encode({ payload: parts.payload, signature: flipBit(parts.signature, 0) })
      await assert.rejects(verifyRoomEvent(broken, h.moderated.record, NOW), { name: 'RoomEventSignatureError' })
      const missing = RoomEvent.encode({ payload: parts.payload })
      await assert.rejects(verifyRoomEvent(missing, h.moderated.record, NOW), { name: 'RoomEventSignatureError' })
    })

    it('forged-issuer: the owner\'s key in the payload, signed by a member', async () => {
      const payload = RoomEventPayload.decode(RoomEvent.decode(await kick(h.cast.alice, peerOf(h.cast.carol))).payload)
      const mallorys = RoomEvent.decode(await kick(h.cast.mallory, peerOf(h.cast.carol)))
      const forged = RoomEvent.encode({ payload: RoomEventPayload.encode(payload), signature: mallorys.signature })
      await assert.rejects(verifyRoomEvent(forged, h.moderated.record, NOW), { name: 'RoomEventSignatureError' })
    })

    it('tampered-target: a target changed after signing', async () => {
      const parts = RoomEvent.decode(await kick(h.cast.bob, peerOf(h.cast.carol)))
      const payload = RoomEventPayload.decode(parts.payload)
      const tampered = RoomEvent.encode({ payload: RoomEventPayload.encode({ ...payload, target: peerOf(h.cast.mallory) }), signature: parts.signature })
      await assert.rejects(verifyRoomEvent(tampered, h.moderated.record, NOW), { name: 'RoomEventSignatureError' })
    })

    it('replayed-into-other-room: an event for another room', async () => {
      const other = await createRoomRecord({ room: 'random', ownerKey: h.cast.alice, nowMs: T0 })
      const bytes = await createRoomEvent(h.cast.alice, { kind: 'KICK', room: 'random', target: peerOf(h.cast.carol), issuedAtMs: NOW })
      await verifyRoomEvent(bytes, other.record, NOW)
      await assert.rejects(verifyRoomEvent(bytes, h.moderated.record, NOW), { name: 'RoomEventRoomMismatchError' })
    })

    it('stale-event and future-event', async () => {
      const bytes = await kick(h.cast.alice, peerOf(h.cast.carol))
      await verifyRoomEvent(bytes, h.moderated.record, NOW + MAX_MESSAGE_AGE_MS)
      await assert.rejects(verifyRoomEvent(bytes, h.moderated.record, NOW + MAX_MESSAGE_AGE_MS + 1), { name: 'StaleRoomEventError' })
      await verifyRoomEvent(bytes, h.moderated.record, NOW - MAX_CLOCK_SKEW_MS)
      await assert.rejects(verifyRoomEvent(bytes, h.moderated.record, NOW - MAX_CLOCK_SKEW_MS - 1), { name: 'StaleRoomEventError' })
    })

    it('cool-off-out-of-bounds', async () => {
      await verifyRoomEvent(await kick(h.cast.alice, peerOf(h.cast.carol), { coolOffMs: MAX_KICK_COOL_OFF_MS }), h.moderated.record, NOW)
      await assert.rejects(kick(h.cast.alice, peerOf(h.cast.carol), { coolOffMs: MAX_KICK_COOL_OFF_MS + 1 }), { name: 'CoolOffOutOfBoundsError' })
      await assert.rejects(createRoomEvent(h.cast.alice, { kind: 'BAN', room: ROOM, target: peerOf(h.cast.carol), issuedAtMs: NOW, coolOffMs: 5 }), { name: 'CoolOffOutOfBoundsError' })
    })

    it('oversized-event is rejected before parsing', () => {
      assert.throws(() => decodeRoomEvent(new Uint8Array(MAX_ROOM_EVENT_BYTES + 1).fill(0xff)), { name: 'RoomEventTooLargeError' })
    })

    it('garbage-event, unknown kind, bad room, bad target, bad reason, bad key', async () => {
      assert.throws(() => decodeRoomEvent(Uint8Array.of(0xff, 0xff, 0xff)), { name: 'MalformedRoomEventError' })
      assert.throws(() => decodeRoomEvent(new Uint8Array(0)), { name: 'MalformedRoomEventError' })
      const good = RoomEventPayload.decode(RoomEvent.decode(await kick(h.cast.alice, peerOf(h.cast.carol))).payload)
      const withPayload = (payload: Partial<RoomEventPayload>): Uint8Array =>
        RoomEvent.encode({ payload: RoomEventPayload.encode({ ...good, ...payload }), signature: new Uint8Array(64) })
      assert.throws(() => decodeRoomEvent(withPayload({ kind: RoomEventPayload.Kind.UNKNOWN })), { name: 'MalformedRoomEventError' })
      assert.throws(() => decodeRoomEvent(withPayload({ room: 'General' })), { name: 'MalformedRoomEventError' })
      assert.throws(() => decodeRoomEvent(withPayload({ target: 'nobody' })), { name: 'MalformedPeerIdError' })
      assert.throws(() => decodeRoomEvent(withPayload({ reason: 'x'.repeat(81) })), { name: 'MalformedRoomEventError' })
      assert.throws(() => decodeRoomEvent(withPayload({ reason: '\u001b]0;pwned\u0007' })), { name: 'MalformedRoomEventError' })
      assert.throws(() => decodeRoomEvent(withPayload({ issuerKey: new Uint8Array([1, 2, 3]) })), { name: 'UnsupportedKeyError' })
      assert.throws(() => decodeRoomEvent(withPayload({ issuedAtMs: 2n ** 60n })), { name: 'MalformedRoomEventError' })
      // an unknown enum number
      const raw = RoomEventPayload.encode(good)
      const unknownKind = new Uint8Array(raw)
      assert.equal(unknownKind[0], 0x08)
      unknownKind[1] = 0x09
      assert.throws(() => decodeRoomEvent(RoomEvent.encode({ payload: unknownKind, signature: new Uint8Array(64) })), { name: 'MalformedRoomEventError' })
    })

    it('refuses to sign with a key that is not Ed25519', async () => {
      const secp = await generateKeyPair('secp256k1')
      await assert.rejects(createRoomEvent(secp, { kind: 'KICK', room: ROOM, target: peerOf(h.cast.carol), issuedAtMs: NOW }), { name: 'UnsupportedKeyError' })
    })
  })
})
