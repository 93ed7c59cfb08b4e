import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { ChatMessage, decodeChatMessage, encodeChatMessage } from '../../src/protocol/chat-message.js'
import type { ChatPayload } from '../../src/protocol/chat-message.js'
import {
  MAX_CHAT_MESSAGE_BYTES,
  MAX_CLOCK_SKEW_MS,
  MAX_MESSAGE_AGE_MS,
  MAX_NICK_LENGTH,
  MAX_ROOM_PAYLOAD_BYTES,
  MAX_TEXT_BYTES
} from '../../src/protocol/constants.js'

const NOW = 1_750_000_000_000

const NAMED = new Set(['MessageTooLargeError', 'MalformedMessageError', 'StaleMessageError'])

function payload (over: Partial<ChatPayload> = {}): ChatPayload {
  return { kind: ChatMessage.Kind.TEXT, sentAtMs: NOW, nick: 'alice', text: 'hello', session: 42n, seq: 1n, ...over }
}

/** Every kind the wire format defines. */
const KINDS = Object.values(ChatMessage.Kind).filter((k): k is ChatMessage.Kind => typeof k === 'string')

/** A payload as the decoder returns it: no signed payload reads as an empty one. */
/** A payload with its optional fields at their wire defaults. */
function canonical (p: ChatPayload): ChatPayload {
  return { ...p, payload: p.payload ?? new Uint8Array(0), recordLinks: p.recordLinks ?? 0, recordSeq: p.recordSeq ?? 0n }
}

/** 'valid' or the name of one of the three decoder errors; anything else fails. */
function outcome (bytes: Uint8Array, now = NOW): string {
  try {
    decodeChatMessage(bytes, now)
    return 'valid'
  } catch (err) {
    const name = (err as Error).name
    assert.ok(NAMED.has(name), `unexpected ${name}: ${(err as Error).message}`)
    return name
  }
}

/** A protobuf varint. */
function varint (n: number): number[] {
  const out: number[] = []
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80)
    n = Math.floor(n / 128)
  }
  out.push(n)
  return out
}

/** A length-delimited field. */
function lengthField (field: number, bytes: Uint8Array): number[] {
  return [...varint((field << 3) | 2), ...varint(bytes.byteLength), ...bytes]
}

describe('chat messages', () => {
  describe('round trip', () => {
    it('carries the record version of presence messages', () => {
      const p = payload({ kind: ChatMessage.Kind.HEARTBEAT, text: '', recordLinks: 2, recordSeq: 7n })
      const back = decodeChatMessage(encodeChatMessage(p), NOW)
      assert.equal(back.recordLinks, 2)
      assert.equal(back.recordSeq, 7n)
    })

    it('decodes what it encodes, for every kind', () => {
      for (const kind of KINDS) {
        const text = kind === ChatMessage.Kind.TEXT || kind === ChatMessage.Kind.ACTION ? 'waves at everyone 👋' : ''
        const signed = kind === ChatMessage.Kind.RECORD || kind === ChatMessage.Kind.MODERATION ? new Uint8Array([1, 2, 3]) : undefined
        const p = payload({ kind, text, payload: signed, session: 2n ** 64n - 1n, seq: 123_456_789_012n })
        assert.deepEqual(canonical(decodeChatMessage(encodeChatMessage(p), NOW)), canonical(p), kind)
      }
    })

    it('property: any valid payload round-trips', () => {
      const valid = fc.record({
        kind: fc.constantFrom(ChatMessage.Kind.TEXT, ChatMessage.Kind.ACTION),
        sentAtMs: fc.integer({ min: NOW - MAX_MESSAGE_AGE_MS, max: NOW + MAX_CLOCK_SKEW_MS }),
        nick: fc.stringMatching(new RegExp(`^[a-z0-9_-]{1,${MAX_NICK_LENGTH}}$`)),
        text: fc.string({ minLength: 1, maxLength: 500 }),
        session: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
        seq: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n })
      })
      fc.assert(fc.property(valid, p => {
        assert.deepEqual(canonical(decodeChatMessage(encodeChatMessage(p), NOW)), canonical(p))
      }), { numRuns: 300 })
    })

    it('accepts text of exactly MAX_TEXT_BYTES UTF-8 bytes', () => {
      const text = 'é'.repeat(MAX_TEXT_BYTES / 2)
      assert.equal(decodeChatMessage(encodeChatMessage(payload({ text })), NOW).text, text)
    })
  })

  describe('size', () => {
    it(`rejects more than ${MAX_CHAT_MESSAGE_BYTES} bytes as too large before parsing them`, () => {
      const garbage = new Uint8Array(MAX_CHAT_MESSAGE_BYTES + 1).fill(0xff)
      assert.equal(outcome(new Uint8Array(MAX_CHAT_MESSAGE_BYTES).fill(0xff)), 'MalformedMessageError', 'at the limit it is parsed')
      assert.throws(() => decodeChatMessage(garbage, NOW), { name: 'MessageTooLargeError', message: new RegExp(`${MAX_CHAT_MESSAGE_BYTES + 1}`) })
    })

    it('rejects a well-formed message padded past the limit with an unknown field', () => {
      const valid = encodeChatMessage(payload())
      const padded = new Uint8Array([...valid, ...lengthField(15, new Uint8Array(MAX_CHAT_MESSAGE_BYTES))])
      assert.throws(() => decodeChatMessage(padded, NOW), { name: 'MessageTooLargeError' })
      const paddedSmall = new Uint8Array([...valid, ...lengthField(15, new Uint8Array(10))])
      assert.deepEqual(canonical(decodeChatMessage(paddedSmall, NOW)), canonical(payload()), 'unknown fields are skipped')
    })

    it('rejects text over MAX_TEXT_BYTES UTF-8 bytes even when it has fewer characters', () => {
      const text = 'é'.repeat(MAX_TEXT_BYTES / 2 + 1)
      assert.ok(text.length <= MAX_TEXT_BYTES)
      const bytes = encodeChatMessage(payload({ text }))
      assert.ok(bytes.byteLength <= MAX_CHAT_MESSAGE_BYTES)
      assert.throws(() => decodeChatMessage(bytes, NOW), { name: 'MessageTooLargeError', message: /text/ })
    })
  })

  describe('shape', () => {
    it('rejects bytes that are not a protobuf message', () => {
      for (const bytes of [[0xff], [0x0a], [0x1a, 0x05, 0x61], [0x08, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80], [0x0f]]) {
        assert.throws(() => decodeChatMessage(new Uint8Array(bytes), NOW), { name: 'MalformedMessageError' }, JSON.stringify(bytes))
      }
    })

    it('rejects an unknown kind', () => {
      for (const value of [100, 127]) {
        const unknownKind = new Uint8Array([0x08, value, ...encodeChatMessage(payload())])
        assert.throws(() => decodeChatMessage(unknownKind, NOW), { name: 'MalformedMessageError' }, String(value))
      }
    })

    it('rejects an empty message (no nick)', () => {
      assert.throws(() => decodeChatMessage(new Uint8Array(0), NOW), { name: 'MalformedMessageError', message: /nickname/ })
    })

    it('rejects a nickname that is not in normal form', () => {
      for (const nick of ['Alice', 'al ice', '', 'x'.repeat(MAX_NICK_LENGTH + 1), 'eve\u001b[2J', '#bob', 'ａｌｉｃｅ']) {
        assert.throws(() => decodeChatMessage(encodeChatMessage(payload({ nick })), NOW), { name: 'MalformedMessageError' }, JSON.stringify(nick))
      }
    })

    it('rejects TEXT and ACTION without text, but not presence messages', () => {
      assert.throws(() => decodeChatMessage(encodeChatMessage(payload({ text: '' })), NOW), { name: 'MalformedMessageError', message: /no text/ })
      assert.throws(() => decodeChatMessage(encodeChatMessage(payload({ kind: ChatMessage.Kind.ACTION, text: '' })), NOW), { name: 'MalformedMessageError' })
      for (const kind of [ChatMessage.Kind.JOIN, ChatMessage.Kind.LEAVE, ChatMessage.Kind.HEARTBEAT]) {
        assert.equal(decodeChatMessage(encodeChatMessage(payload({ kind, text: '' })), NOW).kind, kind)
      }
    })
  })

  describe('signed payloads', () => {
    it('requires a payload on RECORD and MODERATION and refuses one elsewhere', () => {
      for (const kind of [ChatMessage.Kind.RECORD, ChatMessage.Kind.MODERATION]) {
        assert.throws(() => decodeChatMessage(encodeChatMessage(payload({ kind, text: '' })), NOW), { name: 'MalformedMessageError', message: /payload/ }, kind)
      }
      for (const kind of [ChatMessage.Kind.TEXT, ChatMessage.Kind.HEARTBEAT]) {
        const bytes = encodeChatMessage(payload({ kind, text: kind === ChatMessage.Kind.TEXT ? 'hi' : '', payload: new Uint8Array([1]) }))
        assert.throws(() => decodeChatMessage(bytes, NOW), { name: 'MalformedMessageError', message: /payload/ }, kind)
      }
    })

    it(`accepts a payload of ${MAX_ROOM_PAYLOAD_BYTES} bytes and rejects a larger one as too large`, () => {
      const atLimit = encodeChatMessage(payload({ kind: ChatMessage.Kind.RECORD, text: '', payload: new Uint8Array(MAX_ROOM_PAYLOAD_BYTES).fill(7) }))
      assert.equal(decodeChatMessage(atLimit, NOW).payload?.byteLength, MAX_ROOM_PAYLOAD_BYTES)
      const over = encodeChatMessage(payload({ kind: ChatMessage.Kind.RECORD, text: '', payload: new Uint8Array(MAX_ROOM_PAYLOAD_BYTES + 1).fill(7) }))
      assert.ok(over.byteLength <= MAX_CHAT_MESSAGE_BYTES, 'within the message limit, so the payload check decides')
      assert.throws(() => decodeChatMessage(over, NOW), { name: 'MessageTooLargeError' })
    })
  })

  describe('send time', () => {
    it(`accepts up to ${MAX_CLOCK_SKEW_MS} ms in the future and rejects more`, () => {
      assert.equal(outcome(encodeChatMessage(payload({ sentAtMs: NOW + MAX_CLOCK_SKEW_MS }))), 'valid')
      assert.throws(() => decodeChatMessage(encodeChatMessage(payload({ sentAtMs: NOW + MAX_CLOCK_SKEW_MS + 1 })), NOW), { name: 'StaleMessageError', message: /future/ })
    })

    it(`accepts up to ${MAX_MESSAGE_AGE_MS} ms old and rejects older`, () => {
      assert.equal(outcome(encodeChatMessage(payload({ sentAtMs: NOW - MAX_MESSAGE_AGE_MS }))), 'valid')
      assert.throws(() => decodeChatMessage(encodeChatMessage(payload({ sentAtMs: NOW - MAX_MESSAGE_AGE_MS - 1 })), NOW), { name: 'StaleMessageError', message: /ago/ })
      assert.throws(() => decodeChatMessage(encodeChatMessage(payload({ sentAtMs: 0 })), NOW), { name: 'StaleMessageError' })
    })

    it('rejects a send time beyond the safe integer range rather than rounding it', () => {
      const bytes = ChatMessage.encode({ kind: ChatMessage.Kind.TEXT, sentAtMs: 2n ** 64n - 1n, nick: 'alice', text: 'hi', session: 1n, seq: 1n })
      assert.throws(() => decodeChatMessage(bytes, NOW), { name: 'StaleMessageError' })
      const justOver = ChatMessage.encode({ kind: ChatMessage.Kind.TEXT, sentAtMs: BigInt(Number.MAX_SAFE_INTEGER) + 1n, nick: 'alice', text: 'hi', session: 1n, seq: 1n })
      assert.throws(() => decodeChatMessage(justOver, Number.MAX_SAFE_INTEGER), { name: 'StaleMessageError' })
    })
  })

  describe('fuzz', () => {
    it('property: arbitrary bytes decode or throw one of the three named errors', () => {
      fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), bytes => {
        outcome(bytes)
      }), { numRuns: 2000 })
      fc.assert(fc.property(fc.uint8Array({ minLength: MAX_CHAT_MESSAGE_BYTES + 1, maxLength: MAX_CHAT_MESSAGE_BYTES + 50 }), bytes => {
        assert.equal(outcome(bytes), 'MessageTooLargeError')
      }), { numRuns: 10 })
    })

    it('property: mutated valid encodings decode or throw one of the three named errors', () => {
      const edit = fc.record({ at: fc.nat(), value: fc.integer({ min: 0, max: 255 }), op: fc.constantFrom('set', 'insert', 'delete', 'truncate') })
      const base = fc.record({
        kind: fc.constantFrom(...KINDS),
        payload: fc.option(fc.uint8Array({ minLength: 1, maxLength: 20 }), { nil: undefined }),
        sentAtMs: fc.integer({ min: NOW - 2 * MAX_MESSAGE_AGE_MS, max: NOW + 2 * MAX_CLOCK_SKEW_MS }),
        nick: fc.constantFrom('alice', 'bob_2', 'x'.repeat(MAX_NICK_LENGTH)),
        text: fc.string({ maxLength: 40 }),
        session: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
        seq: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n })
      })
      fc.assert(fc.property(base, fc.array(edit, { minLength: 1, maxLength: 5 }), (p, edits) => {
        let bytes = [...encodeChatMessage(p)]
        for (const e of edits) {
          const at = bytes.length === 0 ? 0 : e.at % (bytes.length + 1)
          if (e.op === 'set' && at < bytes.length) {
            bytes[at] = e.value
          } else if (e.op === 'insert') {
            bytes.splice(at, 0, e.value)
          } else if (e.op === 'delete') {
            bytes.splice(at, 1)
          } else if (e.op === 'truncate') {
            bytes = bytes.slice(0, at)
          }
        }
        const result = outcome(new Uint8Array(bytes))
        if (result === 'valid') {
          const decoded = decodeChatMessage(new Uint8Array(bytes), NOW)
          assert.match(decoded.nick, /^[a-z0-9_-]+$/)
          assert.ok(Number.isSafeInteger(decoded.sentAtMs))
        }
      }), { numRuns: 1000 })
    })
  })
})
