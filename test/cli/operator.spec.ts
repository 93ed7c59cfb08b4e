import { describe, it, after } from 'node:test'
import assert from 'node:assert/strict'
import { BOOTSTRAP_BIN, PEER_BIN, startCli, removeDirs } from '../utils/processes.js'
import type { CliProcess, JsonEvent } from '../utils/processes.js'

const heard = (text: string) => (e: JsonEvent): boolean => e.type === 'message' && e.self === false && e.text === text

describe('the operator (bootstrap console) with separate processes', () => {
  const all: CliProcess[] = []
  after(async () => {
    await Promise.all(all.map(async p => p.kill()))
    await removeDirs(...new Set(all.map(p => p.dataDir)))
  })

  it('announces to every room, lists users, bans across restarts and kicks', async () => {
    let boot = await startCli(BOOTSTRAP_BIN, ['0'])
    all.push(boot)
    const bootAddr = await boot.loopbackAddr()
    const bootPeer = bootAddr.split('/p2p/')[1]
    const port = bootAddr.split('/tcp/')[1].split('/')[0]
    const start = async (nick: string, args: string[], dir?: string): Promise<CliProcess> => {
      const p = await startCli(PEER_BIN, ['--nick', nick, ...args], dir)
      all.push(p)
      await p.waitFor(e => e.type === 'ready', `${nick} ready`)
      return p
    }
    const alice = await start('alice', ['--bootstrap', bootAddr])
    const carol = await start('carol', ['--bootstrap', bootAddr])
    const dave = await start('dave', ['--bootstrap', bootAddr])
    const peerOf = (p: CliProcess): string => p.events.find(e => e.type === 'ready')?.peer as string
    alice.send('/join one')
    dave.send('/join one')
    carol.send('/join two')
    await alice.waitFor(e => (e.type === 'join' || e.type === 'member') && e.peer === peerOf(dave), 'alice sees dave')
    await dave.waitFor(e => (e.type === 'join' || e.type === 'member') && e.peer === peerOf(alice), 'dave sees alice')
    // a peer that knows only alice's address, told who the operator is
    const erin = await start('erin', ['--bootstrap', await alice.loopbackAddr(), '--operator', bootPeer])
    erin.send('/join two')
    // announcements reach the peers online when they are sent: wait until erin is in the mesh
    await erin.waitFor(e => (e.type === 'join' || e.type === 'member') && e.peer === peerOf(carol), 'erin sees carol')
    await carol.waitFor(e => (e.type === 'join' || e.type === 'member') && e.peer === peerOf(erin), 'carol sees erin')
    await new Promise(resolve => setTimeout(resolve, 1500))

    // announce: every peer, whatever room
    boot.send('announce maintenance at noon')
    for (const p of [alice, carol, dave, erin]) {
      const a = await p.waitFor(e => e.type === 'announcement', 'the announcement')
      assert.equal(a.text, 'maintenance at noon')
      assert.equal(a.operator, bootPeer)
    }

    // list users: names peers through the directory, with their rooms
    let erinEntry: JsonEvent | undefined
    for (let i = 0; i < 60 && erinEntry == null; i++) {
      const from = boot.events.length
      boot.send('list users')
      const users = await boot.waitFor(e => e.type === 'users', 'list users', 10_000, from)
      erinEntry = (users.users as JsonEvent[]).find(u => u.peer === peerOf(erin) && (u.rooms as string[]).includes('two'))
      if (erinEntry == null) {
        await new Promise(resolve => setTimeout(resolve, 1000))
      }
    }
    assert.ok(erinEntry, 'list users names erin and her room')
    assert.equal(erinEntry.nick, 'erin')

    // unknown nick: one clear line
    let from = boot.events.length
    boot.send('ban nobody')
    assert.match(String((await boot.waitFor(e => e.type === 'error', 'an error', 10_000, from)).message), /nobody/)

    // ban dave: he is told, and alice no longer hears him
    from = boot.events.length
    boot.send(`ban ${peerOf(dave)} spamming`)
    await boot.waitFor(e => e.type === 'banned', 'the ban is done', 10_000, from)
    await dave.waitFor(e => e.type === 'error' && /banned/.test(String(e.message)), 'dave is told he is banned')
    dave.send('still here')
    alice.send('dave is gone')
    await erin.waitFor(() => true, 'tick', 1000).catch(() => undefined)
    await new Promise(resolve => setTimeout(resolve, 1500))
    assert.ok(!alice.events.some(heard('still here')), 'the banned peer is not heard')

    // both the banned peer and the bootstrap restart: the ban holds
    await dave.kill()
    boot.send('quit')
    await boot.exited
    boot = await startCli(BOOTSTRAP_BIN, [port], boot.dataDir)
    all.push(boot)
    assert.equal((await boot.waitFor(e => e.type === 'ready', 'bootstrap ready again')).peer, bootPeer)
    from = boot.events.length
    boot.send('bans')
    const bans = await boot.waitFor(e => e.type === 'bans', 'the ban list', 10_000, from)
    assert.ok(JSON.stringify(bans).includes(peerOf(dave)), 'the ban survives the restart')
    const dave2 = await start('dave', ['--bootstrap', bootAddr], dave.dataDir)
    await dave2.waitFor(e => e.type === 'error' && /cannot reach|banned/.test(String(e.message)), 'dave is refused after restarting')
    dave2.send('/join one')
    dave2.send('back again')
    await new Promise(resolve => setTimeout(resolve, 2000))
    assert.ok(!alice.events.some(heard('back again')), 'the banned peer is not heard after both restarted')

    // kick carol: she is told and disconnected
    from = boot.events.length
    boot.send(`kick ${peerOf(carol)} cool down`)
    await boot.waitFor(e => e.type === 'kicked', 'the kick is done', 10_000, from)
    await carol.waitFor(e => e.type === 'error' && /kicked/.test(String(e.message)), 'carol is told she was kicked')
    await carol.waitFor(e => e.type === 'left' && e.room === 'two', 'carol leaves her rooms')
  })
})
