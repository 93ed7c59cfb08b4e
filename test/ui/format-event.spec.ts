import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { formatEvent, formatJson, shortPeer } from '../../src/ui/format-event.js'
import type { FormatOptions } from '../../src/ui/format-event.js'
import type { UiEvent, UiEventType } from '../../src/ui/ui-events.js'

const PEER = '12D3KooWKnDdG3iXw9eTFijk3EWSunZcFi54Zka4wmtqtt6rPxc8'
const PEER2 = '12D3KooWJWoaqZhDaoEFshF7Rh1bpY9ohihFhzcW6d69Lr2NASuq'
const TIME = Date.UTC(2025, 0, 2, 3, 4, 5)

const PLAIN: FormatOptions = { colour: false, timestamps: false }
const ALL_OPTIONS: FormatOptions[] = [
  { colour: false, timestamps: false },
  { colour: false, timestamps: true },
  { colour: true, timestamps: false },
  { colour: true, timestamps: true }
]

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/
// eslint-disable-next-line no-control-regex
const C0 = /[\u0000-\u001f]/
const BIDI = /[\u202a-\u202e\u2066-\u2069]/
/** The renderer's own colour codes: SGR with digits only. */
// eslint-disable-next-line no-control-regex
const SGR = /\u001b\[\d+m/g

interface Strings { nick: string, room: string, text: string, message: string }

/**
 * Sample events of every type, with the given strings wherever the network (or
 * the user) supplies a nick, room, text or message. Keyed by type, so that a new
 * event type does not compile until it has samples here.
 */
const SAMPLES: Record<UiEventType, (s: Strings) => UiEvent[]> = {
  ready: () => [{ type: 'ready', peer: PEER, nick: 'alice', addrs: ['/ip4/127.0.0.1/tcp/4001/p2p/' + PEER, '/ip6/::1/tcp/4001/p2p/' + PEER], network: 'lan' }],
  message: s => [
    { type: 'message', room: s.room, nick: s.nick, peer: PEER, text: s.text, time: TIME, action: false, self: false },
    { type: 'message', room: s.room, nick: s.nick, peer: PEER, text: s.text, time: TIME, action: true, self: true }
  ],
  join: s => [{ type: 'join', room: s.room, nick: s.nick, peer: PEER, time: TIME }],
  leave: s => [{ type: 'leave', room: s.room, nick: s.nick, peer: PEER, time: TIME }],
  member: s => [{ type: 'member', room: s.room, nick: s.nick, peer: PEER, time: TIME }],
  nick: s => [{ type: 'nick', peer: PEER, oldNick: s.nick, newNick: s.text, time: TIME }],
  joined: s => [{ type: 'joined', room: s.room, time: TIME }],
  left: s => [{ type: 'left', room: s.room, time: TIME }],
  current: s => [{ type: 'current', room: s.room, time: TIME }, { type: 'current', room: null, time: TIME }],
  rooms: s => [
    { type: 'rooms', rooms: [], time: TIME },
    { type: 'rooms', rooms: [{ room: s.room, members: 3, joined: true }, { room: 'other', members: 1, joined: false }], time: TIME }
  ],
  who: s => [{ type: 'who', room: s.room, members: [{ nick: s.nick, peer: PEER }, { nick: s.text, peer: PEER2 }], time: TIME }],
  help: () => [{ type: 'help', commands: [{ usage: '/join ROOM', description: 'join a room' }, { usage: '/quit', description: 'leave' }], time: TIME }],
  token: s => [
    { type: 'token', room: s.room, token: 'c2VjcmV0LXRva2Vu', reclaimed: false, time: TIME },
    { type: 'token', room: s.room, token: 'bmV3LXRva2Vu', reclaimed: true, time: TIME }
  ],
  moderation: s => [
    { type: 'moderation', room: s.room, kind: 'kick', target: PEER2, targetNick: s.nick, by: PEER, byNick: s.text, reason: s.message, untilMs: TIME + 300_000, self: false, time: TIME },
    { type: 'moderation', room: s.room, kind: 'ban', target: PEER2, targetNick: null, by: PEER, byNick: null, reason: '', untilMs: null, self: false, time: TIME },
    { type: 'moderation', room: s.room, kind: 'unban', target: PEER2, targetNick: s.nick, by: PEER, byNick: s.nick, reason: s.text, untilMs: null, self: true, time: TIME },
    { type: 'moderation', room: s.room, kind: 'kick', target: PEER2, targetNick: s.nick, by: PEER, byNick: s.text, reason: s.message, untilMs: TIME + 300_000, self: true, time: TIME },
    { type: 'moderation', room: s.room, kind: 'ban', target: PEER2, targetNick: s.nick, by: PEER, byNick: s.text, reason: s.message, untilMs: null, self: true, time: TIME }
  ],
  record: s => [
    { type: 'record', room: s.room, owner: PEER, ownerNick: s.nick, ownerChanged: true, admins: [], time: TIME },
    { type: 'record', room: s.room, owner: PEER, ownerNick: null, ownerChanged: false, admins: [PEER2], time: TIME }
  ],
  info: s => [
    {
      type: 'info',
      room: s.room,
      owner: PEER,
      ownerNick: s.nick,
      createdAt: TIME - 86_400_000,
      seq: 7,
      reclaims: 1,
      admins: [{ peer: PEER2, nick: s.text }, { peer: PEER, nick: null }],
      bans: [{ peer: PEER2, nick: s.nick, reason: s.message, by: PEER, at: TIME }, { peer: PEER, nick: null, reason: '', by: PEER2, at: TIME }],
      settings: { topic: s.text, msgPerMinute: 10, burst: 3, maxBytes: 512 },
      time: TIME
    },
    { type: 'info', room: s.room, owner: PEER, ownerNick: null, createdAt: TIME, seq: 1, reclaims: 0, admins: [], bans: [], settings: { topic: '', msgPerMinute: 0, burst: 0, maxBytes: 0 }, time: TIME }
  ],
  announcement: s => [{ type: 'announcement', text: s.text, operator: PEER, time: TIME }],
  private: s => [
    { type: 'private', peer: PEER, nick: s.nick, text: s.text, time: TIME, self: false },
    { type: 'private', peer: PEER, nick: s.nick, text: s.text, time: TIME, self: true }
  ],
  query: s => [{ type: 'query', peer: PEER, nick: s.nick, time: TIME }, { type: 'query', peer: null, nick: null, time: TIME }],
  whois: s => [{ type: 'whois', peer: PEER, nick: s.nick, display: s.nick, claimedNick: s.text, claimExpiresAt: TIME, rooms: [s.room], lastSeen: TIME, addrs: [s.message], connected: false, ignored: true, time: TIME }],
  ignores: s => [{ type: 'ignores', ignored: [{ peer: PEER, nick: s.nick, since: TIME }], time: TIME }, { type: 'ignores', ignored: [], time: TIME }],
  notice: s => [{ type: 'notice', message: s.message, time: TIME }],
  error: s => [{ type: 'error', message: s.message, time: TIME }]
}

const ALL_TYPES = Object.keys(SAMPLES) as UiEventType[]

/** One or more events of every type. */
function everyEvent (s: Strings): UiEvent[] {
  return ALL_TYPES.flatMap(type => SAMPLES[type](s))
}

const ORDINARY = { nick: 'alice', room: 'general', text: 'hello there', message: 'something happened' }

/** Strings full of terminal escapes, control characters and bidi overrides. */
const hostile = fc.array(fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('\u001b[2J', '\u001b[31m', '\u001b]0;pwned\u0007', '\u001b]8;;http://evil/\u001b\\', '\u0007', '\r', '\n', '\t', '\b', '\u009b2J', '\u009d0;x\u009c', '\u202e', '\u2066', '\u0000', '\u007f', '\u001bc') },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 0x9f }).map(c => String.fromCharCode(c)) },
  { weight: 2, arbitrary: fc.array(fc.integer({ min: 0, max: 0x10ffff }).map(cp => String.fromCodePoint(cp)), { maxLength: 6 }).map(cs => cs.join('')) },
  { weight: 2, arbitrary: fc.constantFrom('alice', 'room', ' ', '#', '<', '>', '*', '[', 'm', '0', ';') }
), { maxLength: 24 }).map(parts => parts.join(''))

function assertSafe (lines: string[], opts: FormatOptions, what: string): void {
  for (const line of lines) {
    const visible = opts.colour ? line.replace(SGR, '') : line
    if (!opts.colour) {
      assert.ok(!line.includes('\u001b'), `${what}: ESC in ${JSON.stringify(line)}`)
    }
    assert.doesNotMatch(visible, CONTROL, `${what}: control character in ${JSON.stringify(line)}`)
    assert.doesNotMatch(visible, BIDI, `${what}: bidi override in ${JSON.stringify(line)}`)
  }
}

describe('formatEvent', () => {
  it('has samples of every event type, each of its own type', () => {
    for (const type of ALL_TYPES) {
      const samples = SAMPLES[type](ORDINARY)
      assert.ok(samples.length > 0, type)
      assert.ok(samples.every(e => e.type === type), type)
    }
  })

  it('returns at least one line of text for every event, with every option', () => {
    for (const opts of ALL_OPTIONS) {
      for (const event of everyEvent(ORDINARY)) {
        const lines = formatEvent(event, opts)
        assert.ok(Array.isArray(lines) && lines.length > 0, event.type)
        for (const line of lines) {
          assert.equal(typeof line, 'string')
          assert.ok(line.trim().length > 0, `${event.type}: blank line`)
          assert.ok(!line.includes('\n'), `${event.type}: one line per entry`)
        }
        assertSafe(lines, opts, event.type)
      }
    }
  })

  it('formats chat the IRC way', () => {
    const [, message, action] = everyEvent(ORDINARY)
    assert.deepEqual(formatEvent(message, PLAIN), ['#general <alice> hello there'])
    assert.deepEqual(formatEvent(action, PLAIN), ['#general * alice hello there'])
  })

  it('names people with a short peer id and says what happened', () => {
    const byType = new Map(everyEvent(ORDINARY).map(e => [e.type, e]))
    const short = PEER.slice(-4)
    assert.equal(shortPeer(PEER), short)
    const line = (type: UiEventType): string => formatEvent(byType.get(type) as UiEvent, PLAIN).join('\n')
    assert.match(line('join'), new RegExp(`alice \\(${short}\\) joined #general`))
    assert.match(line('leave'), new RegExp(`alice \\(${short}\\) left #general`))
    assert.match(line('member'), new RegExp(`alice \\(${short}\\) is in #general`))
    assert.match(line('nick'), /alice is now known as hello there/)
    assert.match(line('error'), /^error: something happened$/)
    assert.match(line('notice'), /something happened/)
  })

  it('lists rooms, members and commands one per line', () => {
    const events = everyEvent(ORDINARY)
    const rooms = events.find(e => e.type === 'rooms' && e.rooms.length > 0) as UiEvent
    const lines = formatEvent(rooms, PLAIN)
    assert.equal(lines.length, 3)
    assert.match(lines[0], /2 active rooms/)
    assert.match(lines[1], /#general\s+3 members \(joined\)/)
    assert.match(lines[2], /#other\s+1 member$/)
    assert.match(formatEvent(events.find(e => e.type === 'rooms') as UiEvent, PLAIN)[0], /no active rooms/)
    const who = formatEvent(events.find(e => e.type === 'who') as UiEvent, PLAIN)
    assert.equal(who.length, 3)
    assert.match(who[0], /2 in #general/)
    assert.ok(who[1].includes(PEER) && who[1].includes('alice'))
    const help = formatEvent(events.find(e => e.type === 'help') as UiEvent, PLAIN)
    assert.equal(help.length, 3)
    assert.match(help[1], /\/join ROOM\s+join a room/)
  })

  it('starts timed lines with a local HH:MM:SS stamp when asked', () => {
    const d = new Date(TIME)
    const hms = [d.getHours(), d.getMinutes(), d.getSeconds()].map(n => String(n).padStart(2, '0')).join(':')
    for (const event of everyEvent(ORDINARY).filter(e => e.type !== 'ready')) {
      const [first] = formatEvent(event, { colour: false, timestamps: true })
      assert.ok(first.startsWith(`${hms} `), `${event.type}: ${first}`)
      assert.ok(!formatEvent(event, PLAIN)[0].startsWith(hms), `${event.type} without timestamps`)
    }
  })

  it('uses colour only when asked, and only SGR codes', () => {
    const [, message] = everyEvent(ORDINARY)
    assert.ok(!formatEvent(message, PLAIN).join('').includes('\u001b'))
    const coloured = formatEvent(message, { colour: true, timestamps: false }).join('')
    assert.ok(coloured.includes('\u001b['))
    assert.equal(coloured.replace(SGR, ''), '#general <alice> hello there')
  })

  it('property: hostile nick, room, text and message never reach the terminal as control characters', () => {
    fc.assert(fc.property(hostile, hostile, hostile, hostile, fc.constantFrom(...ALL_OPTIONS), (nick, room, text, message, opts) => {
      for (const event of everyEvent({ nick, room, text, message })) {
        assertSafe(formatEvent(event, opts), opts, event.type)
      }
    }), { numRuns: 400 })
  })
})

describe('formatEvent of room records', () => {
  it('shows the owner, admins, bans and topic of a room', () => {
    const [full, bare] = SAMPLES.info(ORDINARY)
    const lines = formatEvent(full, PLAIN)
    assert.match(lines[0], /#general, created \d{4}-\d\d-\d\dT.*record seq 7, reclaimed 1 time$/)
    assert.ok(lines.some(l => l.includes('owner') && l.includes('alice') && l.includes(PEER)))
    assert.ok(lines.some(l => l.includes('bans') && l.includes('something happened')))
    assert.ok(lines.some(l => /topic\s+hello there/.test(l)))
    assert.ok(formatEvent(bare, PLAIN).some(l => /topic\s+-$/.test(l)))
  })

  it('formats a room record whatever creation time its (valid) record carries', () => {
    const [, bare] = SAMPLES.info(ORDINARY)
    for (const createdAt of [8.64e15 + 1, Number.MAX_SAFE_INTEGER]) {
      const lines = formatEvent({ ...bare, createdAt } as UiEvent, PLAIN)
      assert.ok(lines.length > 0)
    }
  })
})

describe('formatJson', () => {
  it('prints every event as one line of JSON that parses back to the event', () => {
    for (const event of everyEvent(ORDINARY)) {
      const line = formatJson(event)
      assert.ok(!/[\r\n]/.test(line), event.type)
      assert.deepEqual(JSON.parse(line), event)
    }
  })

  it('property: hostile strings survive the JSON round trip on a single line with C0 controls escaped', () => {
    fc.assert(fc.property(hostile, hostile, hostile, hostile, (nick, room, text, message) => {
      for (const event of everyEvent({ nick, room, text, message })) {
        const line = formatJson(event)
        assert.doesNotMatch(line, C0, event.type)
        assert.deepEqual(JSON.parse(line), event)
      }
    }), { numRuns: 300 })
  })
})
