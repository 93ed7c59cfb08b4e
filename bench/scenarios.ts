/**
 * Two focused measurements with real peers (one process, real libp2p nodes
 * on loopback TCP, the project's node and chat code):
 *
 * 1. flood: honest peers' delivery ratio and latency without and with one
 *    peer flooding its room at 100× the rate limit (a modified client that
 *    publishes straight to the topic);
 * 2. moderation: time from an admin change and from a kick to their effect at
 *    every peer, and from a ban.
 *
 * Usage: node dist/bench/scenarios.js [--peers N] [--seconds S] [--json]
 */
import { multiaddr } from '@multiformats/multiaddr'
import { startPeer, stopPeers, waitFor } from '../test/utils/peers.js'
import type { TestPeer } from '../test/utils/peers.js'
import { ChatMessage, encodeChatMessage } from '../src/protocol/chat-message.js'
import { roomTopic } from '../src/protocol/names.js'
import { DEFAULT_CHAT_LIMIT } from '../src/chat/rate-limiter.js'
import { percentile } from './stats.js'

function arg (name: string, fallback: number): number {
  const i = process.argv.indexOf(name)
  return i >= 0 ? Number(process.argv[i + 1]) : fallback
}

const PEERS = arg('--peers', 6)
const SECONDS = arg('--seconds', 10)
const JSON_OUT = process.argv.includes('--json')

async function mesh (n: number, room: string): Promise<TestPeer[]> {
  const peers: TestPeer[] = []
  for (let i = 0; i < n; i++) {
    const p = await startPeer(`p${i}`)
    for (const other of peers.slice(-3)) {
      await p.node.dial(multiaddr(other.addr))
    }
    peers.push(p)
  }
  for (const p of peers) {
    await p.chat.join(room)
    await waitFor(() => p.chat.authority.record(room) != null, 'the record', 30_000)
  }
  for (const p of peers) {
    await waitFor(() => p.chat.members(room).length === n, 'every member', 30_000)
  }
  return peers
}

interface FloodResult { deliveryRatio: number, p50: number, p99: number, max: number, floodDelivered: number }

/** Honest peers chat at 0.5 msg/s each; optionally peer 0 floods at 100× the limit. */
async function honestTraffic (flood: boolean): Promise<FloodResult> {
  const room = flood ? 'flooded' : 'calm'
  const peers = await mesh(PEERS, room)
  const [flooder, ...honest] = peers
  const latencies: number[] = []
  let floodDelivered = 0
  let expected = 0
  let got = 0
  for (const p of honest) {
    p.chat.addEventListener('message', (evt) => {
      const m = evt.detail
      if (m.self) {
        return
      }
      if (m.peer === flooder.chat.peer) {
        floodDelivered++
        return
      }
      got++
      latencies.push(Date.now() - Number(m.text.split(' ')[1]))
    })
  }
  const stop = Date.now() + SECONDS * 1000
  const floodRate = 100 * DEFAULT_CHAT_LIMIT.perMinute / 60
  const flooding = flood
    ? (async () => {
        let seq = 1_000_000n
        while (Date.now() < stop) {
          seq++
          await flooder.node.services.pubsub.publish(roomTopic(room), encodeChatMessage({
            kind: ChatMessage.Kind.TEXT, sentAtMs: Date.now(), nick: flooder.chat.nick, text: `flood ${seq}`, session: 9n, seq
          })).catch(() => {})
          await new Promise(resolve => setTimeout(resolve, 1000 / floodRate))
        }
      })()
    : Promise.resolve()
  while (Date.now() < stop) {
    for (const p of honest) {
      await p.chat.send(room, `t ${Date.now()}`).catch(() => {})
      expected += honest.length - 1
    }
    await new Promise(resolve => setTimeout(resolve, 2000))
  }
  await flooding
  await new Promise(resolve => setTimeout(resolve, 3000))
  await stopPeers(...peers)
  latencies.sort((a, b) => a - b)
  return { deliveryRatio: got / expected, p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99), max: latencies.at(-1) ?? NaN, floodDelivered: floodDelivered / honest.length }
}

/** Time from an owner's /admin, an admin's /kick and an owner's /ban to their effect at every peer. */
async function moderation (): Promise<{ adminMs: number, kickMs: number, banMs: number }> {
  const peers = await mesh(PEERS, 'moderated')
  // members joined at nearly the same moment: whoever's genesis won owns the room
  await waitFor(() => new Set(peers.map(p => p.chat.authority.record('moderated')?.owner)).size === 1, 'one owner', 30_000)
  const owner = peers.find(p => p.chat.authority.record('moderated')?.owner === p.chat.peer) ?? peers[0]
  const [admin, ...rest] = peers.filter(p => p !== owner)
  const victim = rest[0]
  const troll = rest[1]
  let t = Date.now()
  await owner.chat.authority.setAdmin('moderated', admin.chat.peer, true)
  await waitFor(() => peers.every(p => p.chat.authority.record('moderated')?.body.admins.includes(admin.chat.peer) === true), 'the admin everywhere', 30_000)
  const adminMs = Date.now() - t
  t = Date.now()
  await admin.chat.authority.kick('moderated', victim.chat.peer, '')
  await waitFor(() => peers.filter(p => p !== victim).every(p => p.chat.authority.isSilenced('moderated', victim.chat.peer, Date.now())), 'the kick everywhere', 30_000)
  const kickMs = Date.now() - t
  t = Date.now()
  await owner.chat.authority.ban('moderated', troll.chat.peer, '')
  // the kicked victim has left the room, so it is not asked
  await waitFor(() => peers.filter(p => p !== troll && p !== victim).every(p => p.chat.authority.isSilenced('moderated', troll.chat.peer, Date.now())), 'the ban everywhere', 30_000)
  const banMs = Date.now() - t
  await stopPeers(...peers)
  return { adminMs, kickMs, banMs }
}

const calm = await honestTraffic(false)
const flooded = await honestTraffic(true)
const mod = await moderation()
const fmt = (n: number): string => Number.isFinite(n) ? n.toFixed(1) : '–'
console.log(`peers: ${PEERS} (one process, loopback TCP), honest chat 0.5 msg/s per peer for ${SECONDS} s`)
console.log('| scenario | honest delivered | latency p50 | p99 | max | flood messages shown per honest peer |')
console.log('|---|---|---|---|---|---|')
console.log(`| no flood | ${(calm.deliveryRatio * 100).toFixed(1)} % | ${fmt(calm.p50)} ms | ${fmt(calm.p99)} ms | ${fmt(calm.max)} ms | – |`)
console.log(`| one peer flooding at 100× the limit | ${(flooded.deliveryRatio * 100).toFixed(1)} % | ${fmt(flooded.p50)} ms | ${fmt(flooded.p99)} ms | ${fmt(flooded.max)} ms | ${flooded.floodDelivered.toFixed(1)} (of ${SECONDS * 100 * DEFAULT_CHAT_LIMIT.perMinute / 60} sent) |`)
console.log(`moderation to every peer: admin change ${mod.adminMs} ms, kick ${mod.kickMs} ms, ban ${mod.banMs} ms`)
if (JSON_OUT) {
  console.log(JSON.stringify({ peers: PEERS, calm, flooded, moderation: mod }))
}
process.exit(0)
