import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import { generateKeyPair, generateKeyPairFromSeed, publicKeyToProtobuf } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { MAX_CLOCK_SKEW_MS, MAX_MESSAGE_AGE_MS } from '../../src/protocol/constants.js'
import {
  ANNOUNCE_SIGNING_DOMAIN,
  BAN_LIST_SIGNING_DOMAIN,
  KICK_SIGNING_DOMAIN,
  MAX_ANNOUNCEMENT_BYTES,
  MAX_BAN_LIST_BYTES,
  MAX_KICK_BYTES,
  MAX_OPERATOR_BANS,
  MAX_OPERATOR_KICK_COOL_OFF_MS,
  MAX_OPERATOR_MESSAGE_BYTES,
  compareOperatorBanLists,
  createAnnouncement,
  createKick,
  decodeBanList,
  decodeOperatorMessage,
  nextBanList,
  operatorBanListKey,
  selectOperatorBanList,
  validateOperatorBanList,
  verifyAnnouncement,
  verifyBanList,
  verifyKick
} from '../../src/protocol/operator-record.js'
import { Announcement, BanList, Kick, OperatorMessage, OperatorSigned } from '../../src/protocol/pb/operator.js'
import { signedBytes } from '../../src/protocol/room-record-validator.js'
import type { OperatorBan } from '../../src/protocol/operator-record.js'
import type { Ed25519PrivateKey, PrivateKey } from '@libp2p/interface'
import type { SelectFn, ValidateFn } from '@libp2p/kad-dht'

/** A fixed "now", ms since the Unix epoch (2025-01-01). */
const T0 = 1_735_689_600_000

async function keyFromSeed (n: number): Promise<Ed25519PrivateKey> {
  return generateKeyPairFromSeed('Ed25519', new Uint8Array(32).fill(n))
}

function peerOf (key: PrivateKey): string {
  return peerIdFromPrivateKey(key).toString()
}

function ab (bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(bytes)
}

/** Sign `payload` with `signer` under `domain`: a builder that signs whatever it is told to (to forge). */
async function seal (signer: PrivateKey, domain: string, payload: Uint8Array, mutate?: (signature: Uint8Array) => Uint8Array): Promise<Uint8Array> {
  let signature = await signer.sign(signedBytes(domain, payload))
  signature = mutate?.(signature) ?? signature
  return OperatorSigned.encode({ payload: ab(payload), signature: ab(signature) })
}

function keyBytes (key: PrivateKey): Uint8Array<ArrayBuffer> {
  return ab(publicKeyToProtobuf(key.publicKey))
}

/** The cast of every fixture. */
interface Cast {
  op: Ed25519PrivateKey // the operator
  mallory: Ed25519PrivateKey // the attacker
  dave: Ed25519PrivateKey // a peer
  erin: Ed25519PrivateKey // another peer
}

interface BanListSpec {
  seq?: bigint
  bans?: Array<{ peer: string, reason?: string, atMs?: bigint }>
  issuedAtMs?: bigint
  /** the key the payload names; default: the signer's */
  named?: PrivateKey | null
  signer: PrivateKey
  domain?: string
  mutateSignature?: (signature: Uint8Array) => Uint8Array
  mutatePayload?: (payload: Uint8Array) => Uint8Array
}

async function banListBytes (spec: BanListSpec): Promise<Uint8Array> {
  let payload: Uint8Array = BanList.encode({
    seq: spec.seq ?? 1n,
    bans: (spec.bans ?? []).map(b => ({ peer: b.peer, reason: b.reason ?? '', atMs: b.atMs ?? BigInt(T0) })),
    issuedAtMs: spec.issuedAtMs ?? BigInt(T0),
    operatorKey: spec.named === null ? new Uint8Array(0) : keyBytes(spec.named ?? spec.signer)
  })
  const signed = await seal(spec.signer, spec.domain ?? BAN_LIST_SIGNING_DOMAIN, payload, spec.mutateSignature)
  if (spec.mutatePayload != null) {
    const decoded = OperatorSigned.decode(signed)
    payload = spec.mutatePayload(decoded.payload.slice())
    return OperatorSigned.encode({ payload: ab(payload), signature: decoded.signature })
  }
  return signed
}

interface TextSpec {
  text?: string
  issuedAtMs?: number
  named?: PrivateKey
  signer: PrivateKey
  domain?: string
}

async function announcementBytes (spec: TextSpec): Promise<Uint8Array> {
  const payload = Announcement.encode({ text: spec.text ?? 'hello', issuedAtMs: BigInt(spec.issuedAtMs ?? T0), operatorKey: keyBytes(spec.named ?? spec.signer) })
  return seal(spec.signer, spec.domain ?? ANNOUNCE_SIGNING_DOMAIN, payload)
}

interface KickSpec {
  target: string
  reason?: string
  issuedAtMs?: number
  coolOffMs?: bigint
  named?: PrivateKey
  signer: PrivateKey
  domain?: string
}

async function kickBytes (spec: KickSpec): Promise<Uint8Array> {
  const payload = Kick.encode({
    target: spec.target,
    reason: spec.reason ?? '',
    issuedAtMs: BigInt(spec.issuedAtMs ?? T0),
    coolOffMs: spec.coolOffMs ?? 60_000n,
    operatorKey: keyBytes(spec.named ?? spec.signer)
  })
  return seal(spec.signer, spec.domain ?? KICK_SIGNING_DOMAIN, payload)
}

/** A defect, the bytes that carry it, and the error `name` it must be refused with. */
interface Fixture {
  name: string
  bytes: Uint8Array
  error: string
  /** ban lists only: the DHT key it is checked under; default the operator's */
  key?: Uint8Array
}

/** Distinct canonical peer ids for long lists, filled in `before`. */
let FAKE_PEERS: string[] = []

function manyBans (n: number): Array<{ peer: string }> {
  assert.ok(n <= FAKE_PEERS.length)
  return FAKE_PEERS.slice(0, n).map(peer => ({ peer }))
}

async function banListFixtures (c: Cast): Promise<Fixture[]> {
  const OP = peerOf(c.op)
  const dave = peerOf(c.dave)
  const flipInReason = (payload: Uint8Array): Uint8Array => {
    const i = payload.lastIndexOf('s'.charCodeAt(0))
    payload[i] = 't'.charCodeAt(0)
    return payload
  }
  return [
    { name: 'oversized-ban-list', bytes: new Uint8Array(MAX_BAN_LIST_BYTES + 1).fill(0xff), error: 'OperatorMessageTooLargeError' },
    { name: 'garbage-ban-list', bytes: new Uint8Array([0xff, 0xff, 0xff, 0x01, 0x02]), error: 'MalformedOperatorMessageError' },
    { name: 'empty-ban-list-bytes', bytes: new Uint8Array(0), error: 'MalformedOperatorMessageError' },
    { name: 'garbage-ban-list-payload', bytes: OperatorSigned.encode({ payload: ab(new Uint8Array([0x0a, 0xff, 0xff])), signature: ab(new Uint8Array(64)) }), error: 'MalformedOperatorMessageError' },
    { name: 'seq-zero', bytes: await banListBytes({ signer: c.op, seq: 0n }), error: 'MalformedOperatorMessageError' },
    { name: 'issue-time-beyond-2^53', bytes: await banListBytes({ signer: c.op, issuedAtMs: 2n ** 60n }), error: 'MalformedOperatorMessageError' },
    { name: 'missing-operator-key', bytes: await banListBytes({ signer: c.op, named: null }), error: 'UnsupportedKeyError' },
    { name: 'wrong-key-for-record-another-operators-list', bytes: await banListBytes({ signer: c.op }), key: operatorBanListKey(peerOf(c.mallory)), error: 'OperatorKeyMismatchError' },
    { name: 'wrong-key-for-record-other-namespace', bytes: await banListBytes({ signer: c.op }), key: new TextEncoder().encode(`/crypticomm-room/${OP}`), error: 'OperatorKeyMismatchError' },
    { name: 'forged-signer-own-list-under-operators-key', bytes: await banListBytes({ signer: c.mallory, bans: [{ peer: dave }] }), error: 'OperatorKeyMismatchError' },
    { name: 'forged-signer-naming-the-operators-key', bytes: await banListBytes({ signer: c.mallory, named: c.op, seq: 99n }), error: 'OperatorSignatureError' },
    { name: 'broken-signature', bytes: await banListBytes({ signer: c.op, mutateSignature: s => { const t = s.slice(); t[0] ^= 1; return t } }), error: 'OperatorSignatureError' },
    { name: 'truncated-signature', bytes: await banListBytes({ signer: c.op, mutateSignature: s => s.slice(0, 63) }), error: 'OperatorSignatureError' },
    { name: 'tampered-payload-after-signing', bytes: await banListBytes({ signer: c.op, bans: [{ peer: dave, reason: 'spam' }], mutatePayload: flipInReason }), error: 'OperatorSignatureError' },
    { name: 'signed-with-the-announce-domain', bytes: await banListBytes({ signer: c.op, domain: ANNOUNCE_SIGNING_DOMAIN }), error: 'OperatorSignatureError' },
    { name: 'signed-with-a-room-domain', bytes: await banListBytes({ signer: c.op, domain: 'crypticomm-room-body:' }), error: 'OperatorSignatureError' },
    { name: 'one-ban-too-many', bytes: await banListBytes({ signer: c.op, bans: manyBans(MAX_OPERATOR_BANS + 1) }), error: 'BanListTooLongError' },
    { name: 'far-too-many-bans', bytes: await banListBytes({ signer: c.op, bans: manyBans(MAX_OPERATOR_BANS + 10) }), error: 'MalformedOperatorMessageError' },
    { name: 'malformed-peer-id', bytes: await banListBytes({ signer: c.op, bans: [{ peer: 'not-a-peer' }] }), error: 'MalformedPeerIdError' },
    { name: 'empty-peer-id', bytes: await banListBytes({ signer: c.op, bans: [{ peer: '' }] }), error: 'MalformedPeerIdError' },
    { name: 'non-canonical-peer-id-cid-form', bytes: await banListBytes({ signer: c.op, bans: [{ peer: peerIdFromPrivateKey(c.dave).toCID().toString() }] }), error: 'MalformedPeerIdError' },
    { name: 'duplicate-ban', bytes: await banListBytes({ signer: c.op, bans: [{ peer: dave }, { peer: dave, reason: 'again' }] }), error: 'DuplicateEntryError' },
    { name: 'reason-too-long', bytes: await banListBytes({ signer: c.op, bans: [{ peer: dave, reason: 'x'.repeat(81) }] }), error: 'InvalidBanError' },
    { name: 'reason-with-control-characters', bytes: await banListBytes({ signer: c.op, bans: [{ peer: dave, reason: 'evil\u001b[2J' }] }), error: 'InvalidBanError' },
    { name: 'ban-time-beyond-2^53', bytes: await banListBytes({ signer: c.op, bans: [{ peer: dave, atMs: 2n ** 60n }] }), error: 'InvalidBanError' },
    { name: 'operator-bans-itself', bytes: await banListBytes({ signer: c.op, bans: [{ peer: dave }, { peer: OP }] }), error: 'OperatorBannedError' }
  ]
}

async function announcementFixtures (c: Cast): Promise<Fixture[]> {
  const secp = await generateKeyPair('secp256k1')
  return [
    { name: 'oversized-announcement', bytes: new Uint8Array(MAX_ANNOUNCEMENT_BYTES + 1).fill(0xff), error: 'OperatorMessageTooLargeError' },
    { name: 'garbage-announcement', bytes: new Uint8Array([0x0a, 0x05, 0xff]), error: 'MalformedOperatorMessageError' },
    { name: 'forged-signer', bytes: await announcementBytes({ signer: c.mallory, text: 'free crypto, dm me' }), error: 'UnexpectedSignerError' },
    { name: 'forged-signature-naming-the-operators-key', bytes: await announcementBytes({ signer: c.mallory, named: c.op }), error: 'OperatorSignatureError' },
    { name: 'operator-signature-from-the-kick-domain', bytes: await announcementBytes({ signer: c.op, domain: KICK_SIGNING_DOMAIN }), error: 'OperatorSignatureError' },
    { name: 'stale-announcement-replayed', bytes: await announcementBytes({ signer: c.op, issuedAtMs: T0 - MAX_MESSAGE_AGE_MS - 1 }), error: 'StaleOperatorMessageError' },
    { name: 'announcement-from-the-future', bytes: await announcementBytes({ signer: c.op, issuedAtMs: T0 + MAX_CLOCK_SKEW_MS + 1 }), error: 'StaleOperatorMessageError' },
    { name: 'control-characters-in-text', bytes: await announcementBytes({ signer: c.op, text: 'hi\u001b]0;pwned\u0007' }), error: 'InvalidAnnouncementTextError' },
    { name: 'newline-in-text', bytes: await announcementBytes({ signer: c.op, text: 'line one\nfake: line two' }), error: 'InvalidAnnouncementTextError' },
    { name: 'text-one-byte-too-long', bytes: await announcementBytes({ signer: c.op, text: 'x'.repeat(513) }), error: 'InvalidAnnouncementTextError' },
    { name: 'empty-text', bytes: await announcementBytes({ signer: c.op, text: '' }), error: 'InvalidAnnouncementTextError' },
    { name: 'secp256k1-key', bytes: await announcementBytes({ signer: secp }), error: 'UnsupportedKeyError' }
  ]
}

async function kickFixtures (c: Cast): Promise<Fixture[]> {
  const dave = peerOf(c.dave)
  return [
    { name: 'oversized-kick', bytes: new Uint8Array(MAX_KICK_BYTES + 1).fill(0xff), error: 'OperatorMessageTooLargeError' },
    { name: 'garbage-kick', bytes: new Uint8Array([0x12, 0x7f]), error: 'MalformedOperatorMessageError' },
    { name: 'forged-kick-signer', bytes: await kickBytes({ signer: c.mallory, target: dave }), error: 'UnexpectedSignerError' },
    { name: 'forged-kick-signature-naming-the-operators-key', bytes: await kickBytes({ signer: c.mallory, named: c.op, target: dave }), error: 'OperatorSignatureError' },
    { name: 'kick-signed-with-the-bans-domain', bytes: await kickBytes({ signer: c.op, target: dave, domain: BAN_LIST_SIGNING_DOMAIN }), error: 'OperatorSignatureError' },
    { name: 'stale-kick-replayed', bytes: await kickBytes({ signer: c.op, target: dave, issuedAtMs: T0 - MAX_MESSAGE_AGE_MS - 1 }), error: 'StaleOperatorMessageError' },
    { name: 'kick-of-the-operator', bytes: await kickBytes({ signer: c.op, target: peerOf(c.op) }), error: 'TargetIsOperatorError' },
    { name: 'kick-cool-off-too-long', bytes: await kickBytes({ signer: c.op, target: dave, coolOffMs: BigInt(MAX_OPERATOR_KICK_COOL_OFF_MS) + 1n }), error: 'CoolOffOutOfBoundsError' },
    { name: 'kick-malformed-target', bytes: await kickBytes({ signer: c.op, target: 'dave' }), error: 'MalformedPeerIdError' },
    { name: 'kick-reason-with-control-characters', bytes: await kickBytes({ signer: c.op, target: dave, reason: 'bye\r\n' }), error: 'MalformedOperatorMessageError' }
  ]
}

describe('operator validator', () => {
  let c: Cast
  let OP: string
  let KEY: Uint8Array

  before(async () => {
    c = { op: await keyFromSeed(21), mallory: await keyFromSeed(22), dave: await keyFromSeed(23), erin: await keyFromSeed(24) }
    OP = peerOf(c.op)
    KEY = operatorBanListKey(OP)
    FAKE_PEERS = []
    // distinct canonical peer ids: keys from 2-byte seeds
    for (let i = 0; i < MAX_OPERATOR_BANS + 20; i++) {
      const seed = new Uint8Array(32)
      seed[0] = 0xa0
      seed[1] = i & 0xff
      seed[2] = i >> 8
      FAKE_PEERS.push(peerOf(await generateKeyPairFromSeed('Ed25519', seed)))
    }
  })

  describe('ban list (kad-dht validator)', () => {
    it('has the shape of a kad-dht ValidateFn and SelectFn', () => {
      const validate: ValidateFn = validateOperatorBanList
      const select: SelectFn = selectOperatorBanList
      assert.equal(typeof validate, 'function')
      assert.equal(typeof select, 'function')
    })

    it('accepts a valid list, empty or full', async () => {
      await validateOperatorBanList(KEY, (await nextBanList(undefined, c.op, [], T0)).bytes)
      const full: OperatorBan[] = FAKE_PEERS.slice(0, MAX_OPERATOR_BANS).map(peer => ({ peer, reason: 'x'.repeat(80), atMs: T0 }))
      const signed = await nextBanList(undefined, c.op, full, T0)
      assert.ok(signed.bytes.byteLength <= MAX_BAN_LIST_BYTES, `${signed.bytes.byteLength} bytes`)
      await validateOperatorBanList(KEY, signed.bytes)
    })

    it('has one fixture per defect, with unique names', async () => {
      const fixtures = await banListFixtures(c)
      assert.ok(fixtures.length >= 20, `only ${fixtures.length}`)
      assert.equal(new Set(fixtures.map(f => f.name)).size, fixtures.length)
    })

    it('rejects every defect fixture with its named error', async (t) => {
      for (const fixture of await banListFixtures(c)) {
        await t.test(fixture.name, async () => {
          await assert.rejects(validateOperatorBanList(fixture.key ?? KEY, fixture.bytes), { name: fixture.error })
        })
      }
    })

    it('checks the size before parsing', () => {
      // not even a protobuf: only the size check can reject it this way
      assert.throws(() => decodeBanList(new Uint8Array(MAX_BAN_LIST_BYTES + 1).fill(0xff)), { name: 'OperatorMessageTooLargeError' })
    })

    it('does not change under its holder when the caller reuses the buffer', async () => {
      const bytes = (await nextBanList(undefined, c.op, [{ peer: peerOf(c.dave), reason: 'spam', atMs: T0 }], T0)).bytes
      const buffer = bytes.slice()
      const list = await verifyBanList(KEY, buffer)
      buffer.fill(0)
      assert.equal(list.bans[0].reason, 'spam')
      assert.ok(await c.op.publicKey.verify(signedBytes(BAN_LIST_SIGNING_DOMAIN, list.payload), list.signature))
    })
  })

  describe('ban list selector', () => {
    it('prefers the higher seq whatever the order, so a replayed older list loses', async () => {
      const s1 = await nextBanList(undefined, c.op, [{ peer: peerOf(c.dave), reason: '', atMs: T0 }], T0)
      const s2 = await nextBanList(s1.record, c.op, [], T0 + 1) // the unban
      assert.equal(await selectOperatorBanList(KEY, [s1.bytes, s2.bytes]), 1)
      assert.equal(await selectOperatorBanList(KEY, [s2.bytes, s1.bytes]), 0)
      assert.ok(compareOperatorBanLists(s2.record, s1.record) < 0)
      assert.ok(compareOperatorBanLists(s1.record, s2.record) > 0)
    })

    it('breaks a tie at the same seq with the smaller signature bytes', async () => {
      const a = await nextBanList(undefined, c.op, [{ peer: peerOf(c.dave), reason: '', atMs: T0 }], T0)
      const b = await nextBanList(undefined, c.op, [{ peer: peerOf(c.erin), reason: '', atMs: T0 }], T0)
      const aFirst = Buffer.compare(a.record.signature, b.record.signature) < 0
      assert.equal(await selectOperatorBanList(KEY, [a.bytes, b.bytes]), aFirst ? 0 : 1)
      assert.equal(await selectOperatorBanList(KEY, [b.bytes, a.bytes]), aFirst ? 1 : 0)
      assert.equal(compareOperatorBanLists(a.record, a.record), 0)
    })

    it('never lets an invalid list win, however high its seq', async () => {
      const valid = await nextBanList(undefined, c.op, [], T0)
      for (const fixture of await banListFixtures(c)) {
        if (fixture.key != null) {
          continue
        }
        assert.equal(await selectOperatorBanList(KEY, [fixture.bytes, valid.bytes]), 1, fixture.name)
        assert.equal(await selectOperatorBanList(KEY, [valid.bytes, fixture.bytes]), 0, fixture.name)
      }
      // a valid list of ANOTHER operator with a higher seq: invalid under this key
      const other = await banListBytes({ signer: c.mallory, seq: 1000n })
      assert.equal(await selectOperatorBanList(KEY, [other, valid.bytes]), 1)
    })

    it('never throws, and answers 0 when nothing is valid', async () => {
      assert.equal(await selectOperatorBanList(KEY, [new Uint8Array([1, 2, 3]), new Uint8Array(0)]), 0)
      assert.equal(await selectOperatorBanList(KEY, []), 0)
    })
  })

  describe('announcements', () => {
    it('accept the operator\'s, at the edges of the time window', async () => {
      const bytes = await createAnnouncement(c.op, 'hello all', T0)
      assert.equal((await verifyAnnouncement(bytes, OP, T0 + MAX_MESSAGE_AGE_MS)).text, 'hello all')
      assert.equal((await verifyAnnouncement(bytes, OP, T0 - MAX_CLOCK_SKEW_MS)).text, 'hello all')
    })

    it('a valid announcement of another key is not the operator\'s', async () => {
      const bytes = await createAnnouncement(c.mallory, 'i am the operator now', T0)
      await assert.rejects(verifyAnnouncement(bytes, OP, T0), { name: 'UnexpectedSignerError' })
      assert.equal((await verifyAnnouncement(bytes, peerOf(c.mallory), T0)).operator, peerOf(c.mallory), 'valid only for peers that follow mallory')
    })

    it('rejects every defect fixture with its named error', async (t) => {
      const fixtures = await announcementFixtures(c)
      assert.equal(new Set(fixtures.map(f => f.name)).size, fixtures.length)
      for (const fixture of fixtures) {
        await t.test(fixture.name, async () => {
          await assert.rejects(verifyAnnouncement(fixture.bytes, OP, T0), { name: fixture.error })
        })
      }
    })
  })

  describe('kicks', () => {
    it('accept the operator\'s', async () => {
      const kick = await verifyKick(await createKick(c.op, { target: peerOf(c.dave), nowMs: T0 }), OP, T0 + 1000)
      assert.equal(kick.target, peerOf(c.dave))
    })

    it('rejects every defect fixture with its named error', async (t) => {
      const fixtures = await kickFixtures(c)
      assert.equal(new Set(fixtures.map(f => f.name)).size, fixtures.length)
      for (const fixture of fixtures) {
        await t.test(fixture.name, async () => {
          await assert.rejects(verifyKick(fixture.bytes, OP, T0), { name: fixture.error })
        })
      }
    })
  })

  describe('the topic message', () => {
    it('checks the size first, then a known kind and a payload', () => {
      assert.throws(() => decodeOperatorMessage(new Uint8Array(MAX_OPERATOR_MESSAGE_BYTES + 1).fill(0xff)), { name: 'OperatorMessageTooLargeError' })
      assert.throws(() => decodeOperatorMessage(new Uint8Array([0xff, 0xff])), { name: 'MalformedOperatorMessageError' })
      // kind 7 (unknown), payload [0]
      assert.throws(() => decodeOperatorMessage(new Uint8Array([0x08, 0x07, 0x12, 0x01, 0x00])), { name: 'MalformedOperatorMessageError' })
      assert.throws(() => decodeOperatorMessage(OperatorMessage.encode({ kind: OperatorMessage.Kind.UNKNOWN, payload: new Uint8Array([1]) })), { name: 'MalformedOperatorMessageError' })
      assert.throws(() => decodeOperatorMessage(OperatorMessage.encode({ kind: OperatorMessage.Kind.BANS, payload: new Uint8Array(0) })), { name: 'MalformedOperatorMessageError' })
    })
  })
})
