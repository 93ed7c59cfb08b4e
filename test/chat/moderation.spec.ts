import { describe, it, afterEach } from 'node:test'
import assert from 'node:assert/strict'
import { multiaddr } from '@multiformats/multiaddr'
import { MemoryDatastore } from 'datastore-core'
import { startPeer, stopPeers, waitFor, collect } from '../utils/peers.js'
import type { TestPeer } from '../utils/peers.js'
import { ChatMessage, encodeChatMessage } from '../../src/protocol/chat-message.js'
import { roomTopic } from '../../src/protocol/names.js'
import { createRoomEvent } from '../../src/protocol/room-event.js'
import { updateRoomBody } from '../../src/protocol/room-record.js'
import type { TokenEvent } from '../../src/chat/events.js'

/** Publish straight to a room topic, bypassing the client's own checks (a modified peer). */
async function rawPublish (p: TestPeer, room: string, kind: ChatMessage.Kind, text: string, payload?: Uint8Array): Promise<void> {
  await p.node.services.pubsub.publish(roomTopic(room), encodeChatMessage({
    kind, sentAtMs: Date.now(), nick: p.chat.nick, text, session: 42n, seq: BigInt(Date.now()), payload
  }))
}

async function meshOf (names: string[]): Promise<TestPeer[]> {
  const peers: TestPeer[] = []
  for (const name of names) {
    const p = await startPeer(name)
    for (const other of peers) {
      await p.node.dial(multiaddr(other.addr))
    }
    peers.push(p)
  }
  return peers
}

async function joinAll (room: string, peers: TestPeer[]): Promise<void> {
  for (const p of peers) {
    await p.chat.join(room)
    await waitFor(() => p.chat.authority.record(room) != null, `${p.chat.nick} to hold the record of #${room}`)
  }
  for (const p of peers) {
    await waitFor(() => p.chat.members(room).length === peers.length, `${p.chat.nick} to see every member`)
  }
}

describe('room ownership, admins, kicks, bans and reclaim with real peers', () => {
  let peers: TestPeer[] = []
  afterEach(async () => {
    await stopPeers(...peers)
    peers = []
  })

  it('the creator owns the room; the owner promotes an admin; the admin kicks a member whom everyone then ignores', async () => {
    peers = await meshOf(['owner', 'admin', 'member', 'victim'])
    const [owner, admin, member, victim] = peers
    const tokens = collect(owner.chat, 'token')
    await joinAll('mod', peers)
    assert.equal(tokens.length, 1, 'the creator is shown one token')
    assert.match(tokens[0].token, /^[A-Za-z0-9_-]{43}$/)
    for (const p of peers) {
      assert.equal(p.chat.authority.record('mod')?.owner, owner.chat.peer, `${p.chat.nick} agrees on the owner`)
    }

    await owner.chat.authority.setAdmin('mod', admin.chat.peer, true)
    for (const p of peers) {
      await waitFor(() => p.chat.authority.record('mod')?.body.admins.includes(admin.chat.peer) === true, `${p.chat.nick} to see the new admin`)
    }

    const victimModeration = collect(victim.chat, 'moderation')
    const memberMessages = collect(member.chat, 'message')
    const ownerMessages = collect(owner.chat, 'message')
    // control: the same raw path is heard before the kick
    await rawPublish(victim, 'mod', ChatMessage.Kind.TEXT, 'before the kick')
    await waitFor(() => memberMessages.some(m => m.text === 'before the kick'), 'the member to hear the victim before the kick')
    await admin.chat.authority.kick('mod', victim.chat.peer, 'be nice')
    await waitFor(() => victimModeration.some(m => m.kind === 'kick' && m.self), 'the victim to be told')
    await waitFor(() => !victim.chat.isJoined('mod'), 'the victim\'s client to leave the room')
    await assert.rejects(victim.chat.join('mod'), { name: 'KickedError' }, 'no rejoin during the cool-off')

    // a modified client keeps talking: every honest peer drops it
    await victim.node.services.pubsub.subscribe(roomTopic('mod'))
    await rawPublish(victim, 'mod', ChatMessage.Kind.TEXT, 'i am still here')
    await admin.chat.send('mod', 'after the kick')
    await waitFor(() => memberMessages.some(m => m.text === 'after the kick'), 'the member to hear the admin')
    await waitFor(() => ownerMessages.some(m => m.text === 'after the kick'), 'the owner to hear the admin')
    assert.ok(!memberMessages.some(m => m.text === 'i am still here'))
    assert.ok(!ownerMessages.some(m => m.text === 'i am still here'))
  })

  it('a kick from a peer without the right has no effect anywhere, and nobody can kick the owner', async () => {
    peers = await meshOf(['owner', 'member', 'other'])
    const [owner, member, other] = peers
    await joinAll('open', peers)
    await assert.rejects(member.chat.authority.kick('open', other.chat.peer, ''), { name: 'ModerationError' })
    // a modified client signs the event anyway and publishes it
    const moderation = collect(other.chat, 'moderation')
    const ownerMessages = collect(owner.chat, 'message')
    await rawPublish(member, 'open', ChatMessage.Kind.MODERATION, '', await createRoomEvent(member.key, { kind: 'KICK', room: 'open', target: other.chat.peer, issuedAtMs: Date.now() }))
    await other.chat.send('open', 'still welcome')
    await waitFor(() => ownerMessages.some(m => m.text === 'still welcome'), 'the owner to still hear the target')
    assert.equal(moderation.length, 0)
    assert.ok(other.chat.isJoined('open'))
    await assert.rejects(owner.chat.authority.kick('open', owner.chat.peer, ''), { name: 'ModerationError' })
  })

  it('a ban survives the banned peer\'s restart, and reclaim moves every power to the new owner', async () => {
    peers = await meshOf(['owner', 'heir', 'troll', 'witness'])
    const [owner, heir, troll, witness] = peers
    const tokens = collect(owner.chat, 'token')
    await joinAll('keep', peers)
    const token = (tokens[0] as TokenEvent).token

    await owner.chat.authority.ban('keep', troll.chat.peer, 'spam')
    await waitFor(() => !troll.chat.isJoined('keep'), 'the troll\'s client to leave')
    for (const p of [heir, witness]) {
      await waitFor(() => p.chat.authority.record('keep')?.body.bans.some(b => b.peer === troll.chat.peer) === true, `${p.chat.nick} to hold the ban`)
    }

    // the troll restarts with the same identity (and a fresh memory) and comes back
    await stopPeers(troll)
    const troll2 = await startPeer('troll', { privateKey: troll.key, datastore: new MemoryDatastore() })
    peers[2] = troll2
    await troll2.node.dial(multiaddr(witness.addr))
    const warnings = collect(troll2.chat, 'warning')
    await troll2.chat.join('keep')
    await waitFor(() => warnings.some(w => w.message.includes('banned')), 'the restarted troll to be told it is banned')
    const witnessMessages = collect(witness.chat, 'message')
    await troll2.node.services.pubsub.subscribe(roomTopic('keep'))
    await rawPublish(troll2, 'keep', ChatMessage.Kind.TEXT, 'let me in')
    await heir.chat.send('keep', 'heir speaks')
    await waitFor(() => witnessMessages.some(m => m.text === 'heir speaks'), 'the witness to hear the heir')
    assert.ok(!witnessMessages.some(m => m.text === 'let me in'), 'the banned peer is not heard after its restart')

    // reclaim from another identity
    const heirTokens = collect(heir.chat, 'token')
    await heir.chat.authority.reclaim('keep', token)
    assert.equal(heirTokens.length, 1, 'the new owner gets a fresh token')
    assert.notEqual(heirTokens[0].token, token)
    for (const p of [owner, witness]) {
      await waitFor(() => p.chat.authority.record('keep')?.owner === heir.chat.peer, `${p.chat.nick} to see the new owner`)
    }
    // the old owner's later changes are rejected everywhere
    await assert.rejects(owner.chat.authority.setAdmin('keep', witness.chat.peer, true), { name: 'ModerationError' })
    const stale = owner.chat.authority.record('keep')
    assert.ok(stale)
    const forged = await updateRoomBody({ ...stale, owner: owner.chat.peer, ownerKey: owner.key.publicKey, chain: stale.chain.slice(0, 1) }, owner.key, { admins: [witness.chat.peer] }).catch(err => err as Error)
    assert.ok(forged instanceof Error || !(await witness.chat.authority.offer('keep', forged.bytes, 'test')), 'a record signed by the old owner is not adopted')
    await assert.rejects(owner.chat.authority.kick('keep', witness.chat.peer, ''), { name: 'ModerationError' })
    const oldOwnerKick = await createRoomEvent(owner.key, { kind: 'KICK', room: 'keep', target: witness.chat.peer, issuedAtMs: Date.now() })
    assert.equal(await witness.chat.authority.check('keep', oldOwnerKick), 'invalid', 'the old owner\'s kick is invalid')
    // the spent token is refused
    await assert.rejects(witness.chat.authority.reclaim('keep', token), (err: Error) => /Spent|WrongToken/.test(err.name))
  })

  it('members that create a new room at the same moment converge on one owner', async () => {
    peers = await meshOf(['first', 'second', 'third'])
    await Promise.all(peers.map(async p => p.chat.join('race')))
    await waitFor(() => peers.every(p => p.chat.authority.record('race') != null), 'every peer to hold a record')
    await waitFor(() => new Set(peers.map(p => p.chat.authority.record('race')?.owner)).size === 1, 'every peer to agree on one owner', 30_000)
    const owner = peers[0].chat.authority.record('race')?.owner
    const genesis = peers[0].chat.authority.record('race')?.genesisHash
    for (const p of peers) {
      assert.equal(p.chat.authority.record('race')?.owner, owner)
      assert.deepEqual(p.chat.authority.record('race')?.genesisHash, genesis)
    }
  })

  it('with the owner offline the room still works and its record resolves from the other members', async () => {
    peers = await meshOf(['owner', 'a', 'b'])
    const [owner, a, b] = peers
    await joinAll('lasting', peers)
    const ownerId = owner.chat.peer
    await stopPeers(owner)
    const late = await startPeer('late')
    peers.push(late)
    await late.node.dial(multiaddr(a.addr))
    await late.chat.join('lasting')
    await waitFor(() => late.chat.authority.record('lasting') != null, 'the newcomer to find the record without the owner')
    assert.equal(late.chat.authority.record('lasting')?.owner, ownerId)
    const got = collect(b.chat, 'message')
    await waitFor(() => late.chat.members('lasting').length >= 2, 'the newcomer to see members')
    await late.chat.send('lasting', 'hello without the owner')
    await waitFor(() => got.some(m => m.text === 'hello without the owner'), 'b to hear the newcomer')
  })
})
