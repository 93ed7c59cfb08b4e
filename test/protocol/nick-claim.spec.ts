import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import { generateKeyPair, publicKeyToProtobuf } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import type { PrivateKey } from '@libp2p/interface'
import type { SelectFn, ValidateFn } from '@libp2p/kad-dht'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'
import { MAX_CLOCK_SKEW_MS } from '../../src/protocol/constants.js'
import {
  MAX_NICK_CLAIM_BYTES, MAX_NICK_CLAIM_TTL_MS, NICK_CLAIM_SIGNING_DOMAIN, NICK_KEY_NAMESPACE,
  compareNickClaims, createNickClaim, createNickClaimSelector, createNickClaimValidator, decodeNickClaim,
  nickClaimKey, nickProviderCid, selectNickClaim, validateNickClaim, verifyNickClaim
} from '../../src/protocol/nick-claim.js'
import { NickClaim, NickClaimPayload } from '../../src/protocol/pb/nick-claim.js'
import { signedBytes } from '../../src/protocol/room-record-validator.js'

const T0 = 1_700_000_000_000
const HOUR_MS = 60 * 60_000

/** Sign an arbitrary payload the way a claimer would (to build defects). */
async function sign (key: PrivateKey, payload: Partial<NickClaimPayload>, signer: PrivateKey = key): Promise<Uint8Array> {
  const bytes = NickClaimPayload.encode({
    nick: 'alice',
    publicKey: publicKeyToProtobuf(key.publicKey) as Uint8Array<ArrayBuffer>,
    issuedAtMs: BigInt(T0),
    expiresAtMs: BigInt(T0 + HOUR_MS),
    ...payload
  })
  const signature = await signer.sign(signedBytes(NICK_CLAIM_SIGNING_DOMAIN, bytes))
  return NickClaim.encode({ payload: bytes, signature: signature as Uint8Array<ArrayBuffer> })
}

interface Defect {
  name: string
  bytes: Uint8Array
  key?: Uint8Array
  error: string
}

describe('nick claims', () => {
  let alice: PrivateKey
  let mallory: PrivateKey
  let aliceKey: Uint8Array
  let defects: Defect[]

  before(async () => {
    alice = await generateKeyPair('Ed25519')
    mallory = await generateKeyPair('Ed25519')
    aliceKey = nickClaimKey(peerIdFromPrivateKey(alice).toString())
    const valid = await createNickClaim({ key: alice, nick: 'alice', nowMs: T0 })
    const flipped = valid.claim.signature.slice()
    flipped[0] ^= 1
    defects = [
      { name: 'oversized', bytes: new Uint8Array(MAX_NICK_CLAIM_BYTES + 1), error: 'NickClaimTooLargeError' },
      { name: 'not-protobuf', bytes: new Uint8Array([0xff, 0xff, 0xff]), error: 'MalformedNickClaimError' },
      { name: 'empty-payload', bytes: NickClaim.encode({ signature: new Uint8Array(64) }), error: 'MalformedNickClaimError' },
      { name: 'rsa-or-garbage-key', bytes: await sign(alice, { publicKey: new Uint8Array([1, 2, 3]) }), error: 'UnsupportedKeyError' },
      { name: 'nick-not-normal', bytes: await sign(alice, { nick: 'Alice' }), error: 'InvalidClaimedNickError' },
      { name: 'nick-too-long', bytes: await sign(alice, { nick: 'a'.repeat(25) }), error: 'InvalidClaimedNickError' },
      { name: 'stored-under-another-peer', bytes: valid.bytes, key: nickClaimKey(peerIdFromPrivateKey(mallory).toString()), error: 'NickClaimKeyMismatchError' },
      { name: 'stored-under-the-nick', bytes: valid.bytes, key: new TextEncoder().encode(`/${NICK_KEY_NAMESPACE}/alice`), error: 'NickClaimKeyMismatchError' },
      { name: 'other-key-claims-alices-peer', bytes: await sign(mallory, {}), key: aliceKey, error: 'NickClaimKeyMismatchError' },
      { name: 'broken-signature', bytes: NickClaim.encode({ payload: valid.claim.payload as Uint8Array<ArrayBuffer>, signature: flipped as Uint8Array<ArrayBuffer> }), error: 'NickClaimSignatureError' },
      { name: 'signed-by-someone-else', bytes: await sign(alice, {}, mallory), error: 'NickClaimSignatureError' },
      { name: 'signed-without-domain', bytes: NickClaim.encode({ payload: valid.claim.payload as Uint8Array<ArrayBuffer>, signature: await alice.sign(valid.claim.payload) as Uint8Array<ArrayBuffer> }), error: 'NickClaimSignatureError' },
      { name: 'expires-before-issue', bytes: await sign(alice, { expiresAtMs: BigInt(T0 - 1) }), error: 'NickClaimLifetimeError' },
      { name: 'lives-over-24h', bytes: await sign(alice, { expiresAtMs: BigInt(T0 + MAX_NICK_CLAIM_TTL_MS + 1) }), error: 'NickClaimLifetimeError' },
      { name: 'issued-in-the-future', bytes: await sign(alice, { issuedAtMs: BigInt(T0 + MAX_CLOCK_SKEW_MS + 5000), expiresAtMs: BigInt(T0 + 2 * HOUR_MS) }), error: 'NickClaimFromFutureError' },
      { name: 'expired', bytes: await sign(alice, { issuedAtMs: BigInt(T0 - 2 * HOUR_MS), expiresAtMs: BigInt(T0) }), error: 'NickClaimExpiredError' },
      { name: 'time-beyond-2^53', bytes: await sign(alice, { expiresAtMs: 2n ** 60n }), error: 'MalformedNickClaimError' }
    ]
  })

  it('have the shape of kad-dht validators and selectors', () => {
    const v: ValidateFn = validateNickClaim
    const s: SelectFn = selectNickClaim
    assert.equal(typeof v, 'function')
    assert.equal(typeof s, 'function')
  })

  it('are stored under /crypticomm-nick/<peer-id> and provided under a sha-256 raw CIDv1 of the nick', async () => {
    const peer = peerIdFromPrivateKey(alice).toString()
    assert.equal(new TextDecoder().decode(nickClaimKey(peer)), `/crypticomm-nick/${peer}`)
    const cid = await nickProviderCid('alice')
    const expected = CID.createV1(raw.code, await sha256.digest(new TextEncoder().encode('crypticomm-nick/alice')))
    assert.ok(cid.equals(expected))
    assert.ok(!cid.equals(await nickProviderCid('bob')))
  })

  it('a created claim verifies and names its peer and nick (normalised)', async () => {
    const signed = await createNickClaim({ key: alice, nick: ' ALICE ', nowMs: T0 })
    const claim = await verifyNickClaim(aliceKey, signed.bytes, T0 + 1000)
    assert.equal(claim.nick, 'alice')
    assert.equal(claim.peer, peerIdFromPrivateKey(alice).toString())
    assert.equal(claim.issuedAtMs, T0)
    assert.equal(claim.expiresAtMs, T0 + MAX_NICK_CLAIM_TTL_MS)
    assert.ok(signed.bytes.byteLength < 200, `${signed.bytes.byteLength} bytes`)
    await createNickClaimValidator(() => T0)(aliceKey, signed.bytes)
  })

  it('refuses to create a claim of an invalid nick or lifetime', async () => {
    await assert.rejects(createNickClaim({ key: alice, nick: 'no spaces', nowMs: T0 }), { name: 'InvalidNameError' })
    await assert.rejects(createNickClaim({ key: alice, nick: 'alice', nowMs: T0, ttlMs: MAX_NICK_CLAIM_TTL_MS + 1 }), { name: 'NickClaimLifetimeError' })
    await assert.rejects(createNickClaim({ key: alice, nick: 'alice', nowMs: T0, ttlMs: 0 }), { name: 'NickClaimLifetimeError' })
  })

  it('rejects every defect with its own error', async () => {
    for (const defect of defects) {
      await assert.rejects(verifyNickClaim(defect.key ?? aliceKey, defect.bytes, T0 + 1000), (err: Error) => {
        assert.equal(err.name, defect.error, `${defect.name}: ${err.message}`)
        return true
      }, defect.name)
      await assert.rejects(Promise.resolve(createNickClaimValidator(() => T0 + 1000)(defect.key ?? aliceKey, defect.bytes)), { name: defect.error }, defect.name)
    }
  })

  it('expires: valid until expiresAtMs, invalid from then on', async () => {
    const signed = await createNickClaim({ key: alice, nick: 'alice', nowMs: T0, ttlMs: HOUR_MS })
    await verifyNickClaim(aliceKey, signed.bytes, T0 + HOUR_MS - 1)
    await assert.rejects(verifyNickClaim(aliceKey, signed.bytes, T0 + HOUR_MS), { name: 'NickClaimExpiredError' })
  })

  it('decodes without verifying, size first', async () => {
    const forged = await sign(alice, {}, mallory)
    assert.equal(decodeNickClaim(forged).nick, 'alice')
    assert.throws(() => decodeNickClaim(new Uint8Array(MAX_NICK_CLAIM_BYTES + 1)), { name: 'NickClaimTooLargeError' })
  })

  describe('the selector', () => {
    it('prefers the later issue time (a nick change or renewal wins; a replay loses)', async () => {
      const old = await createNickClaim({ key: alice, nick: 'alice', nowMs: T0 })
      const renamed = await createNickClaim({ key: alice, nick: 'alicia', nowMs: T0 + 1000 })
      const select = createNickClaimSelector(() => T0 + 2000)
      assert.equal(await select(aliceKey, [old.bytes, renamed.bytes]), 1)
      assert.equal(await select(aliceKey, [renamed.bytes, old.bytes]), 0)
    })

    it('then the later expiry, then the smaller signature, the same on every node', async () => {
      const short = await createNickClaim({ key: alice, nick: 'alice', nowMs: T0, ttlMs: HOUR_MS })
      const long = await createNickClaim({ key: alice, nick: 'alice', nowMs: T0, ttlMs: 2 * HOUR_MS })
      const select = createNickClaimSelector(() => T0 + 1000)
      assert.equal(await select(aliceKey, [short.bytes, long.bytes]), 1)
      const a = await createNickClaim({ key: alice, nick: 'alice', nowMs: T0, ttlMs: HOUR_MS })
      const b = await createNickClaim({ key: alice, nick: 'bob', nowMs: T0, ttlMs: HOUR_MS })
      const first = await select(aliceKey, [a.bytes, b.bytes])
      const second = await select(aliceKey, [b.bytes, a.bytes])
      assert.equal([a, b][first].claim.nick, [b, a][second].claim.nick, 'order-independent')
      assert.ok(compareNickClaims(a.claim, b.claim) !== 0)
      assert.equal(compareNickClaims(a.claim, a.claim), 0)
    })

    it('never lets an invalid or expired claim win, and never throws', async () => {
      const good = await createNickClaim({ key: alice, nick: 'alice', nowMs: T0 })
      const select = createNickClaimSelector(() => T0 + 1000)
      for (const defect of defects.filter(d => d.key == null)) {
        assert.equal(await select(aliceKey, [defect.bytes, good.bytes]), 1, defect.name)
      }
      // a forged claim dated later still loses to the older valid one
      const forgedLater = await sign(alice, { nick: 'mallory', issuedAtMs: BigInt(T0 + 500), expiresAtMs: BigInt(T0 + HOUR_MS) }, mallory)
      assert.equal(await select(aliceKey, [forgedLater, good.bytes]), 1)
      assert.equal(await select(aliceKey, [new Uint8Array([1]), new Uint8Array(0)]), 0, 'nothing valid: index 0')
    })
  })
})
