import assert from 'node:assert/strict'
import { afterEach, describe, it } from 'node:test'
import { multiaddr } from '@multiformats/multiaddr'
import type { ChatClient } from '../../src/chat/chat-client.js'
import type { CryptiNode } from '../../src/node/create-node.js'
import { CONSOLE_COMMANDS, formatConsoleEvent, runConsoleLine } from '../../bootstrap/console.js'
import type { ConsoleEvent, UserEntry } from '../../bootstrap/console.js'
import { startPeer, stopPeers, waitFor } from '../utils/peers.js'
import type { TestPeer } from '../utils/peers.js'

const NOW = 1_750_000_000_000

/** Commands other than `list users` never touch the node. */
const noNode = {} as unknown as CryptiNode
const noChat = {} as unknown as ChatClient

function run (line: string): ConsoleEvent | undefined {
  return runConsoleLine(line, noNode, noChat, NOW)
}

describe('bootstrap console', () => {
  describe('runConsoleLine', () => {
    it('ignores an empty line', () => {
      assert.equal(run(''), undefined)
      assert.equal(run('   \t '), undefined)
    })

    it('answers an unknown command with a one-line error naming it', () => {
      const event = run('frobnicate now')
      assert.equal(event?.type, 'error')
      const lines = formatConsoleEvent(event as ConsoleEvent)
      assert.equal(lines.length, 1)
      assert.match(lines[0], /^error: unknown command "frobnicate now": type help for the list$/)
    })

    it('quotes at most 40 characters of an unknown command', () => {
      const event = run(`x${'y'.repeat(100)}`)
      assert.ok(event?.type === 'error')
      assert.ok(event.message.includes(`"x${'y'.repeat(39)}"`), event.message)
      assert.ok(!event.message.includes('y'.repeat(40)))
    })

    it('help lists every console command', () => {
      for (const line of ['help', 'HELP', ' ? ']) {
        const event = run(line)
        assert.ok(event?.type === 'help', line)
        assert.deepEqual(event.commands, CONSOLE_COMMANDS)
        assert.equal(event.time, NOW)
      }
      const lines = formatConsoleEvent(run('help') as ConsoleEvent)
      assert.equal(lines[0], 'commands:')
      for (const usage of ['list users', 'help', 'quit']) {
        assert.ok(lines.some(l => l.trimStart().startsWith(usage)), usage)
      }
    })

    it('quit (or exit) says bye', () => {
      for (const line of ['quit', 'exit', 'QUIT ']) {
        assert.deepEqual(run(line), { type: 'quit', time: NOW }, line)
      }
      assert.deepEqual(formatConsoleEvent({ type: 'quit', time: NOW }), ['bye'])
    })

    it('does not take a command with extra words for another', () => {
      assert.equal(run('quit now')?.type, 'error')
      assert.equal(run('help me')?.type, 'error')
      assert.equal(run('list')?.type, 'error')
    })
  })

  describe('formatConsoleEvent', () => {
    it('says when no users are known', () => {
      assert.deepEqual(formatConsoleEvent({ type: 'users', users: [], time: NOW }), ['no users known yet'])
    })

    it('prints one row per user with nick, peer, rooms, address and when last seen', () => {
      const users: UserEntry[] = [
        { nick: 'alice', peer: 'PEER-A', rooms: ['dev', 'general'], address: '/ip4/192.0.2.1/tcp/4001', connected: true, lastSeen: NOW },
        { nick: null, peer: 'PEER-B', rooms: [], address: null, connected: false, lastSeen: NOW - 42_400 }
      ]
      const lines = formatConsoleEvent({ type: 'users', users, time: NOW })
      assert.equal(lines.length, 3)
      assert.equal(lines[0], '2 users:')
      assert.match(lines[1], /alice\s+PEER-A\s+#dev,#general\s+\/ip4\/192\.0\.2\.1\/tcp\/4001\s+now$/)
      assert.match(lines[2], /\?\s+PEER-B\s+-\s+\(not connected\)\s+42s ago$/)
      assert.equal(formatConsoleEvent({ type: 'users', users: users.slice(0, 1), time: NOW })[0], '1 user:')
    })

    it('prints notices and errors as one line each', () => {
      assert.deepEqual(formatConsoleEvent({ type: 'notice', message: 'hello', time: NOW }), ['hello'])
      assert.deepEqual(formatConsoleEvent({ type: 'error', message: 'oops', time: NOW }), ['error: oops'])
    })
  })

  describe('list users with real peers', () => {
    let peers: TestPeer[] = []

    afterEach(async () => {
      await stopPeers(...peers)
      peers = []
    })

    it('names every connected peer with its address and, once the directory announces them, their nick and room', async () => {
      const boot = await startPeer('boot')
      const alice = await startPeer('alice')
      const bob = await startPeer('bob')
      peers = [boot, alice, bob]
      await alice.node.dial(multiaddr(boot.addr))
      await bob.node.dial(multiaddr(boot.addr))

      const users = (): UserEntry[] => {
        const event = runConsoleLine('list users', boot.node, boot.chat, Date.now())
        assert.ok(event?.type === 'users')
        return event.users
      }
      const find = (peer: TestPeer): UserEntry | undefined => users().find(u => u.peer === peer.chat.peer)

      await waitFor(() => find(alice) != null && find(bob) != null, 'the bootstrap to list both connections')
      for (const p of [alice, bob]) {
        const entry = find(p)
        assert.ok(entry != null)
        assert.equal(entry.connected, true)
        assert.match(entry.address ?? '', /^\/ip4\/127\.0\.0\.1\/tcp\/\d+/)
      }

      await alice.chat.join('#Lobby')
      await bob.chat.join('lobby')
      await waitFor(() => alice.chat.members('lobby').length === 2 && bob.chat.members('lobby').length === 2, 'alice and bob to meet in #lobby')
      await waitFor(() => [alice, bob].every(p => {
        const entry = find(p)
        return entry?.nick === p.chat.nick && entry.rooms.includes('lobby')
      }), 'a directory announcement naming both', 30_000)

      const listed = users()
      assert.deepEqual(listed.map(u => u.peer).sort(), [alice.chat.peer, bob.chat.peer].sort(), 'exactly the two peers, not the bootstrap itself')
      assert.deepEqual(listed.map(u => u.nick), ['alice', 'bob'], 'sorted by nick')
      for (const entry of listed) {
        assert.deepEqual(entry.rooms, ['lobby'])
        assert.equal(entry.connected, true)
        assert.ok(entry.address != null)
      }

      const lines = formatConsoleEvent(runConsoleLine('LIST  USERS', boot.node, boot.chat, Date.now()) as ConsoleEvent)
      assert.equal(lines[0], '2 users:')
      for (const [i, p] of [alice, bob].entries()) {
        const row = lines[i + 1]
        assert.ok(row.includes(p.chat.nick) && row.includes(p.chat.peer) && row.includes('#lobby') && row.includes('/ip4/127.0.0.1/tcp/'), row)
        assert.match(row, /now$/)
      }
    })
  })
})
