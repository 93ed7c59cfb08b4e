import assert from 'node:assert/strict'
import { afterEach, before, describe, it } from 'node:test'
import { multiaddr } from '@multiformats/multiaddr'
import { generateKeyPairFromSeed } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import type { ChatClient } from '../../src/chat/chat-client.js'
import { OperatorService } from '../../src/chat/operator.js'
import type { CryptiNode } from '../../src/node/create-node.js'
import { NotOperatorError } from '../../src/protocol/operator-errors.js'
import type { OperatorBan, OperatorBanList } from '../../src/protocol/operator-record.js'
import { CONSOLE_COMMANDS, formatConsoleEvent, runConsoleLine } from '../../bootstrap/console.js'
import type { ConsoleContext, ConsoleEvent, UserEntry } from '../../bootstrap/console.js'
import { startPeer, stopPeers, waitFor } from '../utils/peers.js'
import type { TestPeer } from '../utils/peers.js'

const NOW = 1_750_000_000_000

/** Commands other than `list users` and the operator's never touch the node. */
const noNode = {} as unknown as CryptiNode
const noChat = {} as unknown as ChatClient

async function run (line: string): Promise<ConsoleEvent | undefined> {
  return runConsoleLine(line, { node: noNode, chat: noChat }, NOW)
}

async function peerFromSeed (n: number): Promise<string> {
  return peerIdFromPrivateKey(await generateKeyPairFromSeed('Ed25519', new Uint8Array(32).fill(n))).toString()
}

/** What the fake operator service was asked to do. */
type Call = [string, ...unknown[]]

/**
 * A console context with a stub node, chat and operator: the directory lists
 * `members`, `nicks` are nicks heard in rooms, and the operator records calls.
 */
function fakeContext (members: Array<{ peer: string, nick: string }>, nicks: Map<string, string> = new Map(), refuse?: Error): { ctx: ConsoleContext, calls: Call[] } {
  const calls: Call[] = []
  let seq = 4n
  let bans: OperatorBan[] = []
  const list = (): OperatorBanList => ({ seq, bans } as unknown as OperatorBanList)
  const act = async <T> (call: Call, result: () => T): Promise<T> => {
    calls.push(call)
    if (refuse != null) {
      throw refuse
    }
    return result()
  }
  const operator = {
    announce: async (text: string) => act(['announce', text], () => ({ text, issuedAtMs: NOW })),
    ban: async (peer: string, reason: string) => act(['ban', peer, reason], () => { seq++; bans = [...bans, { peer, reason, atMs: NOW }]; return list() }),
    unban: async (peer: string) => act(['unban', peer], () => { seq++; bans = bans.filter(b => b.peer !== peer); return list() }),
    kick: async (peer: string, reason: string) => act(['kick', peer, reason], () => ({ untilMs: NOW + 600_000 })),
    bans: () => bans,
    banList: () => list()
  } as unknown as OperatorService
  const chat = {
    listDirectoryMembers: () => members.map(m => ({ ...m, rooms: ['lobby'], lastHeardMs: NOW })),
    nickOf: (peer: string) => nicks.get(peer)
  } as unknown as ChatClient
  const node = { getConnections: () => [] } as unknown as CryptiNode
  return { ctx: { node, chat, operator }, calls }
}

describe('bootstrap console', () => {
  describe('runConsoleLine', () => {
    it('ignores an empty line', async () => {
      assert.equal(await run(''), undefined)
      assert.equal(await run('   \t '), undefined)
    })

    it('answers an unknown command with a one-line error naming it', async () => {
      const event = await run('frobnicate now')
      assert.equal(event?.type, 'error')
      const lines = formatConsoleEvent(event as ConsoleEvent)
      assert.equal(lines.length, 1)
      assert.match(lines[0], /^error: unknown command "frobnicate now": type help for the list$/)
    })

    it('quotes at most 40 characters of an unknown command', async () => {
      const event = await run(`x${'y'.repeat(100)}`)
      assert.ok(event?.type === 'error')
      assert.ok(event.message.includes(`"x${'y'.repeat(39)}"`), event.message)
      assert.ok(!event.message.includes('y'.repeat(40)))
    })

    it('help lists every console command', async () => {
      for (const line of ['help', 'HELP', ' ? ']) {
        const event = await run(line)
        assert.ok(event?.type === 'help', line)
        assert.deepEqual(event.commands, CONSOLE_COMMANDS)
        assert.equal(event.time, NOW)
      }
      const lines = formatConsoleEvent(await run('help') as ConsoleEvent)
      assert.equal(lines[0], 'commands:')
      assert.equal(lines.length, CONSOLE_COMMANDS.length + 1)
      for (const usage of ['list users', 'announce MESSAGE', 'ban NICK|PEERID [REASON]', 'unban NICK|PEERID', 'bans', 'kick NICK|PEERID [REASON]', 'help', 'quit']) {
        assert.ok(lines.some(l => l.trimStart().startsWith(usage)), usage)
      }
    })

    it('quit (or exit) says bye', async () => {
      for (const line of ['quit', 'exit', 'QUIT ']) {
        assert.deepEqual(await run(line), { type: 'quit', time: NOW }, line)
      }
      assert.deepEqual(formatConsoleEvent({ type: 'quit', time: NOW }), ['bye'])
    })

    it('does not take a command with extra words for another', async () => {
      assert.equal((await run('quit now'))?.type, 'error')
      assert.equal((await run('help me'))?.type, 'error')
      assert.equal((await run('list'))?.type, 'error')
    })
  })

  describe('operator commands', () => {
    let alice: string
    let bob1: string
    let bob2: string
    let carol: string

    before(async () => {
      [alice, bob1, bob2, carol] = await Promise.all([1, 2, 3, 4].map(peerFromSeed))
    })

    function errorLine (event: ConsoleEvent | undefined): string {
      assert.equal(event?.type, 'error', JSON.stringify(event))
      const lines = formatConsoleEvent(event as ConsoleEvent)
      assert.equal(lines.length, 1, 'one line')
      return lines[0]
    }

    it('answer with a one-line error on a node without an operator service', async () => {
      for (const line of ['announce hi', 'ban alice', 'unban alice', 'bans', 'kick alice']) {
        assert.match(errorLine(await run(line)), /^error: \w+: this node runs no operator service$/, line)
      }
    })

    it('announce sends the message as typed (case and inner spaces kept)', async () => {
      const { ctx, calls } = fakeContext([])
      const event = await runConsoleLine('ANNOUNCE  Server   restart at 22:00 UTC ', ctx, NOW)
      assert.deepEqual(calls, [['announce', 'Server   restart at 22:00 UTC']])
      assert.deepEqual(event, { type: 'announced', text: 'Server   restart at 22:00 UTC', time: NOW })
      assert.deepEqual(formatConsoleEvent(event as ConsoleEvent), ['announced: Server   restart at 22:00 UTC'])
      assert.equal(errorLine(await runConsoleLine('announce', ctx, NOW)), 'error: usage: announce MESSAGE')
    })

    it('ban resolves a nick (any case) and passes the reason as typed', async () => {
      const { ctx, calls } = fakeContext([{ peer: alice, nick: 'alice' }, { peer: carol, nick: 'carol' }])
      const event = await runConsoleLine('ban Alice Spamming #lobby, again', ctx, NOW)
      assert.deepEqual(calls, [['ban', alice, 'Spamming #lobby, again']])
      assert.deepEqual(event, { type: 'banned', peer: alice, nick: 'alice', reason: 'Spamming #lobby, again', seq: 5, time: NOW })
      assert.deepEqual(formatConsoleEvent(event as ConsoleEvent), [`banned alice (${alice}) from the network: Spamming #lobby, again (ban list #5)`])
    })

    it('ban takes a peer id as it is, known or not', async () => {
      const { ctx, calls } = fakeContext([])
      const event = await runConsoleLine(`ban ${carol}`, ctx, NOW)
      assert.deepEqual(calls, [['ban', carol, '']])
      assert.deepEqual(event, { type: 'banned', peer: carol, nick: null, reason: '', seq: 5, time: NOW })
      assert.deepEqual(formatConsoleEvent(event as ConsoleEvent), [`banned ${carol} from the network (ban list #5)`])
    })

    it('an ambiguous nick lists the candidates with their peer ids, on one line, and does nothing', async () => {
      const { ctx, calls } = fakeContext([{ peer: bob1, nick: 'bob' }, { peer: bob2, nick: 'bob' }, { peer: alice, nick: 'alice' }])
      for (const line of ['ban bob', 'kick BOB too loud', 'unban bob']) {
        const text = errorLine(await runConsoleLine(line, ctx, NOW))
        assert.ok(text.includes('ambiguous'), text)
        const [first, second] = [bob1, bob2].sort()
        assert.ok(text.includes(`bob ${first}, bob ${second}`), text)
        assert.ok(text.includes('give the peer id'), text)
      }
      assert.deepEqual(calls, [])
    })

    it('an unknown nick is a one-line error, quoted safely', async () => {
      const { ctx, calls } = fakeContext([{ peer: alice, nick: 'alice' }])
      assert.match(errorLine(await runConsoleLine('kick mallory', ctx, NOW)), /^error: nobody called "mallory" is known: list users shows who is online, or give a peer id$/)
      assert.match(errorLine(await runConsoleLine('ban m\u001b[2Jx', ctx, NOW)), /"m\?\[2Jx"/)
      assert.deepEqual(calls, [])
    })

    it('unban finds a banned peer by the nick last heard, once it is gone from the user list', async () => {
      const { ctx, calls } = fakeContext([{ peer: alice, nick: 'alice' }], new Map([[carol, 'carol']]))
      await runConsoleLine(`ban ${carol} flooding`, ctx, NOW)
      const event = await runConsoleLine('unban carol', ctx, NOW)
      assert.deepEqual(calls, [['ban', carol, 'flooding'], ['unban', carol]])
      assert.deepEqual(event, { type: 'unbanned', peer: carol, nick: 'carol', seq: 6, time: NOW })
      assert.deepEqual(formatConsoleEvent(event as ConsoleEvent), [`unbanned carol (${carol}) (ban list #6)`])
      assert.equal(errorLine(await runConsoleLine('unban carol now', ctx, NOW)), 'error: usage: unban NICK|PEERID')
    })

    it('bans lists every ban with nick, peer, time and reason', async () => {
      const { ctx } = fakeContext([{ peer: alice, nick: 'alice' }])
      assert.deepEqual(formatConsoleEvent(await runConsoleLine('bans', ctx, NOW) as ConsoleEvent), ['no bans'])
      await runConsoleLine('ban alice spam', ctx, NOW)
      await runConsoleLine(`ban ${carol}`, ctx, NOW)
      const event = await runConsoleLine(' BANS ', ctx, NOW)
      assert.deepEqual(event, {
        type: 'bans',
        bans: [{ peer: alice, nick: 'alice', reason: 'spam', atMs: NOW }, { peer: carol, nick: null, reason: '', atMs: NOW }],
        seq: 6,
        time: NOW
      })
      const lines = formatConsoleEvent(event as ConsoleEvent)
      assert.equal(lines[0], '2 bans (ban list #6):')
      assert.match(lines[1], new RegExp(`^  alice\\s+${alice}  since 2025-06-15T15:06:40.000Z  spam$`))
      assert.match(lines[2], new RegExp(`^  \\?\\s+${carol}  since 2025-06-15T15:06:40.000Z$`))
      assert.equal(errorLine(await runConsoleLine('bans alice', ctx, NOW)), 'error: unknown command "bans alice": type help for the list')
    })

    it('kick names the target and when its cool-off ends', async () => {
      const { ctx, calls } = fakeContext([{ peer: alice, nick: 'alice' }])
      const event = await runConsoleLine('kick alice calm down', ctx, NOW)
      assert.deepEqual(calls, [['kick', alice, 'calm down']])
      assert.deepEqual(event, { type: 'kicked', peer: alice, nick: 'alice', reason: 'calm down', untilMs: NOW + 600_000, time: NOW })
      assert.deepEqual(formatConsoleEvent(event as ConsoleEvent), [`kicked alice (${alice}) until 2025-06-15T15:16:40.000Z: calm down`])
      assert.equal(errorLine(await runConsoleLine('kick', ctx, NOW)), 'error: usage: kick NICK|PEERID [REASON]')
    })

    it('a refused operator command is a one-line error naming the command', async () => {
      const { ctx } = fakeContext([{ peer: alice, nick: 'alice' }], new Map(), new NotOperatorError('only the operator (12D3…) can change the ban list'))
      assert.equal(errorLine(await runConsoleLine('ban alice', ctx, NOW)), 'error: ban: only the operator (12D3…) can change the ban list')
      assert.equal(errorLine(await runConsoleLine('announce hi', ctx, NOW)), 'error: announce: only the operator (12D3…) can change the ban list')
    })

    it('does not mistake object properties for commands', async () => {
      const { ctx } = fakeContext([])
      for (const line of ['constructor', 'toString x', '__proto__', 'hasOwnProperty']) {
        assert.match(errorLine(await runConsoleLine(line, ctx, NOW)), /^error: unknown command/, line)
      }
    })

    it('every result is plain JSON (JSON mode prints it as it is)', async () => {
      const { ctx } = fakeContext([{ peer: alice, nick: 'alice' }])
      for (const line of ['announce hi', 'ban alice x', 'bans', 'kick alice', 'unban alice']) {
        const event = await runConsoleLine(line, ctx, NOW)
        assert.deepEqual(JSON.parse(JSON.stringify(event)), event, line)
      }
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

      const users = async (): Promise<UserEntry[]> => {
        const event = await runConsoleLine('list users', { node: boot.node, chat: boot.chat }, Date.now())
        assert.ok(event?.type === 'users')
        return event.users
      }
      const find = async (peer: TestPeer): Promise<UserEntry | undefined> => (await users()).find(u => u.peer === peer.chat.peer)

      await waitFor(async () => await find(alice) != null && await find(bob) != null, 'the bootstrap to list both connections')
      for (const p of [alice, bob]) {
        const entry = await find(p)
        assert.ok(entry != null)
        assert.equal(entry.connected, true)
        assert.match(entry.address ?? '', /^\/ip4\/127\.0\.0\.1\/tcp\/\d+/)
      }

      await alice.chat.join('#Lobby')
      await bob.chat.join('lobby')
      await waitFor(() => alice.chat.members('lobby').length === 2 && bob.chat.members('lobby').length === 2, 'alice and bob to meet in #lobby')
      await waitFor(async () => {
        const listed = await users()
        return [alice, bob].every(p => {
          const entry = listed.find(u => u.peer === p.chat.peer)
          return entry?.nick === p.chat.nick && entry.rooms.includes('lobby')
        })
      }, 'a directory announcement naming both', 30_000)

      const listed = await users()
      assert.deepEqual(listed.map(u => u.peer).sort(), [alice.chat.peer, bob.chat.peer].sort(), 'exactly the two peers, not the bootstrap itself')
      assert.deepEqual(listed.map(u => u.nick), ['alice', 'bob'], 'sorted by nick')
      for (const entry of listed) {
        assert.deepEqual(entry.rooms, ['lobby'])
        assert.equal(entry.connected, true)
        assert.ok(entry.address != null)
      }

      const lines = formatConsoleEvent(await runConsoleLine('LIST  USERS', { node: boot.node, chat: boot.chat }, Date.now()) as ConsoleEvent)
      assert.equal(lines[0], '2 users:')
      for (const [i, p] of [alice, bob].entries()) {
        const row = lines[i + 1]
        assert.ok(row.includes(p.chat.nick) && row.includes(p.chat.peer) && row.includes('#lobby') && row.includes('/ip4/127.0.0.1/tcp/'), row)
        assert.match(row, /now$/)
      }
    })
  })
  describe('operator commands with real peers', () => {
    let peers: TestPeer[] = []
    let services: OperatorService[] = []

    afterEach(async () => {
      await Promise.all(services.map(async s => s.stop()))
      await stopPeers(...peers)
      peers = []
      services = []
    })

    it('announce reaches a peer; ban by nick tells it; bans lists it; unban by nick after it is gone', async () => {
      const boot = await startPeer('boot')
      const alice = await startPeer('alice')
      peers = [boot, alice]
      const operator = new OperatorService(boot.node, { operator: boot.chat.peer, privateKey: boot.key })
      const follower = new OperatorService(alice.node, { operator: boot.chat.peer, privateKey: alice.key })
      services = [operator, follower]
      await operator.start()
      await follower.start()
      await alice.node.dial(multiaddr(boot.addr))
      await boot.chat.join('lobby')
      await alice.chat.join('lobby')
      await waitFor(() => boot.chat.nickOf(alice.chat.peer) === 'alice', 'the bootstrap to hear alice\'s nick')
      await waitFor(() => boot.node.services.pubsub.getSubscribers('crypticomm/operator').length === 1, 'alice on the operator topic')
      const ctx: ConsoleContext = { node: boot.node, chat: boot.chat, operator }
      const heard: string[] = []
      follower.addEventListener('announcement', (evt) => { heard.push(evt.detail.text) })
      const banned: string[] = []
      follower.addEventListener('banned', (evt) => { banned.push(evt.detail.reason) })

      assert.equal((await runConsoleLine('announce Welcome to CryptiComm', ctx, Date.now()))?.type, 'announced')
      await waitFor(() => heard.includes('Welcome to CryptiComm'), 'alice to see the announcement')

      const ban = await runConsoleLine('ban alice being rude', ctx, Date.now())
      assert.ok(ban?.type === 'banned', JSON.stringify(ban))
      assert.equal(ban.peer, alice.chat.peer)
      assert.equal(ban.nick, 'alice')
      assert.equal(ban.seq, 1)
      await waitFor(() => banned.includes('being rude'), 'alice to be told she is banned')

      const list = await runConsoleLine('bans', ctx, Date.now())
      assert.ok(list?.type === 'bans')
      assert.deepEqual(list.bans.map(b => [b.nick, b.peer, b.reason]), [['alice', alice.chat.peer, 'being rude']])

      await waitFor(() => boot.node.getConnections(alice.node.peerId).length === 0, 'the operator to hang up on alice')
      const unban = await runConsoleLine('unban ALICE', ctx, Date.now())
      assert.ok(unban?.type === 'unbanned', JSON.stringify(unban))
      assert.equal(unban.peer, alice.chat.peer)
      assert.equal(unban.seq, 2)
      assert.deepEqual(operator.bans(), [])
    })
  })
})
