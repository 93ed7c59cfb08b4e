import { describe, it, after } from 'node:test'
import assert from 'node:assert/strict'
import { BOOTSTRAP_BIN, PEER_BIN, startCli, removeDirs } from '../utils/processes.js'
import type { CliProcess } from '../utils/processes.js'

describe('private messages through the CLI, as separate processes', () => {
  const all: CliProcess[] = []
  after(async () => {
    await Promise.all(all.map(async p => p.kill()))
    await removeDirs(...all.map(p => p.dataDir))
  })

  it('/msg reaches only its recipient, found by nick; /ignore hides the sender; errors are one clear line', async () => {
    const boot = await startCli(BOOTSTRAP_BIN, ['0'])
    all.push(boot)
    const bootAddr = await boot.loopbackAddr()
    const start = async (nick: string): Promise<CliProcess> => {
      const p = await startCli(PEER_BIN, ['--nick', nick, '--bootstrap', bootAddr])
      all.push(p)
      await p.waitFor(e => e.type === 'ready', `${nick} ready`)
      await p.waitFor(e => e.type === 'notice' && String(e.message).startsWith('connected to'), `${nick} connected`)
      return p
    }
    const alice = await start('alice')
    const bob = await start('bob')
    const carol = await start('carol')
    const bobPeer = bob.events.find(e => e.type === 'ready')?.peer
    const alicePeer = alice.events.find(e => e.type === 'ready')?.peer

    // alice and bob share no room: alice finds bob by his nick claim in the DHT
    let from = alice.events.length
    for (let i = 0; i < 20; i++) {
      from = alice.events.length
      alice.send('/msg bob hello bob')
      const outcome = await alice.waitFor(e => e.type === 'private' || e.type === 'error', 'the outcome of /msg', 20_000, from)
      if (outcome.type === 'private') {
        break
      }
      await new Promise(resolve => setTimeout(resolve, 500))
    }
    const sent = await alice.waitFor(e => e.type === 'private' && e.self === true, 'alice sees her message sent', 20_000, from)
    assert.equal(sent.peer, bobPeer)
    const got = await bob.waitFor(e => e.type === 'private' && e.text === 'hello bob', 'bob receives it')
    assert.equal(got.peer, alicePeer, 'the sender is authenticated')
    assert.equal(got.nick, 'alice')
    assert.equal(got.self, false)

    // errors: to nobody, to oneself, empty
    from = alice.events.length
    alice.send('/msg nobody-here hi')
    assert.match(String((await alice.waitFor(e => e.type === 'error', 'unknown nick error', 30_000, from)).message), /nobody-here/)
    from = alice.events.length
    alice.send('/msg alice hi me')
    assert.equal((await alice.waitFor(e => e.type === 'error', 'self error', 30_000, from)).type, 'error')

    // bob ignores alice: her next message is not shown (she cannot tell)
    bob.send('/ignore alice')
    await bob.waitFor(e => e.type === 'notice' && /ignor/i.test(String(e.message)), 'bob ignores alice')
    from = alice.events.length
    alice.send('/msg bob are you there?')
    await alice.waitFor(e => (e.type === 'private' && e.self === true) || e.type === 'error', 'the second send', 20_000, from)
    await new Promise(resolve => setTimeout(resolve, 1000))
    assert.ok(!bob.events.some(e => e.type === 'private' && e.text === 'are you there?'), 'an ignored peer is not shown')
    assert.ok(!carol.events.some(e => e.type === 'private'), 'a third peer sees no private message')
  })
})
