import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { MAX_CLOCK_SKEW_MS, MAX_MESSAGE_AGE_MS, MAX_TEXT_BYTES } from '../../src/protocol/constants.js'
import {
  DM_PROTOCOL, DM_REFUSALS, MAX_DM_ACK_BYTES, MAX_DM_FRAME_BYTES, MAX_DM_ID_CHARS,
  decodeDirectMessage, decodeDirectMessageAck, encodeDirectMessage, encodeDirectMessageAck,
  isValidMessageId, newMessageId, refusalOf
} from '../../src/protocol/direct-message.js'
import type { DirectMessageFrame } from '../../src/protocol/direct-message.js'
import { DirectMessage, DirectMessageAck } from '../../src/protocol/pb/dm.js'

const NOW = 1_700_000_000_000
const frame: DirectMessageFrame = { id: 'abc123', text: 'hello there', sentAtMs: NOW, nick: 'alice' }

function throwsNamed (fn: () => unknown, name: string): void {
  assert.throws(fn, (err: Error) => err.name === name, `expected ${name}`)
}

describe('direct message frames', () => {
  it('is a versioned protocol id', () => {
    assert.equal(DM_PROTOCOL, '/crypticomm/dm/1.0.0')
  })

  it('round-trips a message', () => {
    assert.deepEqual(decodeDirectMessage(encodeDirectMessage(frame)), frame)
  })

  it('a frame at every field limit stays under the frame limit', () => {
    const big = encodeDirectMessage({ id: 'x'.repeat(MAX_DM_ID_CHARS), text: 'é'.repeat(MAX_TEXT_BYTES / 2), sentAtMs: Number.MAX_SAFE_INTEGER, nick: 'n'.repeat(24) })
    assert.ok(big.byteLength < MAX_DM_FRAME_BYTES, `${big.byteLength}`)
  })

  it('makes fresh valid ids', () => {
    const a = newMessageId()
    assert.ok(isValidMessageId(a))
    assert.notEqual(a, newMessageId())
  })

  it('rejects an oversized frame before parsing', () => {
    throwsNamed(() => decodeDirectMessage(new Uint8Array(MAX_DM_FRAME_BYTES + 1)), 'DirectMessageTooLargeError')
  })

  it('rejects bytes that are not a frame', () => {
    throwsNamed(() => decodeDirectMessage(new Uint8Array([0xff, 0xff, 0xff, 0xff])), 'MalformedDirectMessageError')
  })

  it('rejects a frame without id, with a bad id, or with a nick not in normal form', () => {
    throwsNamed(() => decodeDirectMessage(DirectMessage.encode({ text: 'x', sentAtMs: BigInt(NOW), nick: 'alice' })), 'MalformedDirectMessageError')
    throwsNamed(() => decodeDirectMessage(DirectMessage.encode({ id: 'a b', text: 'x', sentAtMs: BigInt(NOW), nick: 'alice' })), 'MalformedDirectMessageError')
    throwsNamed(() => decodeDirectMessage(DirectMessage.encode({ id: 'x'.repeat(MAX_DM_ID_CHARS + 1), text: 'x', sentAtMs: BigInt(NOW), nick: 'alice' })), 'MalformedDirectMessageError')
    throwsNamed(() => decodeDirectMessage(DirectMessage.encode({ id: 'a', text: 'x', sentAtMs: BigInt(NOW), nick: 'Alice' })), 'MalformedDirectMessageError')
    throwsNamed(() => decodeDirectMessage(DirectMessage.encode({ id: 'a', text: 'x', sentAtMs: BigInt(NOW), nick: '' })), 'MalformedDirectMessageError')
  })

  it('rejects a send time beyond 2^53', () => {
    throwsNamed(() => decodeDirectMessage(DirectMessage.encode({ id: 'a', text: 'x', sentAtMs: 2n ** 60n, nick: 'alice' })), 'MalformedDirectMessageError')
  })

  it('refuses empty, too long and skewed messages, and accepts good ones', () => {
    assert.equal(refusalOf(frame, NOW), undefined)
    assert.equal(refusalOf({ ...frame, text: '' }, NOW), 'empty')
    assert.equal(refusalOf({ ...frame, text: ' \t ' }, NOW), 'empty')
    assert.equal(refusalOf({ ...frame, text: 'x'.repeat(MAX_TEXT_BYTES) }, NOW), undefined)
    assert.equal(refusalOf({ ...frame, text: 'x'.repeat(MAX_TEXT_BYTES + 1) }, NOW), 'too long')
    assert.equal(refusalOf({ ...frame, text: 'é'.repeat(MAX_TEXT_BYTES / 2 + 1) }, NOW), 'too long', 'counted in UTF-8 bytes')
    assert.equal(refusalOf({ ...frame, sentAtMs: NOW + MAX_CLOCK_SKEW_MS + 1 }, NOW), 'clock skew')
    assert.equal(refusalOf({ ...frame, sentAtMs: NOW - MAX_MESSAGE_AGE_MS - 1 }, NOW), 'clock skew')
    assert.equal(refusalOf({ ...frame, sentAtMs: NOW - MAX_MESSAGE_AGE_MS }, NOW), undefined)
  })

  it('will not encode what a receiver would abort on', () => {
    throwsNamed(() => encodeDirectMessage({ ...frame, id: '' }), 'MalformedDirectMessageError')
    throwsNamed(() => encodeDirectMessage({ ...frame, nick: 'Not Normal' }), 'MalformedDirectMessageError')
    throwsNamed(() => encodeDirectMessage({ ...frame, sentAtMs: -1 }), 'MalformedDirectMessageError')
    throwsNamed(() => encodeDirectMessage({ ...frame, text: 'x'.repeat(MAX_DM_FRAME_BYTES) }), 'DirectMessageTooLargeError')
  })
})

describe('direct message acks', () => {
  it('round-trips acceptances and refusals', () => {
    assert.deepEqual(decodeDirectMessageAck(encodeDirectMessageAck({ id: 'abc', ok: true })), { id: 'abc', ok: true })
    for (const error of DM_REFUSALS) {
      assert.deepEqual(decodeDirectMessageAck(encodeDirectMessageAck({ id: 'abc', ok: false, error })), { id: 'abc', ok: false, error })
    }
    assert.deepEqual(decodeDirectMessageAck(encodeDirectMessageAck({ id: 'abc', ok: false, error: 'rate limited', retryInMs: 1500.2 })),
      { id: 'abc', ok: false, error: 'rate limited', retryInMs: 1501 })
  })

  it('rejects oversized, malformed and contradictory acks', () => {
    throwsNamed(() => decodeDirectMessageAck(new Uint8Array(MAX_DM_ACK_BYTES + 1)), 'DirectMessageTooLargeError')
    throwsNamed(() => decodeDirectMessageAck(new Uint8Array([0x0a, 0x7f])), 'MalformedDirectMessageError')
    throwsNamed(() => decodeDirectMessageAck(DirectMessageAck.encode({ id: '', ok: true })), 'MalformedDirectMessageError')
    throwsNamed(() => decodeDirectMessageAck(DirectMessageAck.encode({ id: 'a', ok: true, error: 'no' })), 'MalformedDirectMessageError')
    throwsNamed(() => decodeDirectMessageAck(DirectMessageAck.encode({ id: 'a', ok: false, error: '\u001b[2Jgotcha' })), 'MalformedDirectMessageError')
    throwsNamed(() => decodeDirectMessageAck(DirectMessageAck.encode({ id: 'a', ok: false, error: 'x'.repeat(65) })), 'MalformedDirectMessageError')
  })
})
