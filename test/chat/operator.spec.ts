import { describe, it, afterEach } from 'node:test'
import assert from 'node:assert/strict'
import { performance } from 'node:perf_hooks'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { multiaddr } from '@multiformats/multiaddr'
import { MemoryDatastore } from 'datastore-core'
import { Key } from 'interface-datastore'
import type { PrivateKey } from '@libp2p/interface'
import type { Datastore } from 'interface-datastore'
import { createCryptiNode } from '../../src/node/create-node.js'
import type { CryptiNode } from '../../src/node/create-node.js'
import { OperatorService } from '../../src/chat/operator.js'
import type { OperatorEvents } from '../../src/chat/operator.js'
import {
  OPERATOR_KEY_NAMESPACE,
  OPERATOR_TOPIC,
  createAnnouncement,
  createKick,
  encodeOperatorMessage,
  peerIdOfKey,
  selectOperatorBanList,
  validateOperatorBanList
} from '../../src/protocol/operator-record.js'
import { peerScore } from '../../src/node/topic-scoring.js'
import { waitFor } from '../utils/peers.js'

/** A real node with an operator service whose gater asks the service (late-bound: the service needs the node). */
interface OpPeer {
  name: string
  node: CryptiNode
  service: OperatorService
  key: PrivateKey
  addr: string
  peer: string
  datastore?: Datastore
}

async function startOpPeer (name: string, operator: string | undefined, options: { privateKey?: PrivateKey, datastore?: Datastore } = {}): Promise<OpPeer> {
  const privateKey = options.privateKey ?? await generateKeyPair('Ed25519')
  const late: { service?: OperatorService } = {}
  const node = await createCryptiNode({
    privateKey,
    listen: ['/ip4/127.0.0.1/tcp/0'],
    network: 'lan',
    datastore: options.datastore,
    validators: { [OPERATOR_KEY_NAMESPACE]: validateOperatorBanList },
    selectors: { [OPERATOR_KEY_NAMESPACE]: selectOperatorBanList },
    isDenied: (peer) => late.service?.isDenied(peer) ?? false
  })
  const service = new OperatorService(node, { operator, privateKey, datastore: options.datastore })
  late.service = service
  await service.start()
  return { name, node, service, key: privateKey, addr: node.getMultiaddrs()[0].toString(), peer: node.peerId.toString(), datastore: options.datastore }
}

async function stopOpPeers (...peers: OpPeer[]): Promise<void> {
  await Promise.all(peers.map(async p => {
    await p.service.stop().catch(() => {})
    try {
      await p.node.stop()
    } catch {
      // already stopped
    }
  }))
}

/** Dial every earlier peer from every later one, and wait until each sees every other on the operator topic. */
async function mesh (peers: OpPeer[]): Promise<void> {
  for (let i = 0; i < peers.length; i++) {
    for (let j = 0; j < i; j++) {
      await peers[i].node.dial(multiaddr(peers[j].addr))
    }
  }
  for (const p of peers) {
    await waitFor(() => p.node.services.pubsub.getSubscribers(OPERATOR_TOPIC).length === peers.length - 1, `${p.name} to see every peer on the operator topic`)
  }
}

function collect<K extends keyof OperatorEvents> (p: OpPeer, type: K): Array<OperatorEvents[K]['detail']> {
  const seen: Array<OperatorEvents[K]['detail']> = []
  p.service.addEventListener(type, (evt) => { seen.push((evt as OperatorEvents[K]).detail) })
  return seen
}

function connected (from: OpPeer, to: OpPeer): boolean {
  return from.node.getConnections(to.node.peerId).length > 0
}

async function sleep (ms: number): Promise<void> {
  await new Promise(resolve => setTimeout(resolve, ms))
}

/** A dial that the other side's gater (or ours) refuses leaves no open connection. */
async function dialRefused (from: OpPeer, to: OpPeer): Promise<boolean> {
  try {
    await from.node.dial(multiaddr(to.addr))
  } catch {
    return true
  }
  // the dial may complete on our side before the other side's gater closes it
  await waitFor(() => !connected(from, to) && !connected(to, from), `${to.name} to close ${from.name}'s connection`, 5000)
  return true
}

describe('the operator service with real peers', () => {
  let peers: OpPeer[] = []
  afterEach(async () => {
    await stopOpPeers(...peers)
    peers = []
  })

  async function network (names: string[], options: { datastores?: Record<string, Datastore>, operatorKey?: PrivateKey } = {}): Promise<OpPeer[]> {
    const operatorKey = options.operatorKey ?? await generateKeyPair('Ed25519')
    const OP = peerIdOfKey(operatorKey)
    const started: OpPeer[] = [await startOpPeer('op', OP, { privateKey: operatorKey, datastore: options.datastores?.op })]
    for (const name of names) {
      started.push(await startOpPeer(name, OP, { datastore: options.datastores?.[name] }))
    }
    peers.push(...started)
    await mesh(started)
    return started
  }

  it('an announcement reaches every peer once; forged and replayed ones are shown nowhere', async () => {
    const [op, a, b, c] = await network(['a', 'b', 'c'])
    assert.equal(op.service.isOperator, true)
    assert.equal(a.service.isOperator, false)
    const heard = new Map([op, a, b, c].map(p => [p.name, collect(p, 'announcement')]))

    // a modified peer publishes straight to the topic: its own signature, and one that names the operator's key
    const forged = await createAnnouncement(a.key, 'forged: the operator says send me your keys', Date.now())
    await a.node.services.pubsub.publish(OPERATOR_TOPIC, encodeOperatorMessage('ANNOUNCE', forged))
    const stolenName = await createAnnouncement(op.key, 'x', Date.now())
    const tampered = stolenName.slice()
    tampered[tampered.length - 1] ^= 1 // the operator's payload with a broken signature
    await a.node.services.pubsub.publish(OPERATOR_TOPIC, encodeOperatorMessage('ANNOUNCE', tampered))
    // and a non-operator's service refuses to sign at all
    await assert.rejects(a.service.announce('hi'), { name: 'NotOperatorError' })

    const raw: Uint8Array[] = []
    c.node.services.pubsub.addEventListener('message', (evt) => { if (evt.detail.topic === OPERATOR_TOPIC) raw.push(evt.detail.data) })
    const real = await op.service.announce('Maintenance at 22:00 UTC')
    for (const p of [op, a, b, c]) {
      await waitFor(() => heard.get(p.name)?.some(e => e.text === 'Maintenance at 22:00 UTC') === true, `${p.name} to show the announcement`)
    }
    // a relay of the real one (new gossipsub message, same signed payload) is not shown twice
    await waitFor(() => raw.length === 1, 'c to have the raw message')
    await c.node.services.pubsub.publish(OPERATOR_TOPIC, raw[0])
    await sleep(300)
    for (const p of [op, a, b, c]) {
      assert.deepEqual(heard.get(p.name)?.map(e => e.text), ['Maintenance at 22:00 UTC'], `${p.name} showed exactly the real announcement, once`)
      assert.equal(heard.get(p.name)?.[0].time, real.issuedAtMs)
    }
    // the forger was scored down by the peers it sent the forgeries to
    for (const p of [b, c]) {
      await waitFor(() => peerScore(p.node.services.pubsub, a.peer) < 0, `${p.name} to score the forger down`, 5000)
    }
  })

  it('a ban: honest peers refuse and hang up on the peer, its new dials are refused, it is told; unban lifts it; late joiners learn it from the DHT', async (t) => {
    const [op, a, b, c] = await network(['a', 'b', 'c'])
    const told = collect(c, 'banned')
    const t0 = performance.now()
    const marks = new Map<string, number>()
    const mark = (what: string): void => { if (!marks.has(what)) marks.set(what, performance.now() - t0) }
    for (const p of [op, a, b]) {
      p.service.addEventListener('bans', (evt) => { if (evt.detail.added.includes(c.peer)) mark(`${p.name} refuses c`) })
      p.node.addEventListener('peer:disconnect', (evt) => { if (evt.detail.equals(c.node.peerId)) mark(`${p.name} hung up on c`) })
    }
    c.service.addEventListener('banned', () => { mark('c is told') })

    const list = await op.service.ban(c.peer, 'spam')
    mark('ban() returned')
    assert.equal(list.seq, 1n)
    assert.deepEqual(op.service.bans().map(ban => [ban.peer, ban.reason]), [[c.peer, 'spam']])

    for (const p of [op, a, b]) {
      await waitFor(() => p.service.isBanned(c.peer) && p.service.isDenied(c.peer), `${p.name} to refuse c`, 5000)
    }
    await waitFor(() => told.length === 1, 'c to be told it is banned', 5000)
    assert.equal(told[0].reason, 'spam')
    for (const p of [op, a, b]) {
      await waitFor(() => !connected(p, c), `${p.name} to hang up on c`, 5000)
    }
    const lines = [...marks.entries()].sort((x, y) => x[1] - y[1]).map(([what, ms]) => `${what} +${ms.toFixed(1)} ms`)
    t.diagnostic(`ban → enforcement: ${lines.join(', ')}`)

    // neither side can connect again
    assert.ok(await dialRefused(c, a), 'c dialling a is refused')
    await assert.rejects(a.node.dial(multiaddr(c.addr)), 'a does not dial c')
    assert.equal(a.service.isBanned(op.peer), false, 'the operator is never banned')
    await assert.rejects(a.service.ban(b.peer), { name: 'NotOperatorError' })
    await assert.rejects(op.service.ban(c.peer), { name: 'AlreadyBannedError' })
    await assert.rejects(op.service.ban(op.peer), { name: 'TargetIsOperatorError' })
    await assert.rejects(op.service.ban('c'), { name: 'MalformedPeerIdError' })

    // a peer that joins later and only knows b finds the list in the DHT
    const d = await startOpPeer('d', op.peer)
    peers.push(d)
    await d.node.dial(multiaddr(b.addr))
    await waitFor(() => d.service.isBanned(c.peer), 'the late joiner to learn the ban from the DHT', 10_000)

    // unban: peers accept c again
    const unbanned = collect(c, 'unbanned')
    const after = await op.service.unban(c.peer)
    assert.equal(after.seq, 2n)
    for (const p of [op, a, b, d]) {
      await waitFor(() => !p.service.isBanned(c.peer), `${p.name} to lift the ban`, 5000)
    }
    await c.node.dial(multiaddr(a.addr))
    await sleep(200)
    assert.ok(connected(a, c), 'c may connect again')
    await waitFor(() => unbanned.length === 1, 'c to be told it is unbanned', 5000)
    await assert.rejects(op.service.unban(c.peer), { name: 'NotBannedError' })
  })

  it('the ban list survives a restart of the operator (same key, same datastore) and of an honest peer', async () => {
    const opStore = new MemoryDatastore()
    const aStore = new MemoryDatastore()
    const operatorKey = await generateKeyPair('Ed25519')
    const [op, a, b] = await network(['a', 'b'], { datastores: { op: opStore, a: aStore }, operatorKey })
    await op.service.ban(b.peer, 'flooding')
    // kept before ban() returned: a kill -9 now would not lose it
    assert.ok(await opStore.has(new Key(`/crypticomm/operator/ban-list/${op.peer}`)))
    await waitFor(() => a.service.isBanned(b.peer), 'a to refuse b')
    await waitFor(() => !connected(a, b) && !connected(op, b), 'a and op to hang up on b')

    await stopOpPeers(op, a)
    peers = [b]
    const op2 = await startOpPeer('op', op.peer, { privateKey: operatorKey, datastore: opStore })
    const a2 = await startOpPeer('a', op.peer, { privateKey: a.key, datastore: aStore })
    peers.push(op2, a2)
    for (const p of [op2, a2]) {
      assert.equal(p.service.isBanned(b.peer), true, `${p.name} refuses b from the start, before any connection`)
      assert.deepEqual(p.service.bans().map(ban => [ban.peer, ban.reason]), [[b.peer, 'flooding']])
    }
    assert.ok(await dialRefused(b, op2), 'b dialling the restarted operator is refused')
    assert.ok(await dialRefused(b, a2), 'b dialling the restarted peer is refused')
    // the operator continues the sequence
    await a2.node.dial(multiaddr(op2.addr))
    const next = await op2.service.unban(b.peer)
    assert.equal(next.seq, 2n)
  })

  it('a kick: the target is told and every honest peer hangs up and refuses it for the cool-off', async (t) => {
    const [op, a, b, c] = await network(['a', 'b', 'c'])
    const kicked = collect(c, 'kicked')
    const seenByA = collect(a, 'kick')
    const t0 = performance.now()
    const kick = await op.service.kick(c.peer, 'calm down', 60_000)
    await waitFor(() => kicked.length === 1, 'c to be told it is kicked', 5000)
    t.diagnostic(`kick → target told +${(performance.now() - t0).toFixed(1)} ms`)
    assert.equal(kicked[0].reason, 'calm down')
    assert.equal(kicked[0].untilMs, kick.issuedAtMs + 60_000)
    for (const p of [op, a, b]) {
      await waitFor(() => p.service.isKicked(c.peer, Date.now()), `${p.name} to refuse c`, 5000)
      await waitFor(() => !connected(p, c), `${p.name} to hang up on c`, 5000)
    }
    t.diagnostic(`kick → every honest peer hung up +${(performance.now() - t0).toFixed(1)} ms`)
    assert.deepEqual(seenByA.map(k => [k.target, k.reason]), [[c.peer, 'calm down']])
    assert.equal(a.service.isKicked(c.peer, kick.untilMs + 1), false, 'the cool-off ends')
    assert.equal(a.service.isBanned(c.peer), false, 'a kick is not a ban')
    assert.ok(await dialRefused(c, b), 'c dialling b during the cool-off is refused')

    // a forged kick (by a) of b changes nothing
    const forged = await createKick(a.key, { target: b.peer, nowMs: Date.now() })
    await a.node.services.pubsub.publish(OPERATOR_TOPIC, encodeOperatorMessage('KICK', forged))
    await sleep(300)
    assert.equal(op.service.isKicked(b.peer), false)
    assert.ok(connected(op, b), 'the operator still talks to b')
  })
})
