import { describe, it, after } from 'node:test'
import assert from 'node:assert/strict'
import { readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { PEER_BIN, startCli, removeDirs } from '../utils/processes.js'
import type { CliProcess } from '../utils/processes.js'

describe('crash safety: kill -9 right after a room is created', () => {
  const all: CliProcess[] = []
  after(async () => {
    await Promise.all(all.map(async p => p.kill()))
    await removeDirs(...new Set(all.map(p => p.dataDir)))
  })

  it('loses neither the identity, nor the reclaim token, nor the ownership of the room', async () => {
    const founder = await startCli(PEER_BIN, ['--nick', 'founder'])
    all.push(founder)
    const ready = await founder.waitFor(e => e.type === 'ready', 'ready')
    founder.send('/join #vault')
    const shown = await founder.waitFor(e => e.type === 'token', 'the token is shown')
    // no grace at all: the moment the user has seen the token
    await founder.kill('SIGKILL')

    const tokenFile = join(founder.dataDir, 'tokens', 'vault.token')
    assert.equal((await readFile(tokenFile, 'utf8')).trim(), shown.token, 'the token shown is the token kept')
    assert.equal((await stat(tokenFile)).mode & 0o777, 0o600)
    assert.equal((await stat(join(founder.dataDir, 'identity.key'))).mode & 0o777, 0o600)

    const again = await startCli(PEER_BIN, [], founder.dataDir)
    all.push(again)
    assert.equal((await again.waitFor(e => e.type === 'ready', 'ready again')).peer, ready.peer, 'same identity')
    again.send('/join vault')
    await again.waitFor(e => e.type === 'joined' && e.room === 'vault', 'joined again')
    let info
    for (let i = 0; i < 40 && info == null; i++) {
      const from = again.events.length
      again.send('/info')
      const answer = await again.waitFor(e => e.type === 'info' || e.type === 'error', '/info', 10_000, from)
      if (answer.type === 'info') {
        info = answer
      } else {
        await new Promise(resolve => setTimeout(resolve, 250))
      }
    }
    assert.ok(info, '/info answers from the pinned record')
    assert.equal(info.owner, ready.peer, 'still the owner after the crash')
  })
})
