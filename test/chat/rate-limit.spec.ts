import { describe, it, afterEach } from 'node:test'
import assert from 'node:assert/strict'
import { multiaddr } from '@multiformats/multiaddr'
import { startPeer, stopPeers, waitFor, collect } from '../utils/peers.js'
import type { TestPeer } from '../utils/peers.js'
import { ChatMessage, encodeChatMessage } from '../../src/protocol/chat-message.js'
import { roomTopic } from '../../src/protocol/names.js'
import { DEFAULT_CHAT_LIMIT } from '../../src/chat/rate-limiter.js'
import { peerScore } from '../../src/node/topic-scoring.js'

/** A modified peer: publishes straight to the topic, skipping its own client's limits. */
function rawSender (p: TestPeer, room: string): (text: string, sentAtMs?: number) => Promise<void> {
  let seq = 1_000_000n
  return async (text, sentAtMs = Date.now()) => {
    seq++
    await p.node.services.pubsub.publish(roomTopic(room), encodeChatMessage({
      kind: ChatMessage.Kind.TEXT, sentAtMs, nick: p.chat.nick, text, session: 7n, seq
    }))
  }
}

async function mesh (names: string[], room: string): Promise<TestPeer[]> {
  const peers: TestPeer[] = []
  for (const name of names) {
    const p = await startPeer(name)
    for (const other of peers) {
      await p.node.dial(multiaddr(other.addr))
    }
    peers.push(p)
  }
  for (const p of peers) {
    await p.chat.join(room)
  }
  for (const p of peers) {
    await waitFor(() => p.chat.members(room).length === peers.length, `${p.chat.nick} to see everyone`)
    await waitFor(() => p.chat.authority.record(room) != null, `${p.chat.nick} to hold the record`)
  }
  return peers
}

describe('rate limits enforced by every relay', () => {
  let peers: TestPeer[] = []
  afterEach(async () => {
    await stopPeers(...peers)
    peers = []
  })

  it('a flood at 100x the limit is cut to the limit at every honest peer, honest chat gets through, and the flooder is graylisted', async () => {
    peers = await mesh(['flooder', 'alice', 'bob', 'carol'], 'flood')
    const [flooder, ...honest] = peers
    const received = honest.map(p => collect(p.chat, 'message'))
    const send = rawSender(flooder, 'flood')
    const floodSeconds = 3
    const ratePerSecond = 100 * DEFAULT_CHAT_LIMIT.perMinute / 60
    const started = Date.now()
    const flood = (async () => {
      for (let i = 0; i < floodSeconds * ratePerSecond; i++) {
        await send(`flood ${i}`)
        await new Promise(resolve => setTimeout(resolve, 1000 / ratePerSecond))
      }
    })()
    // honest peers chat at their own pace meanwhile
    for (let i = 0; i < 3; i++) {
      for (const p of honest) {
        await p.chat.send('flood', `${p.chat.nick} ${i}`)
      }
      await new Promise(resolve => setTimeout(resolve, 700))
    }
    await flood
    const elapsedS = (Date.now() - started) / 1000
    for (const [i, p] of honest.entries()) {
      const others = honest.filter(o => o !== p)
      await waitFor(() => others.every(o => [0, 1, 2].every(n => received[i].some(m => m.text === `${o.chat.nick} ${n}`))), `${p.chat.nick} to get every honest message`)
    }
    await new Promise(resolve => setTimeout(resolve, 500))
    const allowed = DEFAULT_CHAT_LIMIT.burst + Math.ceil(elapsedS * DEFAULT_CHAT_LIMIT.perMinute / 60) + 1
    for (const [i, p] of honest.entries()) {
      const fromFlooder = received[i].filter(m => m.peer === flooder.chat.peer).length
      assert.ok(fromFlooder >= 1, `${p.chat.nick} heard the flooder at the allowed rate (control)`)
      assert.ok(fromFlooder <= allowed, `${p.chat.nick} delivered ${fromFlooder} flood messages; at most ${allowed} are allowed`)
      // every honest peer dialled the flooder: all are its neighbours
      const score = peerScore(p.node.services.pubsub, flooder.node.peerId.toString())
      assert.ok(score < -80, `${p.chat.nick} scores the flooder ${score}, below the graylist threshold -80`)
    }
  })

  it('oversized, stale (replayed) and future-dated messages are delivered nowhere', async () => {
    peers = await mesh(['sender', 'alice', 'bob'], 'strict')
    const [sender, ...others] = peers
    const received = others.map(p => collect(p.chat, 'message'))
    const send = rawSender(sender, 'strict')
    await send('x'.repeat(4000))
    await send('from the past', Date.now() - 10 * 60_000)
    await send('from the future', Date.now() + 10 * 60_000)
    await send('a fine message')
    for (const [i, p] of others.entries()) {
      await waitFor(() => received[i].some(m => m.text === 'a fine message'), `${p.chat.nick} to get the fine message`)
      await new Promise(resolve => setTimeout(resolve, 300))
      assert.deepEqual(received[i].filter(m => m.peer === sender.chat.peer).map(m => m.text), ['a fine message'])
    }
  })

  it('the sender\'s own client refuses to exceed the limit and says how long to wait', async () => {
    peers = await mesh(['eager'], 'solo')
    const [eager] = peers
    for (let i = 0; i < DEFAULT_CHAT_LIMIT.burst; i++) {
      await eager.chat.send('solo', `line ${i}`)
    }
    await assert.rejects(eager.chat.send('solo', 'one too many'), (err: Error) => err.name === 'RateLimitedError' && /try again in \d+\.\d s/.test(err.message))
  })

  it('the owner changes the room\'s limits in its record and every peer applies them', async () => {
    peers = await mesh(['first', 'second', 'third'], 'tuned')
    // members joined at nearly the same moment: whoever's genesis won owns the room
    await waitFor(() => new Set(peers.map(p => p.chat.authority.record('tuned')?.owner)).size === 1, 'everyone to agree on the owner')
    const owner = peers.find(p => p.chat.authority.record('tuned')?.owner === p.chat.peer)
    assert.ok(owner != null)
    const [chatty, listener] = peers.filter(p => p !== owner)
    await assert.rejects(chatty.chat.authority.setSettings('tuned', { burst: 50 }), { name: 'ModerationError' })
    await assert.rejects(owner.chat.authority.setSettings('tuned', { msgPerMinute: 100_000 }), { name: 'SettingsOutOfBoundsError' })
    await owner.chat.authority.setSettings('tuned', { burst: 20, msgPerMinute: 600 })
    for (const p of [chatty, listener]) {
      await waitFor(() => p.chat.authority.record('tuned')?.body.settings.burst === 20, `${p.chat.nick} to hold the new settings`)
    }
    const heard = collect(listener.chat, 'message')
    const count = DEFAULT_CHAT_LIMIT.burst * 3
    for (let i = 0; i < count; i++) {
      await chatty.chat.send('tuned', `fast ${i}`)
    }
    await waitFor(() => heard.filter(m => m.peer === chatty.chat.peer).length === count, 'the listener to hear every message under the raised limit')
  })
})
