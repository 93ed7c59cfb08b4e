import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { MemberList } from '../../src/chat/member-list.js'
import { MEMBER_TIMEOUT_MS } from '../../src/protocol/constants.js'

const T0 = 1_000_000

describe('MemberList', () => {
  it('returns undefined for a new member and the previous entry for a known one', () => {
    const list = new MemberList()
    assert.equal(list.see('peer-a', 'alice', T0), undefined)
    const previous = list.see('peer-a', 'alice', T0 + 10)
    assert.deepEqual(previous, { peer: 'peer-a', nick: 'alice', lastSeenMs: T0 })
  })

  it('returns the old nick on a nick change and lists the new one', () => {
    const list = new MemberList()
    list.see('peer-a', 'alice', T0)
    const previous = list.see('peer-a', 'alicia', T0 + 1)
    assert.equal(previous?.nick, 'alice')
    assert.deepEqual(list.list(T0 + 2).map(m => m.nick), ['alicia'])
    assert.equal(list.get('peer-a', T0 + 2)?.nick, 'alicia')
  })

  it(`keeps a member for ${MEMBER_TIMEOUT_MS} ms after it was last heard, and no longer`, () => {
    const list = new MemberList()
    list.see('peer-a', 'alice', T0)
    assert.equal(list.get('peer-a', T0 + MEMBER_TIMEOUT_MS)?.nick, 'alice')
    assert.equal(list.list(T0 + MEMBER_TIMEOUT_MS).length, 1)
    assert.equal(list.get('peer-a', T0 + MEMBER_TIMEOUT_MS + 1), undefined)
    assert.deepEqual(list.list(T0 + MEMBER_TIMEOUT_MS + 1), [])
  })

  it('treats a member heard again after timing out as new', () => {
    const list = new MemberList(100)
    list.see('peer-a', 'alice', T0)
    assert.equal(list.see('peer-a', 'alice', T0 + 101), undefined, 'a "member" event is due again')
    assert.notEqual(list.see('peer-a', 'alice', T0 + 150), undefined)
  })

  it('refreshes a member each time it is heard', () => {
    const list = new MemberList(100)
    list.see('peer-a', 'alice', T0)
    list.see('peer-a', 'alice', T0 + 90)
    assert.equal(list.list(T0 + 180).length, 1)
    assert.equal(list.list(T0 + 191).length, 0)
  })

  it('lists members sorted by nick, expiring only the silent ones', () => {
    const list = new MemberList(100)
    list.see('p1', 'carol', T0)
    list.see('p2', 'alice', T0 + 50)
    list.see('p3', 'bob', T0 + 60)
    assert.deepEqual(list.list(T0 + 70).map(m => m.nick), ['alice', 'bob', 'carol'])
    assert.deepEqual(list.list(T0 + 120).map(m => [m.nick, m.peer]), [['alice', 'p2'], ['bob', 'p3']])
  })

  it('lists two peers with the same nick as two members', () => {
    const list = new MemberList()
    list.see('p1', 'sam', T0)
    list.see('p2', 'sam', T0)
    assert.deepEqual(list.list(T0).map(m => m.peer).sort(), ['p1', 'p2'])
  })

  it('remove forgets a member and returns what was known of it', () => {
    const list = new MemberList()
    list.see('p1', 'alice', T0)
    assert.deepEqual(list.remove('p1'), { peer: 'p1', nick: 'alice', lastSeenMs: T0 })
    assert.equal(list.remove('p1'), undefined)
    assert.equal(list.get('p1', T0), undefined)
    assert.deepEqual(list.list(T0), [])
    assert.equal(list.see('p1', 'alice', T0 + 1), undefined, 'back as a new member')
  })

  it('the returned previous entry is a snapshot, not changed by later sightings', () => {
    const list = new MemberList()
    list.see('p1', 'alice', T0)
    const previous = list.see('p1', 'alicia', T0 + 5)
    list.see('p1', 'ally', T0 + 9)
    assert.deepEqual(previous, { peer: 'p1', nick: 'alice', lastSeenMs: T0 })
  })
})
