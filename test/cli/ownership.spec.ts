import { describe, it, after } from 'node:test'
import assert from 'node:assert/strict'
import { readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { BOOTSTRAP_BIN, PEER_BIN, startCli, removeDirs } from '../utils/processes.js'
import type { CliProcess } from '../utils/processes.js'

describe('room ownership through the CLI, as separate processes', () => {
  const all: CliProcess[] = []
  after(async () => {
    await Promise.all(all.map(async p => p.kill()))
    await removeDirs(...all.map(p => p.dataDir))
  })

  it('the creator gets a token kept with mode 0600; another identity reclaims the room with it', async () => {
    const boot = await startCli(BOOTSTRAP_BIN, ['0'])
    all.push(boot)
    const bootAddr = await boot.loopbackAddr()
    const owner = await startCli(PEER_BIN, ['--nick', 'founder', '--bootstrap', bootAddr])
    const other = await startCli(PEER_BIN, ['--nick', 'heir', '--bootstrap', bootAddr])
    all.push(owner, other)
    const ownerReady = await owner.waitFor(e => e.type === 'ready', 'ready')
    const otherReady = await other.waitFor(e => e.type === 'ready', 'ready')

    owner.send('/join #estate')
    const created = await owner.waitFor(e => e.type === 'token' && e.room === 'estate', 'the token of the new room')
    assert.equal(created.reclaimed, false)
    const token = created.token as string
    assert.match(token, /^[A-Za-z0-9_-]{43}$/)
    const tokenFile = join(owner.dataDir, 'tokens', 'estate.token')
    for (let i = 0; i < 50; i++) {
      try { await stat(tokenFile); break } catch { await new Promise(resolve => setTimeout(resolve, 100)) }
    }
    assert.equal((await stat(tokenFile)).mode & 0o777, 0o600, 'token file is private')
    assert.equal((await readFile(tokenFile, 'utf8')).trim(), token)
    assert.ok(!owner.stderr.join('\n').includes(token), 'the token is never logged')

    other.send('/join estate')
    await other.waitFor(e => e.type === 'record' && e.room === 'estate' && e.owner === ownerReady.peer, 'heir to learn the owner')
    await owner.waitFor(e => (e.type === 'join' || e.type === 'member') && e.peer === otherReady.peer, 'founder to see heir')
    await other.waitFor(e => (e.type === 'join' || e.type === 'member') && e.peer === ownerReady.peer, 'heir to see founder')

    // without the right: a clear error
    let from = other.events.length
    other.send('/kick founder')
    const refused = await other.waitFor(e => e.type === 'error', 'an error for kicking the owner', 10_000, from)
    assert.match(String(refused.message), /owner/)
    from = other.events.length
    other.send('/admin founder')
    assert.match(String((await other.waitFor(e => e.type === 'error', 'an error for /admin', 10_000, from)).message), /only the owner/)

    // reclaim with the token, from another identity
    other.send(`/reclaim ${token}`)
    const fresh = await other.waitFor(e => e.type === 'token' && e.reclaimed === true, 'a fresh token for the new owner')
    assert.notEqual(fresh.token, token)
    await owner.waitFor(e => e.type === 'record' && e.ownerChanged === true && e.owner === otherReady.peer, 'the founder to see the new owner')

    // the old owner lost every power; the spent token is refused
    from = owner.events.length
    owner.send('/admin heir')
    assert.match(String((await owner.waitFor(e => e.type === 'error', 'the old owner is refused', 10_000, from)).message), /only the owner/)
    from = owner.events.length
    owner.send(`/reclaim ${token}`)
    assert.match(String((await owner.waitFor(e => e.type === 'error', 'the spent token is refused', 10_000, from)).message), /spent|token/i)

    from = other.events.length
    other.send('/info')
    const info = await other.waitFor(e => e.type === 'info', '/info', 10_000, from)
    assert.equal(info.owner, otherReady.peer)
    assert.equal(info.reclaims, 1)
  })
})
