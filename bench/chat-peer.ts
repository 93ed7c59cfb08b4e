/**
 * A development stand-in for the CryptiComm CLI: the project's node and chat
 * core (`createCryptiNode` + `ChatClient`) behind the CLI's JSON-lines
 * contract, without the terminal UI, identity files or datastore. Used only
 * with `npm run bench -- --crypti-impl lib`, e.g. to tell the cost of the CLI
 * layer apart from the cost of the chat core.
 *
 * Usage:
 *   node dist/bench/chat-peer.js --bootstrap-node
 *   node dist/bench/chat-peer.js --nick NAME --bootstrap ADDR
 */
import { generateKeyPair } from '@libp2p/crypto/keys'
import { multiaddr } from '@multiformats/multiaddr'
import { createInterface } from 'node:readline'
import { createCryptiNode } from '../src/node/create-node.js'
import { ChatClient } from '../src/chat/chat-client.js'

function arg (name: string): string | undefined {
  const i = process.argv.indexOf(name)
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : undefined
}

function emit (event: Record<string, unknown>): void {
  process.stdout.write(JSON.stringify(event) + '\n')
}

const isBootstrap = process.argv.includes('--bootstrap-node')
const nick = arg('--nick') ?? 'peer'
const bootstrap = arg('--bootstrap')

const privateKey = await generateKeyPair('Ed25519')
const node = await createCryptiNode({
  privateKey,
  listen: ['/ip4/127.0.0.1/tcp/0'],
  network: 'lan',
  doPX: isBootstrap
})
const chat = new ChatClient(node, { nick, privateKey })
if (!isBootstrap) {
  chat.start()
}
if (bootstrap != null) {
  await node.dial(multiaddr(bootstrap)).catch(err => {
    emit({ type: 'error', message: `bootstrap dial failed: ${(err as Error).message}` })
  })
}
emit({ type: 'ready', peer: node.peerId.toString(), nick, addrs: node.getMultiaddrs().map(a => a.toString()) })

chat.addEventListener('message', evt => { emit({ type: 'message', ...evt.detail }) })
chat.addEventListener('join', evt => { emit({ type: 'join', ...evt.detail }) })
chat.addEventListener('member', evt => { emit({ type: 'member', ...evt.detail }) })

let current: string | undefined
let stopping = false
async function stop (): Promise<void> {
  if (stopping) {
    return
  }
  stopping = true
  await chat.stop().catch(() => {})
  try {
    await node.stop()
  } catch {
    // already stopped
  }
  process.exit(0)
}
process.on('SIGTERM', () => { void stop() })

createInterface({ input: process.stdin }).on('line', line => {
  if (line.startsWith('/join ')) {
    chat.join(line.slice(6)).then(room => {
      current = room
      emit({ type: 'joined', room })
    }, err => { emit({ type: 'error', message: (err as Error).message }) })
  } else if (line.startsWith('/quit')) {
    void stop()
  } else if (current != null && line.length > 0) {
    chat.send(current, line).catch(err => { emit({ type: 'error', message: (err as Error).message }) })
  }
}).on('close', () => { void stop() })
