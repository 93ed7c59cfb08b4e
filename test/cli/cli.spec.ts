import { describe, it, after } from 'node:test'
import assert from 'node:assert/strict'
import { BOOTSTRAP_BIN, PEER_BIN, startCli, removeDirs } from '../utils/processes.js'
import type { CliProcess, JsonEvent } from '../utils/processes.js'

const isMessage = (e: JsonEvent): boolean => e.type === 'message' && e.self === false

/** Wait until `p` has seen every peer in `others` in `room` (join or presence). */
async function waitToSee (p: CliProcess, others: CliProcess[], room: string, peers: Map<CliProcess, string>): Promise<void> {
  for (const o of others) {
    await p.waitFor(e => (e.type === 'join' || e.type === 'member') && e.room === room && e.peer === peers.get(o), `a peer to see another in #${room}`)
  }
}

describe('the crypticomm CLI, as separate processes in --json mode', () => {
  const all: CliProcess[] = []
  after(async () => {
    await Promise.all(all.map(async p => p.kill()))
    await removeDirs(...all.map(p => p.dataDir))
  })

  it('a bootstrap and three peers chat in a room; leave, rooms, restart and peer-only bootstrap work', async () => {
    const boot = await startCli(BOOTSTRAP_BIN, ['0'])
    all.push(boot)
    const bootAddr = await boot.loopbackAddr()

    const [a, b, c] = await Promise.all(['alice', 'bob', 'carol'].map(async nick => startCli(PEER_BIN, ['--nick', nick, '--bootstrap', bootAddr])))
    all.push(a, b, c)
    const peers = new Map<CliProcess, string>()
    for (const p of [a, b, c]) {
      const ready = await p.waitFor(e => e.type === 'ready', 'ready')
      peers.set(p, ready.peer as string)
      assert.match(ready.peer as string, /^12D3KooW/)
      await p.waitFor(e => e.type === 'notice' && String(e.message).startsWith('connected to'), 'connected to the bootstrap')
    }

    for (const p of [a, b, c]) {
      p.send('/join #CLI')
      await p.waitFor(e => e.type === 'joined' && e.room === 'cli', 'joined #cli')
    }
    await waitToSee(a, [b, c], 'cli', peers)
    await waitToSee(b, [a, c], 'cli', peers)
    await waitToSee(c, [a, b], 'cli', peers)

    const perSender = 4
    for (let i = 0; i < perSender; i++) {
      for (const [p, nick] of [[a, 'alice'], [b, 'bob'], [c, 'carol']] as const) {
        p.send(`${nick} says ${i}`)
      }
    }
    for (const p of [a, b, c]) {
      await p.waitFor(() => p.events.filter(isMessage).length >= 2 * perSender, 'every message', 30_000)
    }
    await new Promise(resolve => setTimeout(resolve, 500))
    for (const p of [a, b, c]) {
      const got = p.events.filter(isMessage)
      assert.equal(got.length, 2 * perSender, 'each message exactly once')
      for (const [o, nick] of [[a, 'alice'], [b, 'bob'], [c, 'carol']] as const) {
        if (o === p) {
          continue
        }
        const texts = got.filter(m => m.peer === peers.get(o)).map(m => m.text)
        assert.deepEqual(texts, Array.from({ length: perSender }, (_, i) => `${nick} says ${i}`), 'in order per sender')
        for (const m of got.filter(m => m.peer === peers.get(o))) {
          assert.equal(m.nick, nick)
          assert.equal(m.room, 'cli')
          assert.equal(typeof m.time, 'number')
        }
      }
    }

    // /rooms lists the room with its members
    let listed: JsonEvent | undefined
    for (let tries = 0; tries < 40 && listed == null; tries++) {
      const from = b.events.length
      b.send('/rooms')
      const rooms = await b.waitFor(e => e.type === 'rooms', '/rooms answer', 10_000, from)
      listed = (rooms.rooms as JsonEvent[]).find(r => r.room === 'cli' && r.members === 3)
      if (listed == null) {
        await new Promise(resolve => setTimeout(resolve, 500))
      }
    }
    assert.ok(listed, '/rooms lists #cli with 3 members')

    // /leave stops delivery, and the others see the leave
    c.send('/leave')
    await c.waitFor(e => e.type === 'left' && e.room === 'cli', 'left')
    await a.waitFor(e => e.type === 'leave' && e.peer === peers.get(c), 'alice sees carol leave')
    const cBefore = c.events.filter(isMessage).length
    a.send('after carol left')
    await b.waitFor(e => isMessage(e) && e.text === 'after carol left', 'bob receives')
    await new Promise(resolve => setTimeout(resolve, 1000))
    assert.equal(c.events.filter(isMessage).length, cBefore, 'no delivery after /leave')

    // a restarted peer keeps its peer id
    b.send('/quit')
    assert.equal(await b.exited, 0)
    const aliceBefore = a.events.length
    const b2 = await startCli(PEER_BIN, ['--bootstrap', bootAddr], b.dataDir)
    all.push(b2)
    const ready2 = await b2.waitFor(e => e.type === 'ready', 'ready after restart')
    assert.equal(ready2.peer, peers.get(b), 'same peer id after restart')
    assert.equal(ready2.nick, 'bob', 'nick remembered')
    await b2.waitFor(e => e.type === 'joined' && e.room === 'cli', 'bob is back in #cli by himself')
    await a.waitFor(e => (e.type === 'join' || e.type === 'member') && e.peer === peers.get(b), 'alice sees bob back', 30_000, aliceBefore)

    // a peer that knows only alice's address (not the bootstrap's) joins and chats
    const dave = await startCli(PEER_BIN, ['--nick', 'dave', '--bootstrap', await a.loopbackAddr()])
    all.push(dave)
    const daveReady = await dave.waitFor(e => e.type === 'ready', 'dave ready')
    dave.send('/join cli')
    await a.waitFor(e => (e.type === 'join' || e.type === 'member') && e.peer === daveReady.peer, 'alice sees dave')
    await dave.waitFor(e => (e.type === 'join' || e.type === 'member') && e.peer === peers.get(a), 'dave sees alice')
    dave.send('hello from dave')
    await a.waitFor(e => isMessage(e) && e.text === 'hello from dave' && e.nick === 'dave', 'alice receives dave')
    a.send('hello dave')
    await dave.waitFor(e => isMessage(e) && e.text === 'hello dave' && e.nick === 'alice', 'dave receives alice')
  })
})
