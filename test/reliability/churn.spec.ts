import { describe, it, after } from 'node:test'
import assert from 'node:assert/strict'
import { BOOTSTRAP_BIN, PEER_BIN, startCli, removeDirs } from '../utils/processes.js'
import type { CliProcess, JsonEvent } from '../utils/processes.js'

const isMessage = (e: JsonEvent): boolean => e.type === 'message' && e.self === false

describe('churn: a third of the peers killed with SIGKILL and restarted while the others chat', () => {
  const all: CliProcess[] = []
  after(async () => {
    await Promise.all(all.map(async p => p.kill()))
    await removeDirs(...new Set(all.map(p => p.dataDir)))
  })

  it('delivers every message between peers that stayed up, and restarted peers come back into the room by themselves', async () => {
    const boot = await startCli(BOOTSTRAP_BIN, ['0'])
    all.push(boot)
    const bootAddr = await boot.loopbackAddr()
    const start = async (nick: string, dir?: string): Promise<CliProcess> => {
      const p = await startCli(PEER_BIN, ['--nick', nick, '--bootstrap', bootAddr], dir)
      all.push(p)
      await p.waitFor(e => e.type === 'ready', `${nick} ready`)
      return p
    }
    const stable = [await start('s0'), await start('s1'), await start('s2'), await start('s3')]
    let churning = [await start('c0'), await start('c1')]
    const peerOf = (p: CliProcess): string => p.events.find(e => e.type === 'ready')?.peer as string
    for (const p of [...stable, ...churning]) {
      p.send('/join churn')
      await p.waitFor(e => e.type === 'joined' && e.room === 'churn', 'joined')
    }
    for (const p of stable) {
      for (const o of stable.filter(o => o !== p)) {
        await p.waitFor(e => (e.type === 'join' || e.type === 'member') && e.peer === peerOf(o), 'stable peers see each other')
      }
    }

    const rounds = 2
    for (let round = 0; round < rounds; round++) {
      // kill the churning third without warning, chat meanwhile, bring them back
      await Promise.all(churning.map(async p => p.kill('SIGKILL')))
      for (const [i, p] of stable.entries()) {
        p.send(`round ${round} from s${i} while they were down`)
      }
      churning = await Promise.all(churning.map(async (p, i) => start(`c${i}`, p.dataDir)))
      for (const p of churning) {
        await p.waitFor(e => e.type === 'joined' && e.room === 'churn', 'a restarted peer rejoins #churn by itself')
      }
      for (const [i, p] of stable.entries()) {
        p.send(`round ${round} from s${i} after they came back`)
      }
      await new Promise(resolve => setTimeout(resolve, 1500))
    }

    for (const [i, p] of stable.entries()) {
      for (const [j] of stable.entries()) {
        if (j === i) {
          continue
        }
        for (let round = 0; round < rounds; round++) {
          for (const text of [`round ${round} from s${j} while they were down`, `round ${round} from s${j} after they came back`]) {
            await p.waitFor(e => isMessage(e) && e.text === text, `s${i} to receive "${text}"`, 30_000)
          }
        }
      }
      const texts = p.events.filter(isMessage).map(e => e.text as string).filter(t => t.startsWith('round'))
      assert.equal(new Set(texts).size, texts.length, 'each message exactly once')
    }
    // the restarted peers are members again: they hear the room
    stable[0].send('welcome back')
    for (const p of churning) {
      await p.waitFor(e => isMessage(e) && e.text === 'welcome back', 'a restarted peer hears the room')
    }
  })
})
