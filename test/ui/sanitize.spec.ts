import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { sanitizeForTerminal } from '../../src/ui/sanitize.js'

// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/

describe('sanitizeForTerminal', () => {
  it('leaves ordinary text alone', () => {
    for (const text of ['hello', 'Grüße, 世界 😀', 'a-b_c.d/e \\ "q" \'s\'', 'مرحبا', '', ' spaced  out ']) {
      assert.equal(sanitizeForTerminal(text), text)
    }
  })

  it('turns newlines and tabs into spaces', () => {
    assert.equal(sanitizeForTerminal('one\ntwo\tthree'), 'one two three')
  })

  it('replaces escape sequences so they cannot act', () => {
    assert.equal(sanitizeForTerminal('\u001b[2Jcleared'), '\ufffd[2Jcleared')
    assert.equal(sanitizeForTerminal('\u001b]0;title\u0007'), '\ufffd]0;title\ufffd')
    assert.equal(sanitizeForTerminal('\u009b31mred'), '\ufffd31mred', 'the 8-bit CSI')
  })

  it('replaces carriage return, backspace, BEL, NUL and DEL', () => {
    assert.equal(sanitizeForTerminal('fake\rreal'), 'fake\ufffdreal')
    assert.equal(sanitizeForTerminal('ab\bc'), 'ab\ufffdc')
    assert.equal(sanitizeForTerminal('\u0007\u0000\u007f'), '\ufffd\ufffd\ufffd')
  })

  it('replaces bidi overrides and isolates', () => {
    assert.equal(sanitizeForTerminal('abc\u202edcba'), 'abc\ufffddcba')
    for (const ch of ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069']) {
      assert.equal(sanitizeForTerminal(`x${ch}y`), 'x\ufffdy', ch.codePointAt(0)?.toString(16))
    }
  })

  it('property: output has no control or bidi-override characters, keeps its length and is stable', () => {
    const hostile = fc.array(fc.oneof(
      fc.array(fc.integer({ min: 0, max: 0x10ffff }).map(cp => String.fromCodePoint(cp)), { maxLength: 5 }).map(cs => cs.join('')),
      fc.integer({ min: 0, max: 0x9f }).map(c => String.fromCharCode(c)),
      fc.constantFrom('\u001b[2J', '\u001b]8;;http://evil\u0007', '\u202e', '\u2066', '\r\n', '\ufffd')
    ), { maxLength: 30 }).map(parts => parts.join(''))
    fc.assert(fc.property(hostile, text => {
      const out = sanitizeForTerminal(text)
      assert.doesNotMatch(out, UNSAFE)
      assert.equal(out.length, text.length, 'one character for one')
      assert.equal(sanitizeForTerminal(out), out)
    }), { numRuns: 300 })
  })

  it('property: text without unsafe characters is returned unchanged', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 0x10ffff }).map(cp => String.fromCodePoint(cp)), { maxLength: 50 }).map(cs => cs.join('')).filter(s => !UNSAFE.test(s)), text => {
      assert.equal(sanitizeForTerminal(text), text)
    }))
  })
})
