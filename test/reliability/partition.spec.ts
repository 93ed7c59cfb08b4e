import { describe, it, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { PEER_BIN, startCli, removeDirs } from '../utils/processes.js'
import type { CliProcess, JsonEvent } from '../utils/processes.js'

const isMessage = (text: string) => (e: JsonEvent): boolean => e.type === 'message' && e.self === false && e.text === text

function ip (...args: string[]): void {
  execFileSync('ip', args, { stdio: 'pipe' })
}

/** Network namespaces: two bridges (one per side) joined by a veth link that the test cuts and heals. */
class Testbed {
  readonly tag = randomBytes(3).toString('hex')
  readonly hub = `cch-${this.tag}`
  readonly peers: string[] = []
  readonly subnet = `10.${200 + (parseInt(this.tag.slice(0, 2), 16) % 50)}.${parseInt(this.tag.slice(2, 4), 16)}`

  setup (count: number): void {
    ip('netns', 'add', this.hub)
    ip('-n', this.hub, 'link', 'set', 'lo', 'up')
    for (const br of ['br1', 'br2']) {
      ip('-n', this.hub, 'link', 'add', br, 'type', 'bridge')
      ip('-n', this.hub, 'link', 'set', br, 'up')
    }
    ip('-n', this.hub, 'link', 'add', 'j1', 'type', 'veth', 'peer', 'name', 'j2')
    ip('-n', this.hub, 'link', 'set', 'j1', 'master', 'br1')
    ip('-n', this.hub, 'link', 'set', 'j2', 'master', 'br2')
    ip('-n', this.hub, 'link', 'set', 'j1', 'up')
    ip('-n', this.hub, 'link', 'set', 'j2', 'up')
    for (let i = 0; i < count; i++) {
      const ns = `ccp${i}-${this.tag}`
      this.peers.push(ns)
      ip('netns', 'add', ns)
      ip('-n', ns, 'link', 'set', 'lo', 'up')
      ip('link', 'add', `cc${i}a${this.tag}`, 'netns', ns, 'type', 'veth', 'peer', 'name', `cc${i}b`, 'netns', this.hub)
      ip('-n', ns, 'link', 'set', `cc${i}a${this.tag}`, 'name', 'eth0')
      ip('-n', ns, 'addr', 'add', `${this.subnet}.${i + 1}/24`, 'dev', 'eth0')
      ip('-n', ns, 'link', 'set', 'eth0', 'up')
      ip('-n', this.hub, 'link', 'set', `cc${i}b`, 'master', i < count / 2 ? 'br1' : 'br2')
      ip('-n', this.hub, 'link', 'set', `cc${i}b`, 'up')
    }
  }

  /** Cut (or heal) the link between the two halves. */
  split (cut: boolean): void {
    ip('-n', this.hub, 'link', 'set', 'j1', cut ? 'down' : 'up')
  }

  teardown (): void {
    for (const ns of [...this.peers, this.hub]) {
      try {
        ip('netns', 'del', ns)
      } catch {
        // already gone
      }
    }
  }
}

/** Poll `/info split` until the room's topic is `topic` (90 s at most). */
async function topicReaches (p: CliProcess, topic: string, what: string): Promise<void> {
  for (let i = 0; i < 90; i++) {
    const from = p.events.length
    p.send('/info split')
    const info = await p.waitFor(e => e.type === 'info' || e.type === 'error', '/info', 10_000, from)
    if (info.type === 'info' && (info.settings as { topic: string }).topic === topic) {
      return
    }
    await new Promise(resolve => setTimeout(resolve, 1000))
  }
  assert.fail(`timed out: ${what}`)
}

/** How long the network stays split after the changes on each side. */
const SPLIT_HOLD_MS = 30_000

function canUseNetns (): boolean {
  const probe = `ccprobe-${randomBytes(3).toString('hex')}`
  try {
    ip('netns', 'add', probe)
    ip('netns', 'del', probe)
    return true
  } catch {
    return false
  }
}

const netns = canUseNetns()

describe('partition and heal (peers in network namespaces)', { skip: netns ? false : 'this machine does not allow creating network namespaces (needs root and iproute2)' }, () => {
  const bed = new Testbed()
  const all: CliProcess[] = []
  before(() => { bed.setup(4) })
  after(async () => {
    await Promise.all(all.map(async p => p.kill()))
    await removeDirs(...new Set(all.map(p => p.dataDir)))
    bed.teardown()
  })

  it('both halves keep chatting, and after the heal every peer holds the newest room record', async () => {
    const start = async (i: number, nick: string, bootstrap?: string): Promise<CliProcess> => {
      const p = await startCli(PEER_BIN, ['--nick', nick, ...(bootstrap != null ? ['--bootstrap', bootstrap] : [])], undefined, ['ip', 'netns', 'exec', bed.peers[i]])
      all.push(p)
      await p.waitFor(e => e.type === 'ready', `${nick} ready`)
      return p
    }
    const addrOf = (p: CliProcess): string => (p.events.find(e => e.type === 'ready')?.addrs as string[]).find(a => a.startsWith(`/ip4/${bed.subnet}.`)) as string
    const peerOf = (p: CliProcess): string => p.events.find(e => e.type === 'ready')?.peer as string
    const owner = await start(0, 'owner')
    owner.send('/join split')
    await owner.waitFor(e => e.type === 'token', 'the room is created')
    const a1 = await start(1, 'a1', addrOf(owner))
    const b0 = await start(2, 'b0', addrOf(owner))
    const b1 = await start(3, 'b1', addrOf(owner))
    const everyone = [owner, a1, b0, b1]
    for (const p of [a1, b0, b1]) {
      p.send('/join split')
    }
    for (const p of everyone) {
      for (const o of everyone.filter(o => o !== p)) {
        await p.waitFor(e => (e.type === 'join' || e.type === 'member') && e.peer === peerOf(o), 'everyone sees everyone', 60_000)
      }
    }
    owner.send('/admin b0')
    await b0.waitFor(e => e.type === 'record' && (e.admins as string[]).includes(peerOf(b0)), 'b0 is an admin')

    bed.split(true)
    // both halves keep chatting
    owner.send('side one still talks')
    await a1.waitFor(isMessage('side one still talks'), 'side one chats during the partition')
    b1.send('side two still talks')
    await b0.waitFor(isMessage('side two still talks'), 'side two chats during the partition')
    // moderation on each side: the owner sets the topic and bans nobody's friend; the admin kicks on the other side
    owner.send('/set topic decided during the split')
    await topicReaches(a1, 'decided during the split', 'side one holds the new record')
    b0.send(`/kick ${peerOf(b1)} cool off`)
    await b1.waitFor(e => e.type === 'moderation' && e.self === true, 'b1 is kicked on side two')

    // hold the split long enough for the connections across it to be declared dead
    await new Promise(resolve => setTimeout(resolve, SPLIT_HOLD_MS))
    bed.split(false)
    const healedAt = Date.now()
    // every peer still in the room converges on the newest record (the one with
    // the topic); b1 was kicked on its side, so it has left the room
    await topicReaches(b0, 'decided during the split', 'the newest record reached the other side after the heal')
    const convergedMs = Date.now() - healedAt
    // and the room is one again
    owner.send('together again')
    await b0.waitFor(isMessage('together again'), 'side two hears side one after the heal', 60_000)
    process.stderr.write(`partition heal: newest record everywhere ${convergedMs} ms after the heal\n`)
  })
})
