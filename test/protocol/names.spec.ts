import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import {
  isNormalNick,
  isNormalRoomName,
  normaliseNick,
  normaliseRoomName,
  roomFromTopic,
  roomRecordKey,
  roomTopic
} from '../../src/protocol/names.js'
import { DIRECTORY_TOPIC, MAX_NICK_LENGTH, MAX_ROOM_NAME_LENGTH, ROOM_TOPIC_PREFIX } from '../../src/protocol/constants.js'

/** C0 and C1 control characters (DEL included). */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/

/** Strings rich in control characters, escape sequences and name-like text. */
const hostileString = fc.array(fc.oneof(
  fc.constantFrom('\u001b[2J', '\u001b]0;pwned\u0007', '\u0007', '\r', '\n', '\t', '\b', '\u009b31m', '\u202e', '\u0000', '\u007f', '#', ' ', 'A', 'z', '9', '_', '-', 'É', 'ｆ'),
  fc.array(fc.integer({ min: 0, max: 0x10ffff }).map(cp => String.fromCodePoint(cp)), { maxLength: 4 }).map(cs => cs.join('')),
  fc.integer({ min: 0, max: 0x9f }).map(c => String.fromCharCode(c))
), { maxLength: 40 }).map(parts => parts.join(''))

describe('names', () => {
  describe('normaliseRoomName', () => {
    it('accepts a plain name unchanged', () => {
      assert.equal(normaliseRoomName('general'), 'general')
      assert.equal(normaliseRoomName('a'), 'a')
      assert.equal(normaliseRoomName('dev_ops-2'), 'dev_ops-2')
    })

    it('drops one leading "#" and surrounding whitespace', () => {
      assert.equal(normaliseRoomName('#general'), 'general')
      assert.equal(normaliseRoomName('  #general \n'), 'general')
      assert.throws(() => normaliseRoomName('##general'), { name: 'InvalidNameError' })
    })

    it('folds case', () => {
      assert.equal(normaliseRoomName('#General'), 'general')
      assert.equal(normaliseRoomName('LOBBY'), 'lobby')
    })

    it('applies NFKC, so compatibility forms name the same room', () => {
      assert.equal(normaliseRoomName('ｇｅｎｅｒａｌ'), 'general', 'fullwidth letters')
      assert.equal(normaliseRoomName('#Ｒｏｏｍ１'), 'room1', 'fullwidth letters and digit')
      assert.equal(normaliseRoomName('\ufb01sh'), 'fish', 'the "fi" ligature')
      assert.equal(normaliseRoomName('\u212a9'), 'k9', 'the Kelvin sign')
    })

    it('rejects an empty name with a hint', () => {
      for (const input of ['', '#', '   ', ' # ']) {
        assert.throws(() => normaliseRoomName(input), (err: Error) => {
          assert.equal(err.name, 'InvalidNameError')
          assert.match(err.message, /empty/)
          assert.match(err.message, /\/join/)
          return true
        }, JSON.stringify(input))
      }
    })

    it(`accepts ${MAX_ROOM_NAME_LENGTH} characters and rejects more, saying how many`, () => {
      const longest = 'a'.repeat(MAX_ROOM_NAME_LENGTH)
      assert.equal(normaliseRoomName(`#${longest}`), longest, 'the "#" does not count')
      assert.throws(() => normaliseRoomName('a'.repeat(MAX_ROOM_NAME_LENGTH + 1)), (err: Error) => {
        assert.equal(err.name, 'InvalidNameError')
        assert.match(err.message, new RegExp(`at most ${MAX_ROOM_NAME_LENGTH}`))
        assert.match(err.message, new RegExp(`${MAX_ROOM_NAME_LENGTH + 1}`))
        return true
      })
    })

    it('rejects characters outside a-z 0-9 _ -', () => {
      for (const input of ['a b', 'a.b', 'a/b', 'caf\u00e9', 'a#b', 'room!', '\u{1f600}', '\u0130stanbul', 'a\u200bb', 'r\u00f6om']) {
        assert.throws(() => normaliseRoomName(input), { name: 'InvalidNameError' }, JSON.stringify(input))
      }
    })

    it('rejects control characters and escape sequences, quoting the input without them', () => {
      const inputs = ['\u001b[2Jroom', 'room\u0007', 'ro\u0000om', 'room\u001b]0;title\u0007', 'a\rb', 'x\u009b31my', 'del\u007f', 'a\bb']
      for (const input of inputs) {
        assert.throws(() => normaliseRoomName(input), (err: Error) => {
          assert.equal(err.name, 'InvalidNameError')
          assert.match(err.message, /letters, digits/)
          assert.doesNotMatch(err.message, CONTROL, `raw control character in ${JSON.stringify(err.message)}`)
          return true
        }, JSON.stringify(input))
      }
      assert.throws(() => normaliseRoomName('\u001b[2Jroom'), { message: /"\?\[2Jroom"/ })
    })

    it('quotes at most 40 characters of a bad input', () => {
      const input = `!${'x'.repeat(20)}`
      assert.throws(() => normaliseRoomName(input), { message: new RegExp(`"${input}"`) })
      // 51 code units that NFKC composes into 26 characters: short enough to reach the alphabet check
      const long = 'e\u0301'.repeat(25) + '!'
      assert.throws(() => normaliseRoomName(long), (err: Error) => {
        assert.equal(err.name, 'InvalidNameError')
        const quoted = /got "(.*)"/s.exec(err.message)?.[1]
        assert.ok(quoted != null, err.message)
        assert.ok(quoted.length <= 40, `quoted ${quoted.length} characters`)
        return true
      })
    })

    it('property: returns a normal, stable name or throws InvalidNameError without raw control characters', () => {
      fc.assert(fc.property(fc.oneof(hostileString, fc.string(), fc.stringMatching(/^#?[A-Za-z0-9_-]{1,40}$/)), input => {
        let name: string
        try {
          name = normaliseRoomName(input)
        } catch (err) {
          assert.equal((err as Error).name, 'InvalidNameError', (err as Error).message)
          assert.doesNotMatch((err as Error).message, CONTROL)
          return
        }
        assert.ok(isNormalRoomName(name), JSON.stringify(name))
        assert.equal(normaliseRoomName(name), name, 'idempotent')
        assert.equal(normaliseRoomName(`#${name}`), name)
      }), { numRuns: 500 })
    })
  })

  describe('normaliseNick', () => {
    it('folds case and applies NFKC', () => {
      assert.equal(normaliseNick('Alice'), 'alice')
      assert.equal(normaliseNick('  BOB_2 '), 'bob_2')
      assert.equal(normaliseNick('ａｌｉｃｅ'), 'alice')
    })

    it('does not drop a leading "#"', () => {
      assert.throws(() => normaliseNick('#alice'), { name: 'InvalidNameError' })
    })

    it('rejects empty, too long and bad alphabet with a message naming the problem', () => {
      assert.throws(() => normaliseNick(''), { name: 'InvalidNameError', message: /empty.*\/nick/ })
      assert.throws(() => normaliseNick('   '), { name: 'InvalidNameError', message: /empty/ })
      assert.equal(normaliseNick('n'.repeat(MAX_NICK_LENGTH)), 'n'.repeat(MAX_NICK_LENGTH))
      assert.throws(() => normaliseNick('n'.repeat(MAX_NICK_LENGTH + 1)), { name: 'InvalidNameError', message: new RegExp(`at most ${MAX_NICK_LENGTH}`) })
      for (const input of ['al ice', 'alice!', 'él', 'a.b']) {
        assert.throws(() => normaliseNick(input), { name: 'InvalidNameError', message: /letters, digits/ }, input)
      }
    })

    it('rejects control characters without echoing them', () => {
      for (const input of ['\u001b[31malice', 'bob\u0007', 'eve\u001b]8;;http://x\u0007', 'mal\u0085lory']) {
        assert.throws(() => normaliseNick(input), (err: Error) => {
          assert.equal(err.name, 'InvalidNameError')
          assert.doesNotMatch(err.message, CONTROL)
          return true
        }, JSON.stringify(input))
      }
    })

    it('property: returns a normal nick or throws InvalidNameError without raw control characters', () => {
      fc.assert(fc.property(fc.oneof(hostileString, fc.string()), input => {
        try {
          const nick = normaliseNick(input)
          assert.ok(isNormalNick(nick))
          assert.equal(normaliseNick(nick), nick)
        } catch (err) {
          assert.equal((err as Error).name, 'InvalidNameError')
          assert.doesNotMatch((err as Error).message, CONTROL)
        }
      }), { numRuns: 300 })
    })
  })

  describe('isNormalNick / isNormalRoomName', () => {
    it('accept only names already in normal form', () => {
      assert.equal(isNormalNick('alice'), true)
      assert.equal(isNormalNick('Alice'), false)
      assert.equal(isNormalNick(''), false)
      assert.equal(isNormalNick('x'.repeat(MAX_NICK_LENGTH + 1)), false)
      assert.equal(isNormalRoomName('lobby'), true)
      assert.equal(isNormalRoomName('#lobby'), false)
      assert.equal(isNormalRoomName(' lobby'), false)
      assert.equal(isNormalRoomName('x'.repeat(MAX_ROOM_NAME_LENGTH + 1)), false)
    })
  })

  describe('room topics', () => {
    it('names the topic after the room', () => {
      assert.equal(roomTopic('general'), 'crypticomm/room/general')
    })

    it('round-trips every normal room name', () => {
      fc.assert(fc.property(fc.stringMatching(new RegExp(`^[a-z0-9_-]{1,${MAX_ROOM_NAME_LENGTH}}$`)), room => {
        assert.equal(roomFromTopic(roomTopic(room)), room)
      }))
    })

    it('rejects topics that are not a room\'s', () => {
      const notRooms = [
        DIRECTORY_TOPIC,
        '',
        ROOM_TOPIC_PREFIX,
        'crypticomm/room',
        `${ROOM_TOPIC_PREFIX}General`,
        `${ROOM_TOPIC_PREFIX}#general`,
        `${ROOM_TOPIC_PREFIX}a/b`,
        `${ROOM_TOPIC_PREFIX}a b`,
        `${ROOM_TOPIC_PREFIX}${'a'.repeat(MAX_ROOM_NAME_LENGTH + 1)}`,
        `/${ROOM_TOPIC_PREFIX}general`,
        'other/room/general',
        `${ROOM_TOPIC_PREFIX}gen\u001beral`
      ]
      for (const topic of notRooms) {
        assert.equal(roomFromTopic(topic), undefined, JSON.stringify(topic))
      }
    })
  })

  describe('roomRecordKey', () => {
    it('is the UTF-8 bytes of /crypticomm-room/<room>', () => {
      assert.deepEqual(roomRecordKey('lobby'), new TextEncoder().encode('/crypticomm-room/lobby'))
      assert.deepEqual([...roomRecordKey('a')], [...Buffer.from('/crypticomm-room/a', 'ascii')])
      assert.ok(roomRecordKey('a') instanceof Uint8Array)
    })

    it('differs per room', () => {
      assert.notDeepEqual(roomRecordKey('a'), roomRecordKey('b'))
    })
  })
})
