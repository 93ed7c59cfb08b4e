import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { MAX_LINE_BYTES, parseLine } from '../../src/ui/parse-line.js'

describe('parseLine', () => {
  it('reads a command with its name lowercased and its arguments as typed', () => {
    assert.deepEqual(parseLine('/JOIN #General'), { kind: 'command', name: '/join', args: '#General' })
    assert.deepEqual(parseLine('/Me Waves At Bob'), { kind: 'command', name: '/me', args: 'Waves At Bob' })
    assert.deepEqual(parseLine('/quit'), { kind: 'command', name: '/quit', args: '' })
  })

  it('trims around the arguments but keeps spacing inside them', () => {
    assert.deepEqual(parseLine('/me   waves  twice   '), { kind: 'command', name: '/me', args: 'waves  twice' })
    assert.deepEqual(parseLine('/join\t#a'), { kind: 'command', name: '/join', args: '#a' })
    assert.deepEqual(parseLine('/who\r\n'), { kind: 'command', name: '/who', args: '' })
  })

  it('reads a lone "/" as a command with an empty name after the slash', () => {
    assert.deepEqual(parseLine('/'), { kind: 'command', name: '/', args: '' })
  })

  it('sends "//text" as the literal text "/text"', () => {
    assert.deepEqual(parseLine('//join is a command'), { kind: 'text', text: '/join is a command' })
    assert.deepEqual(parseLine('//'), { kind: 'text', text: '/' })
    assert.deepEqual(parseLine('///x'), { kind: 'text', text: '//x' })
  })

  it('sends other lines as text, as typed apart from a trailing line break', () => {
    assert.deepEqual(parseLine('hello world'), { kind: 'text', text: 'hello world' })
    assert.deepEqual(parseLine('  indented  '), { kind: 'text', text: '  indented  ' })
    assert.deepEqual(parseLine('CAPS and 😀'), { kind: 'text', text: 'CAPS and 😀' })
    assert.deepEqual(parseLine('hello\r\n'), { kind: 'text', text: 'hello' })
    assert.deepEqual(parseLine('a / b'), { kind: 'text', text: 'a / b' })
  })

  it('ignores empty and whitespace-only lines', () => {
    for (const line of ['', ' ', '\t', '   \t  ', '\n', '\r\n', ' \r\n', '\u3000']) {
      assert.deepEqual(parseLine(line), { kind: 'empty' }, JSON.stringify(line))
    }
  })

  it(`refuses lines over ${MAX_LINE_BYTES} UTF-8 bytes, counting multi-byte characters by their bytes`, () => {
    assert.equal(parseLine('a'.repeat(MAX_LINE_BYTES)).kind, 'text')
    assert.deepEqual(parseLine('a'.repeat(MAX_LINE_BYTES + 1)), { kind: 'too-long', bytes: MAX_LINE_BYTES + 1 })

    const twoByte = 'é'.repeat(MAX_LINE_BYTES / 2)
    assert.equal(parseLine(twoByte).kind, 'text')
    assert.deepEqual(parseLine(twoByte + 'é'), { kind: 'too-long', bytes: MAX_LINE_BYTES + 2 })

    const fourByte = '😀'.repeat(MAX_LINE_BYTES / 4)
    assert.equal(parseLine(fourByte).kind, 'text')
    const over = '😀'.repeat(MAX_LINE_BYTES / 4 + 1)
    assert.ok(over.length < MAX_LINE_BYTES, 'fewer UTF-16 units than the limit')
    assert.deepEqual(parseLine(over), { kind: 'too-long', bytes: MAX_LINE_BYTES + 4 })

    const threeByte = '中'.repeat(Math.floor(MAX_LINE_BYTES / 3) + 1)
    assert.deepEqual(parseLine(threeByte), { kind: 'too-long', bytes: 3 * (Math.floor(MAX_LINE_BYTES / 3) + 1) })
  })

  it('refuses a too-long command as well', () => {
    assert.equal(parseLine(`/me ${'x'.repeat(MAX_LINE_BYTES)}`).kind, 'too-long')
  })

  it('property: every line is classified, and text never loses characters besides a trailing line break', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), line => {
      const parsed = parseLine(line)
      switch (parsed.kind) {
        case 'text':
          assert.ok(line.startsWith('//') ? line.startsWith('/' + parsed.text) : line.startsWith(parsed.text))
          assert.doesNotMatch(parsed.text, /[\r\n]$/)
          break
        case 'command':
          assert.ok(parsed.name.startsWith('/'))
          assert.doesNotMatch(parsed.name, /\s/)
          assert.equal(parsed.name, parsed.name.toLowerCase())
          assert.equal(parsed.args, parsed.args.trim())
          break
        case 'empty':
          assert.equal(line.trim(), '')
          break
        case 'too-long':
          assert.fail('short lines are never too long')
      }
    }), { numRuns: 500 })
  })
})
