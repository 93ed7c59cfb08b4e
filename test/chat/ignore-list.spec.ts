import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { IgnoreList, MAX_IGNORED_PEERS } from '../../src/chat/ignore-list.js'

async function newPeer (): Promise<string> {
  return peerIdFromPrivateKey(await generateKeyPair('Ed25519')).toString()
}

describe('IgnoreList', () => {
  it('adds, answers, lists and removes', async () => {
    const [a, b] = [await newPeer(), await newPeer()]
    const list = new IgnoreList()
    assert.equal(list.has(a), false)
    assert.equal(list.add(a, 'zed', 10), true)
    assert.equal(list.add(b, 'amy', 20), true)
    assert.equal(list.add(a, 'zed', 30), false, 'already ignored')
    assert.equal(list.has(a), true)
    assert.equal(list.size, 2)
    assert.deepEqual(list.list(), [{ peer: b, nick: 'amy', sinceMs: 20 }, { peer: a, nick: 'zed', sinceMs: 10 }], 'by nick')
    assert.equal(list.remove(a), true)
    assert.equal(list.remove(a), false)
    assert.equal(list.has(a), false)
    assert.equal(list.size, 1)
  })

  it('updates the remembered nick of a peer ignored again', async () => {
    const a = await newPeer()
    const list = new IgnoreList()
    list.add(a, 'old', 1)
    list.add(a, 'new', 2)
    assert.deepEqual(list.list(), [{ peer: a, nick: 'new', sinceMs: 1 }])
    list.add(a, '', 3)
    assert.equal(list.list()[0].nick, 'new', 'an unknown nick does not erase the known one')
  })

  it('emits change on every change and only then', async () => {
    const a = await newPeer()
    const list = new IgnoreList()
    const changes: number[] = []
    list.addEventListener('change', (evt) => { changes.push(evt.detail.length) })
    list.add(a, 'amy', 1)
    list.add(a, 'amy', 2)
    list.remove(a)
    list.remove(a)
    assert.deepEqual(changes, [1, 0])
  })

  it('round-trips through JSON, as text or parsed', async () => {
    const [a, b] = [await newPeer(), await newPeer()]
    const list = new IgnoreList()
    list.add(a, 'amy', 1)
    list.add(b, '', 2)
    const text = JSON.stringify(list)
    assert.deepEqual(IgnoreList.fromJSON(text).list(), list.list())
    assert.deepEqual(IgnoreList.fromJSON(JSON.parse(text)).list(), list.list())
    assert.deepEqual(JSON.parse(text), { version: 1, ignored: list.list() })
  })

  it('refuses stored lists that are not valid, naming what is wrong', async () => {
    const a = await newPeer()
    const bad: unknown[] = [
      '{not json',
      null,
      [],
      { version: 2, ignored: [] },
      { version: 1 },
      { version: 1, ignored: [{ peer: 'not-a-peer', nick: 'amy', sinceMs: 1 }] },
      { version: 1, ignored: [{ peer: a, nick: 'Not Normal', sinceMs: 1 }] },
      { version: 1, ignored: [{ peer: a, nick: 'amy', sinceMs: -1 }] },
      { version: 1, ignored: [null] },
      { version: 1, ignored: Array.from({ length: MAX_IGNORED_PEERS + 1 }, () => ({ peer: a, nick: 'amy', sinceMs: 1 })) }
    ]
    for (const value of bad) {
      assert.throws(() => IgnoreList.fromJSON(value), { name: 'InvalidIgnoreListError' }, JSON.stringify(value)?.slice(0, 60))
    }
  })

  it('holds at most MAX_IGNORED_PEERS', async () => {
    const list = new IgnoreList()
    const one = await newPeer()
    // filling with real peer ids is slow; the list does not check ids on add
    for (let i = 0; i < MAX_IGNORED_PEERS; i++) {
      list.add(`peer-${i}`, '', 0)
    }
    assert.throws(() => list.add(one, 'amy', 0), { name: 'IgnoreListFullError' })
    assert.equal(list.add('peer-0', '', 0), false, 're-adding a present peer is fine')
  })
})
