import assert from 'node:assert/strict'
import { afterEach, describe, it } from 'node:test'
import { generateKeyPair } from '@libp2p/crypto/keys'
import type { PrivateKey } from '@libp2p/interface'
import { multiaddr } from '@multiformats/multiaddr'
import { ChatClient } from '../../src/chat/chat-client.js'
import { DirectMessages } from '../../src/chat/direct-messages.js'
import type { DirectMessageEvent } from '../../src/chat/direct-messages.js'
import { IgnoreList } from '../../src/chat/ignore-list.js'
import { AmbiguousNickError, NickRegistry, displayNames, matchPeer } from '../../src/chat/nick-registry.js'
import type { NickEntry } from '../../src/chat/nick-registry.js'
import { createCryptiNode } from '../../src/node/create-node.js'
import type { CryptiNode } from '../../src/node/create-node.js'
import { NICK_KEY_NAMESPACE, nickProviderCid, selectNickClaim, validateNickClaim } from '../../src/protocol/nick-claim.js'
import type { CommandContext } from '../../src/ui/command.js'
import { COMMANDS } from '../../src/ui/commands/index.js'
import { ignore } from '../../src/ui/commands/ignore.js'
import { msg } from '../../src/ui/commands/msg.js'
import type { PeopleServices } from '../../src/ui/commands/msg.js'
import { query, sendToQuery } from '../../src/ui/commands/query.js'
import { unignore } from '../../src/ui/commands/unignore.js'
import { whois } from '../../src/ui/commands/whois.js'
import { handleLine } from '../../src/ui/dispatch.js'
import type { UiEvent } from '../../src/ui/ui-events.js'
import { waitFor } from '../utils/peers.js'

// ---- pure helpers ---------------------------------------------------------------

describe('displayNames', () => {
  it('shows a nick nobody else has as it is, a shared one with a peer-id suffix', () => {
    const names = displayNames([
      { peer: '12D3KooWAAAA3F9K', nick: 'alice' },
      { peer: '12D3KooWBBBBzz01', nick: 'alice' },
      { peer: '12D3KooWCCCC0000', nick: 'bob' }
    ])
    assert.equal(names.get('12D3KooWAAAA3F9K'), 'alice~3f9k', 'last 4 characters, lowercased')
    assert.equal(names.get('12D3KooWBBBBzz01'), 'alice~zz01')
    assert.equal(names.get('12D3KooWCCCC0000'), 'bob')
  })

  it('lengthens the suffix when 4 lowercased characters do not tell peers apart', () => {
    const names = displayNames([
      { peer: 'peerXaBcD', nick: 'alice' },
      { peer: 'peerYAbCd', nick: 'alice' },
      { peer: 'peerZqqqq', nick: 'alice' }
    ])
    assert.deepEqual([...names.values()], ['alice~xabcd', 'alice~yabcd', 'alice~zqqqq'])
  })

  it('shows a peer without a nick as its peer id; the first entry of a peer counts', () => {
    const names = displayNames([
      { peer: 'p1', nick: '' },
      { peer: 'p2', nick: 'carol' },
      { peer: 'p2', nick: 'dave' },
      { peer: 'p3', nick: 'dave' }
    ])
    assert.equal(names.get('p1'), 'p1')
    assert.equal(names.get('p2'), 'carol')
    assert.equal(names.get('p3'), 'dave')
  })
})

describe('matchPeer', () => {
  const candidates: NickEntry[] = [
    { peer: '12D3KooWAAAA3F9K', nick: 'alice' },
    { peer: '12D3KooWBBBBzz01', nick: 'alice' },
    { peer: '12D3KooWCCCC0000', nick: 'bob' },
    { peer: '12D3KooWCCCC0000', nick: 'bob' }
  ]

  it('accepts a unique nick, in any case, once per peer', () => {
    assert.deepEqual(matchPeer('bob', candidates), { peer: '12D3KooWCCCC0000', nick: 'bob' })
    assert.deepEqual(matchPeer(' BOB ', candidates), { peer: '12D3KooWCCCC0000', nick: 'bob' })
  })

  it('accepts nick~suffix, case-insensitively, and a peer id', () => {
    assert.equal(matchPeer('alice~3f9k', candidates).peer, '12D3KooWAAAA3F9K')
    assert.equal(matchPeer('alice~3F9K', candidates).peer, '12D3KooWAAAA3F9K')
    assert.equal(matchPeer('alice~z01', candidates).peer, '12D3KooWBBBBzz01', 'any unambiguous suffix')
    assert.equal(matchPeer('12D3KooWBBBBzz01', candidates).nick, 'alice')
  })

  it('accepts the peer id of someone it does not know', async () => {
    const { peerIdFromPrivateKey } = await import('@libp2p/peer-id')
    const stranger = peerIdFromPrivateKey(await generateKeyPair('Ed25519')).toString()
    assert.deepEqual(matchPeer(stranger, candidates), { peer: stranger, nick: '' })
  })

  it('names nobody: UnknownPeerError', () => {
    for (const input of ['carol', 'alice~9999', 'bob~', '', '   ', 'alice~3f9k~x']) {
      assert.throws(() => matchPeer(input, candidates), { name: 'UnknownPeerError' }, JSON.stringify(input))
    }
  })

  it('an ambiguous nick is an error that lists the candidates with suffix and peer id', () => {
    let caught: unknown
    try {
      matchPeer('alice', candidates)
    } catch (err) {
      caught = err
    }
    assert.ok(caught instanceof AmbiguousNickError)
    assert.equal(caught.name, 'AmbiguousNickError')
    assert.match(caught.message, /alice~3f9k \(12D3KooWAAAA3F9K\)/)
    assert.match(caught.message, /alice~zz01 \(12D3KooWBBBBzz01\)/)
    assert.doesNotMatch(caught.message, /\n/)
    assert.deepEqual(caught.candidates.map(c => c.display), ['alice~3f9k', 'alice~zz01'])
  })
})

// ---- with real peers --------------------------------------------------------------

interface NickPeer {
  node: CryptiNode
  chat: ChatClient
  nicks: NickRegistry
  dm: DirectMessages
  ignores: IgnoreList
  key: PrivateKey
  addr: string
  peer: string
}

async function startNickPeer (nick: string, options: { ttlMs?: number } = {}): Promise<NickPeer> {
  const key = await generateKeyPair('Ed25519')
  const node = await createCryptiNode({
    privateKey: key,
    listen: ['/ip4/127.0.0.1/tcp/0'],
    network: 'lan',
    validators: { [NICK_KEY_NAMESPACE]: validateNickClaim },
    selectors: { [NICK_KEY_NAMESPACE]: selectNickClaim }
  })
  const chat = new ChatClient(node, { nick, privateKey: key, noDirectory: true })
  chat.start()
  const nicks = new NickRegistry(node, { privateKey: key, ttlMs: options.ttlMs })
  const ignores = new IgnoreList()
  const dm = new DirectMessages(node, { isIgnored: peer => ignores.has(peer) })
  await dm.start()
  return { node, chat, nicks, dm, ignores, key, addr: node.getMultiaddrs()[0].toString(), peer: node.peerId.toString() }
}

async function stopNickPeers (...peers: NickPeer[]): Promise<void> {
  await Promise.all(peers.map(async p => {
    await p.nicks.stop().catch(() => {})
    await p.dm.stop().catch(() => {})
    await p.chat.stop().catch(() => {})
    try {
      await p.node.stop()
    } catch {
      // already stopped
    }
  }))
}

/** A star around `boot`, with every DHT routing table holding the bootstrap. */
async function star (boot: NickPeer, others: NickPeer[]): Promise<void> {
  for (const p of others) {
    await p.node.dial(multiaddr(boot.addr))
  }
  await waitFor(() => [boot, ...others].every(p => (p.node.services.dht as unknown as { routingTable: { size: number } }).routingTable.size > 0), 'routing tables to fill')
}

/** A command context over a real peer, as the CLI session would build it. */
function context (p: NickPeer): { ctx: CommandContext, events: UiEvent[] } {
  const events: UiEvent[] = []
  let current: string | undefined
  let target: NickEntry | undefined
  const services: PeopleServices = { dm: p.dm, nicks: p.nicks, ignores: p.ignores, query: () => target, setQuery: (t) => { target = t } }
  const ctx = {
    chat: p.chat,
    current: () => current,
    setCurrent: (room: string | undefined) => { current = room },
    emit: (e: UiEvent) => { events.push(e) },
    now: Date.now,
    quit: async () => {},
    commands: [...COMMANDS, msg, query, whois, ignore, unignore],
    people: services
  }
  return { ctx, events }
}

function received (p: NickPeer): DirectMessageEvent[] {
  const seen: DirectMessageEvent[] = []
  p.dm.addEventListener('message', (evt) => { seen.push(evt.detail) })
  return seen
}

describe('NickRegistry with real peers on loopback', () => {
  let peers: NickPeer[] = []

  afterEach(async () => {
    await stopNickPeers(...peers)
    peers = []
  })

  it('a claim is found by peer and by nick from a peer that met the claimer only through a bootstrap', async () => {
    const boot = await startNickPeer('boot')
    const alice = await startNickPeer('alice')
    const bob = await startNickPeer('bob')
    peers = [boot, alice, bob]
    await star(boot, [alice, bob])
    const result = await alice.nicks.claim('Alice')
    assert.equal(result.nick, 'alice')
    assert.ok(result.stored > 0, 'stored on a DHT peer')
    assert.ok(result.provided)
    assert.equal(alice.nicks.nick, 'alice')
    assert.equal((await bob.nicks.claimOf(alice.peer))?.nick, 'alice')
    assert.deepEqual(await bob.nicks.resolve('ALICE'), [{ peer: alice.peer, nick: 'alice' }])
    assert.deepEqual(await bob.nicks.resolve('nobody'), [])
    assert.equal(await bob.nicks.claimOf(bob.peer), undefined, 'bob never claimed')
    await assert.rejects(bob.nicks.resolve('not a nick'), { name: 'InvalidNameError' })

    // a provider record is only a hint: providing a nick one has not claimed lists nobody
    await bob.nicks.claim('bob')
    await bob.node.contentRouting.provide(await nickProviderCid('alice'))
    const providers: string[] = []
    try {
      for await (const provider of boot.node.contentRouting.findProviders(await nickProviderCid('alice'), { signal: AbortSignal.timeout(5000) })) {
        providers.push(provider.id.toString())
      }
    } catch {
      // the lookup timed out: use what was found
    }
    assert.ok(providers.includes(bob.peer), 'bob provides alice')
    assert.deepEqual(await boot.nicks.resolve('alice'), [{ peer: alice.peer, nick: 'alice' }])
  })

  it('a nick change replaces the claim everywhere; the old nick no longer resolves to the peer', async () => {
    const boot = await startNickPeer('boot')
    const alice = await startNickPeer('alice')
    const bob = await startNickPeer('bob')
    peers = [boot, alice, bob]
    await star(boot, [alice, bob])
    await alice.nicks.claim('alice')
    assert.equal((await bob.nicks.resolve('alice')).length, 1)
    await new Promise(resolve => setTimeout(resolve, 5))
    await alice.nicks.claim('alicia')
    assert.equal((await bob.nicks.claimOf(alice.peer))?.nick, 'alicia')
    assert.deepEqual(await bob.nicks.resolve('alicia'), [{ peer: alice.peer, nick: 'alicia' }])
    assert.deepEqual(await bob.nicks.resolve('alice'), [], 'the stale provider record is filtered by the claim')
  })

  it('claims expire: an expired claim is not returned', async () => {
    const boot = await startNickPeer('boot')
    const alice = await startNickPeer('alice', { ttlMs: 1500 })
    const bob = await startNickPeer('bob')
    peers = [boot, alice, bob]
    await star(boot, [alice, bob])
    await alice.nicks.claim('alice')
    await alice.nicks.stop()
    assert.equal((await bob.nicks.claimOf(alice.peer))?.nick, 'alice')
    await new Promise(resolve => setTimeout(resolve, 1600))
    assert.equal(await bob.nicks.claimOf(alice.peer), undefined)
    assert.deepEqual(await bob.nicks.resolve('alice'), [])
  })

  it('duplicate nicks get suffixes, /msg to the ambiguous nick lists the candidates, nick~suffix delivers', async () => {
    const boot = await startNickPeer('boot')
    const alice1 = await startNickPeer('alice')
    const alice2 = await startNickPeer('alice')
    const bob = await startNickPeer('bob')
    peers = [boot, alice1, alice2, bob]
    await star(boot, [alice1, alice2, bob])
    await Promise.all([alice1.nicks.claim('alice'), alice2.nicks.claim('alice'), bob.nicks.claim('bob')])

    const found = await bob.nicks.resolve('alice')
    assert.deepEqual(found.map(e => e.peer), [alice1.peer, alice2.peer].sort())
    const names = displayNames(found)
    for (const p of [alice1, alice2]) {
      assert.equal(names.get(p.peer), `alice~${p.peer.slice(-4).toLowerCase()}`)
    }

    const { ctx, events } = context(bob)
    await handleLine(ctx, '/msg alice hello?')
    const error = events.find(e => e.type === 'error')
    assert.ok(error != null && error.type === 'error', JSON.stringify(events))
    assert.match(error.message, /ambiguous/)
    for (const p of [alice1, alice2]) {
      assert.ok(error.message.includes(`${names.get(p.peer) ?? ''} (${p.peer})`), error.message)
    }

    const got1 = received(alice1)
    const got2 = received(alice2)
    events.length = 0
    await handleLine(ctx, `/msg ${names.get(alice2.peer) ?? ''} just you`)
    assert.deepEqual(events.map(e => e.type), ['private', 'notice'], JSON.stringify(events))
    assert.match((events[1] as { message: string }).message, /^delivered to alice~\S+ \(round trip \d+ ms/)
    await waitFor(() => got2.length === 1, 'alice2 to get the message')
    assert.equal(got2[0].peer, bob.peer)
    assert.equal(got2[0].nick, 'bob')
    assert.equal(got2[0].text, 'just you')
    assert.equal(got1.length, 0, 'the other alice got nothing')
  })

  it('/query sends plain lines privately, /whois describes, /ignore hides and /unignore shows again', async () => {
    const boot = await startNickPeer('boot')
    const alice = await startNickPeer('alice')
    const bob = await startNickPeer('bob')
    peers = [boot, alice, bob]
    await star(boot, [alice, bob])
    await Promise.all([alice.nicks.claim('alice'), bob.nicks.claim('bob')])
    const { ctx, events } = context(bob)
    const got = received(alice)

    await handleLine(ctx, '/query alice hi there')
    const services = (ctx as unknown as { people: PeopleServices }).people
    assert.deepEqual(services.query(), { peer: alice.peer, nick: 'alice' })
    assert.deepEqual(events.map(e => e.type), ['query', 'private', 'notice'], JSON.stringify(events))
    await waitFor(() => got.length === 1, 'the query message')
    assert.equal(await sendToQuery(ctx, 'a plain line'), true)
    await waitFor(() => got.length === 2, 'the plain line, sent privately')
    assert.equal(got[1].text, 'a plain line')
    got.splice(0, 2, { ...got[0] })

    events.length = 0
    await handleLine(ctx, '/whois alice')
    const info = events[0] as unknown as { type: string, peer: string, claimedNick: string, connected: boolean, addrs: string[], ignored: boolean, rooms: string[] }
    assert.equal(info.type, 'whois', JSON.stringify(events))
    assert.equal(info.peer, alice.peer)
    assert.equal(info.claimedNick, 'alice')
    assert.equal(info.connected, true, 'connected since the message')
    assert.ok(info.addrs.some(a => a.includes('/tcp/')), JSON.stringify(info.addrs))
    assert.equal(info.ignored, false)
    assert.deepEqual(info.rooms, [])

    events.length = 0
    await handleLine(ctx, '/msg bob me?')
    assert.match((events[0] as { message: string }).message, /yourself/)

    const aliceCtx = context(alice)
    await handleLine(aliceCtx.ctx, '/ignore bob')
    assert.equal(alice.ignores.has(bob.peer), true, JSON.stringify(aliceCtx.events))
    await handleLine(ctx, '/msg alice can you hear me')
    assert.equal(events.at(-1)?.type, 'notice', 'an ignoring peer still acknowledges')
    await new Promise(resolve => setTimeout(resolve, 200))
    assert.equal(got.length, 1, 'nothing shown from an ignored peer')
    await handleLine(aliceCtx.ctx, '/ignore')
    assert.equal((aliceCtx.events.at(-1) as unknown as { ignored: unknown[] }).ignored.length, 1)
    await handleLine(aliceCtx.ctx, '/unignore bob')
    assert.equal(alice.ignores.has(bob.peer), false, JSON.stringify(aliceCtx.events))
    await handleLine(ctx, '/msg alice now?')
    await waitFor(() => got.length === 2, 'the message after /unignore')

    events.length = 0
    await handleLine(ctx, '/query')
    assert.equal(services.query(), undefined)
    assert.equal(await sendToQuery(ctx, 'to nobody'), false, 'with no query open, lines go to the room')
    await handleLine(ctx, '/msg nobody-here hi')
    assert.match((events.at(-1) as { message: string }).message, /nobody called "nobody-here"/)
  })
})
