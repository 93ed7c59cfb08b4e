import { generateKeyPair } from '@libp2p/crypto/keys'
import type { PrivateKey } from '@libp2p/interface'
import type { Datastore } from 'interface-datastore'
import { createCryptiNode } from '../../src/node/create-node.js'
import type { CryptiNode } from '../../src/node/create-node.js'
import { ChatClient } from '../../src/chat/chat-client.js'
import type { ChatEvents } from '../../src/chat/events.js'

/** A started node and its chat client, for multi-node tests. */
export interface TestPeer {
  node: CryptiNode
  chat: ChatClient
  /** the node's first loopback multiaddr, with /p2p/ */
  addr: string
  /** the node's identity key */
  key: PrivateKey
}

/** Start a real CryptiComm peer listening on loopback TCP. */
export async function startPeer (nick: string, options: { noDirectory?: boolean, privateKey?: PrivateKey, datastore?: Datastore } = {}): Promise<TestPeer> {
  const privateKey = options.privateKey ?? await generateKeyPair('Ed25519')
  const node = await createCryptiNode({
    privateKey,
    listen: ['/ip4/127.0.0.1/tcp/0'],
    network: 'lan'
  })
  const chat = new ChatClient(node, { nick, privateKey, noDirectory: options.noDirectory, datastore: options.datastore })
  chat.start()
  const addr = node.getMultiaddrs()[0].toString()
  return { node, chat, addr, key: privateKey }
}

/** Stop peers, ignoring ones already stopped. */
export async function stopPeers (...peers: TestPeer[]): Promise<void> {
  await Promise.all(peers.map(async p => {
    await p.chat.stop().catch(() => {})
    try {
      await p.node.stop()
    } catch {
      // already stopped
    }
  }))
}

/** Resolve when `check` returns true; reject with `what` after `timeoutMs`. */
export async function waitFor (check: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (await check()) {
      return
    }
    await new Promise(resolve => setTimeout(resolve, 50))
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
}

/** Collect every event of one type a chat client emits. */
export function collect<K extends keyof ChatEvents> (chat: ChatClient, type: K): Array<ChatEvents[K]['detail']> {
  const seen: Array<ChatEvents[K]['detail']> = []
  chat.addEventListener(type, (evt) => { seen.push((evt as ChatEvents[K]).detail) })
  return seen
}
