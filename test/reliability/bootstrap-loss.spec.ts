import { describe, it, after } from 'node:test'
import assert from 'node:assert/strict'
import { BOOTSTRAP_BIN, PEER_BIN, startCli, removeDirs } from '../utils/processes.js'
import type { CliProcess, JsonEvent } from '../utils/processes.js'

const heard = (text: string) => (e: JsonEvent): boolean => e.type === 'message' && e.self === false && e.text === text

describe('losing the bootstrap (separate processes, kill -9)', () => {
  const all: CliProcess[] = []
  after(async () => {
    await Promise.all(all.map(async p => p.kill()))
    await removeDirs(...new Set(all.map(p => p.dataDir)))
  })

  it('rooms keep working, a newcomer joins through another peer, and the bootstrap rejoins when it returns', async () => {
    const boot = await startCli(BOOTSTRAP_BIN, ['0'])
    all.push(boot)
    const bootAddr = await boot.loopbackAddr()
    const port = bootAddr.split('/tcp/')[1].split('/')[0]
    const start = async (nick: string, bootstrap: string): Promise<CliProcess> => {
      const p = await startCli(PEER_BIN, ['--nick', nick, '--bootstrap', bootstrap])
      all.push(p)
      await p.waitFor(e => e.type === 'ready', `${nick} ready`)
      return p
    }
    const alice = await start('alice', bootAddr)
    const bob = await start('bob', bootAddr)
    const peerOf = (p: CliProcess): string => p.events.find(e => e.type === 'ready')?.peer as string
    alice.send('/join keep')
    bob.send('/join keep')
    await alice.waitFor(e => (e.type === 'join' || e.type === 'member') && e.peer === peerOf(bob), 'alice sees bob')
    await bob.waitFor(e => (e.type === 'join' || e.type === 'member') && e.peer === peerOf(alice), 'bob sees alice')

    // the bootstrap dies without a word
    await boot.kill('SIGKILL')
    alice.send('still here without the bootstrap')
    await bob.waitFor(heard('still here without the bootstrap'), 'bob hears alice after the bootstrap died')

    // a newcomer who knows only alice's address
    const carol = await start('carol', await alice.loopbackAddr())
    carol.send('/join keep')
    await carol.waitFor(e => (e.type === 'join' || e.type === 'member') && e.peer === peerOf(bob), 'carol finds bob through alice')
    carol.send('hello from carol')
    await bob.waitFor(heard('hello from carol'), 'bob hears carol')
    bob.send('welcome carol')
    await carol.waitFor(heard('welcome carol'), 'carol hears bob')

    // the bootstrap returns (same identity, same port): peers reconnect to it by themselves
    const from = alice.events.length
    const boot2 = await startCli(BOOTSTRAP_BIN, [port], boot.dataDir)
    all.push(boot2)
    assert.equal((await boot2.waitFor(e => e.type === 'ready', 'bootstrap back')).peer, bootAddr.split('/p2p/')[1])
    await alice.waitFor(e => e.type === 'notice' && String(e.message).startsWith('connected to'), 'alice reconnects to the bootstrap', 60_000, from)
    let listed = false
    for (let i = 0; i < 40 && !listed; i++) {
      const at = boot2.events.length
      boot2.send('list users')
      const users = await boot2.waitFor(e => e.type === 'users', 'list users', 10_000, at)
      listed = (users.users as JsonEvent[]).some(u => u.peer === peerOf(alice) && u.connected === true)
      if (!listed) {
        await new Promise(resolve => setTimeout(resolve, 1000))
      }
    }
    assert.ok(listed, 'the returned bootstrap is connected to the room members again')
  })
})
