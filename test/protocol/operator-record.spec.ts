import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import { generateKeyPair, generateKeyPairFromSeed } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { fromString as uint8ArrayFromString } from 'uint8arrays/from-string'
import { toString as uint8ArrayToString } from 'uint8arrays/to-string'
import {
  ANNOUNCE_SIGNING_DOMAIN,
  BAN_LIST_SIGNING_DOMAIN,
  DEFAULT_OPERATOR_KICK_COOL_OFF_MS,
  KICK_SIGNING_DOMAIN,
  MAX_ANNOUNCEMENT_TEXT_BYTES,
  MAX_OPERATOR_KICK_COOL_OFF_MS,
  OPERATOR_KEY_NAMESPACE,
  OPERATOR_TOPIC,
  createAnnouncement,
  createBanList,
  createKick,
  decodeOperatorMessage,
  encodeBanList,
  encodeOperatorMessage,
  findOperatorBan,
  nextBanList,
  operatorBanListKey,
  verifyAnnouncement,
  verifyBanList,
  verifyKick
} from '../../src/protocol/operator-record.js'
import { Announcement, BanList, Kick, OperatorSigned } from '../../src/protocol/pb/operator.js'
import type { Ed25519PrivateKey, PrivateKey } from '@libp2p/interface'

/** A fixed "now", ms since the Unix epoch (2025-01-01). */
const T0 = 1_735_689_600_000

async function keyFromSeed (n: number): Promise<Ed25519PrivateKey> {
  return generateKeyPairFromSeed('Ed25519', new Uint8Array(32).fill(n))
}

function peerOf (key: PrivateKey): string {
  return peerIdFromPrivateKey(key).toString()
}

function concat (a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.byteLength + b.byteLength)
  out.set(a)
  out.set(b, a.byteLength)
  return out
}

describe('operator records', () => {
  let op: Ed25519PrivateKey
  let dave: Ed25519PrivateKey
  let erin: Ed25519PrivateKey
  let OP: string

  before(async () => {
    op = await keyFromSeed(11)
    dave = await keyFromSeed(12)
    erin = await keyFromSeed(13)
    OP = peerOf(op)
  })

  describe('names', () => {
    it('keeps the ban list under /crypticomm-operator/<operator peer id>', () => {
      assert.equal(OPERATOR_KEY_NAMESPACE, 'crypticomm-operator')
      assert.equal(uint8ArrayToString(operatorBanListKey(OP)), `/crypticomm-operator/${OP}`)
      assert.equal(OPERATOR_TOPIC, 'crypticomm/operator')
    })
  })

  describe('announcements', () => {
    it('round-trips text, time and operator', async () => {
      const bytes = await createAnnouncement(op, 'Maintenance at 22:00 UTC — ünïcödé is fine', T0)
      const a = await verifyAnnouncement(bytes, OP, T0 + 1000)
      assert.equal(a.text, 'Maintenance at 22:00 UTC — ünïcödé is fine')
      assert.equal(a.issuedAtMs, T0)
      assert.equal(a.operator, OP)
      assert.equal(a.hash.byteLength, 32)
      assert.deepEqual((await verifyAnnouncement(bytes, OP, T0)).hash, a.hash, 'the same bytes have the same hash')
    })

    it('signs exactly "crypticomm-operator-announce:" || payload, with the payload as carried', async () => {
      const bytes = await createAnnouncement(op, 'hello', T0)
      const signed = OperatorSigned.decode(bytes)
      assert.equal(ANNOUNCE_SIGNING_DOMAIN, 'crypticomm-operator-announce:')
      assert.equal(signed.signature.byteLength, 64)
      assert.ok(await op.publicKey.verify(concat(uint8ArrayFromString(ANNOUNCE_SIGNING_DOMAIN), signed.payload), signed.signature))
      const payload = Announcement.decode(signed.payload)
      assert.equal(payload.text, 'hello')
      assert.equal(payload.issuedAtMs, BigInt(T0))
    })

    it('accepts text of exactly the limit, in bytes, and refuses one byte more', async () => {
      const exact = 'é'.repeat(MAX_ANNOUNCEMENT_TEXT_BYTES / 2) // 2 bytes each
      assert.equal((await verifyAnnouncement(await createAnnouncement(op, exact, T0), OP, T0)).text, exact)
      await assert.rejects(createAnnouncement(op, `${exact}x`, T0), { name: 'InvalidAnnouncementTextError' })
    })

    it('refuses empty text and control characters', async () => {
      for (const text of ['', 'two\nlines', 'bell\u0007', 'esc\u001b[31m', 'c1\u0085']) {
        await assert.rejects(createAnnouncement(op, text, T0), { name: 'InvalidAnnouncementTextError' }, JSON.stringify(text))
      }
    })

    it('needs an Ed25519 key', async () => {
      const secp = await generateKeyPair('secp256k1')
      await assert.rejects(createAnnouncement(secp, 'hi', T0), { name: 'UnsupportedKeyError' })
    })
  })

  describe('kicks', () => {
    it('defaults to a 10-minute cool-off that runs from the issue time', async () => {
      assert.equal(DEFAULT_OPERATOR_KICK_COOL_OFF_MS, 10 * 60_000)
      const kick = await verifyKick(await createKick(op, { target: peerOf(dave), reason: 'cool down', nowMs: T0 }), OP, T0)
      assert.equal(kick.target, peerOf(dave))
      assert.equal(kick.reason, 'cool down')
      assert.equal(kick.coolOffMs, DEFAULT_OPERATOR_KICK_COOL_OFF_MS)
      assert.equal(kick.untilMs, T0 + DEFAULT_OPERATOR_KICK_COOL_OFF_MS)
      assert.equal(kick.operator, OP)
    })

    it('signs exactly "crypticomm-operator-kick:" || payload', async () => {
      const bytes = await createKick(op, { target: peerOf(dave), coolOffMs: 5000, nowMs: T0 })
      const signed = OperatorSigned.decode(bytes)
      assert.ok(await op.publicKey.verify(concat(uint8ArrayFromString(KICK_SIGNING_DOMAIN), signed.payload), signed.signature))
      const payload = Kick.decode(signed.payload)
      assert.equal(payload.coolOffMs, 5000n)
      assert.equal(payload.reason, '')
    })

    it('refuses to kick the operator, a malformed peer id or a cool-off beyond the limit', async () => {
      await assert.rejects(createKick(op, { target: OP, nowMs: T0 }), { name: 'TargetIsOperatorError' })
      await assert.rejects(createKick(op, { target: 'bob', nowMs: T0 }), { name: 'MalformedPeerIdError' })
      await assert.rejects(createKick(op, { target: peerOf(dave), coolOffMs: MAX_OPERATOR_KICK_COOL_OFF_MS + 1, nowMs: T0 }), { name: 'CoolOffOutOfBoundsError' })
      await assert.rejects(createKick(op, { target: peerOf(dave), reason: 'x'.repeat(81), nowMs: T0 }), { name: 'MalformedOperatorMessageError' })
    })
  })

  describe('ban lists', () => {
    it('start at seq 1 and count up; each verifies under the operator\'s key', async () => {
      const first = await nextBanList(undefined, op, [{ peer: peerOf(dave), reason: 'spam', atMs: T0 }], T0)
      assert.equal(first.record.seq, 1n)
      const second = await nextBanList(first.record, op, [...first.record.bans, { peer: peerOf(erin), reason: '', atMs: T0 + 5 }], T0 + 5)
      assert.equal(second.record.seq, 2n)
      const verified = await verifyBanList(operatorBanListKey(OP), second.bytes)
      assert.equal(verified.operator, OP)
      assert.equal(verified.issuedAtMs, T0 + 5)
      assert.deepEqual(verified.bans, [{ peer: peerOf(dave), reason: 'spam', atMs: T0 }, { peer: peerOf(erin), reason: '', atMs: T0 + 5 }])
      assert.deepEqual(findOperatorBan(verified, peerOf(erin)), { peer: peerOf(erin), reason: '', atMs: T0 + 5 })
      assert.equal(findOperatorBan(verified, OP), undefined)
      assert.equal(findOperatorBan(undefined, OP), undefined)
    })

    it('signs exactly "crypticomm-operator-bans:" || payload; the DHT value is the OperatorSigned', async () => {
      const { record, bytes } = await createBanList(op, 7n, [], T0)
      const signed = OperatorSigned.decode(bytes)
      assert.ok(await op.publicKey.verify(concat(uint8ArrayFromString(BAN_LIST_SIGNING_DOMAIN), signed.payload), signed.signature))
      const payload = BanList.decode(signed.payload)
      assert.equal(payload.seq, 7n)
      assert.deepEqual(encodeBanList(record), bytes, 'a parsed list encodes back to the same bytes')
    })

    it('only the operator who signed a list can sign the next', async () => {
      const first = await nextBanList(undefined, op, [], T0)
      await assert.rejects(nextBanList(first.record, dave, [], T0), { name: 'NotOperatorError' })
    })

    it('refuses lists the validator would refuse', async () => {
      await assert.rejects(nextBanList(undefined, op, [{ peer: OP, reason: '', atMs: T0 }], T0), { name: 'OperatorBannedError' })
      await assert.rejects(nextBanList(undefined, op, [{ peer: peerOf(dave), reason: 'x'.repeat(81), atMs: T0 }], T0), { name: 'InvalidBanError' })
      await assert.rejects(nextBanList(undefined, op, [{ peer: peerOf(dave), reason: '', atMs: T0 }, { peer: peerOf(dave), reason: '', atMs: T0 }], T0), { name: 'DuplicateEntryError' })
    })
  })

  describe('the topic message', () => {
    it('carries one kind and the signed payload as is', async () => {
      const payload = await createAnnouncement(op, 'hi', T0)
      for (const kind of ['ANNOUNCE', 'BANS', 'KICK'] as const) {
        assert.deepEqual(decodeOperatorMessage(encodeOperatorMessage(kind, payload)), { kind, payload })
      }
    })
  })
})
