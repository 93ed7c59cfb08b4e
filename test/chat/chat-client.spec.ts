import { describe, it, afterEach } from 'node:test'
import assert from 'node:assert/strict'
import { multiaddr } from '@multiformats/multiaddr'
import { startPeer, stopPeers, waitFor, collect } from '../utils/peers.js'
import type { TestPeer } from '../utils/peers.js'

describe('ChatClient with real peers on loopback', () => {
  let peers: TestPeer[] = []

  afterEach(async () => {
    await stopPeers(...peers)
    peers = []
  })

  it('members that met only through a bootstrap find each other and chat in order', async () => {
    const boot = await startPeer('boot')
    const a = await startPeer('alice')
    const b = await startPeer('bob')
    const c = await startPeer('carol')
    peers = [boot, a, b, c]
    for (const p of [a, b, c]) {
      await p.node.dial(multiaddr(boot.addr))
    }
    const received = new Map(peers.map(p => [p.chat.peer, collect(p.chat, 'message')]))
    for (const p of [a, b, c]) {
      await p.chat.join('#Test')
    }
    // room members dial each other directly (not a star around the bootstrap)
    await waitFor(() => [a, b, c].every(p => p.chat.members('test').length === 3), 'every member to see the other two')
    for (const p of [a, b, c]) {
      const others = [a, b, c].filter(o => o !== p)
      await waitFor(() => others.every(o => p.node.getConnections(o.node.peerId).length > 0), `${p.chat.nick} to connect to the other members directly`)
    }
    const perSender = 5
    for (let i = 0; i < perSender; i++) {
      for (const p of [a, b, c]) {
        await p.chat.send('test', `${p.chat.nick} ${i}`)
      }
    }
    for (const p of [a, b, c]) {
      const got = received.get(p.chat.peer) ?? []
      await waitFor(() => got.filter(m => !m.self).length >= 2 * perSender, `${p.chat.nick} to receive every message`)
      await new Promise(resolve => setTimeout(resolve, 300))
      const fromOthers = got.filter(m => !m.self)
      assert.equal(fromOthers.length, 2 * perSender, 'exactly once')
      for (const o of [a, b, c].filter(o => o !== p)) {
        const texts = fromOthers.filter(m => m.peer === o.chat.peer).map(m => m.text)
        assert.deepEqual(texts, Array.from({ length: perSender }, (_, i) => `${o.chat.nick} ${i}`), 'in order per sender')
        assert.ok(fromOthers.filter(m => m.peer === o.chat.peer).every(m => m.nick === o.chat.nick && m.room === 'test'))
      }
    }
    assert.equal((received.get(boot.chat.peer) ?? []).length, 0, 'the bootstrap is not in the room')
  })

  it('stops delivering after /leave and tells the members', async () => {
    const a = await startPeer('alice')
    const b = await startPeer('bob')
    peers = [a, b]
    await b.node.dial(multiaddr(a.addr))
    const leaves = collect(b.chat, 'leave')
    const gotA = collect(a.chat, 'message')
    await a.chat.join('room')
    await b.chat.join('room')
    await waitFor(() => a.chat.members('room').length === 2, 'alice to see bob')
    await b.chat.send('room', 'before')
    await waitFor(() => gotA.some(m => m.text === 'before'), 'the message before leaving')
    await a.chat.leave('room')
    await waitFor(() => leaves.length === 1, 'bob to see alice leave')
    await b.chat.send('room', 'after')
    await new Promise(resolve => setTimeout(resolve, 500))
    assert.ok(!gotA.some(m => m.text === 'after'), 'no delivery after leaving')
    await waitFor(() => leaves.length === 1, 'bob to see alice leave')
    assert.equal(leaves[0].peer, a.chat.peer)
    assert.equal(leaves[0].nick, 'alice')
    assert.deepEqual(b.chat.members('room').map(m => m.nick), ['bob'])
  })

  it('lists rooms from the directory topic with member counts', async () => {
    const a = await startPeer('alice')
    const b = await startPeer('bob')
    const d = await startPeer('dave')
    peers = [a, b, d]
    await b.node.dial(multiaddr(a.addr))
    await d.node.dial(multiaddr(a.addr))
    await a.chat.join('lobby')
    await b.chat.join('lobby')
    await waitFor(() => d.chat.listRooms().some(r => r.room === 'lobby' && r.members === 2), 'dave to see #lobby with 2 members', 30_000)
    assert.deepEqual(d.chat.listRooms().find(r => r.room === 'lobby'), { room: 'lobby', members: 2, joined: false })
  })
})
