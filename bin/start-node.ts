import { logger } from '@libp2p/logger'
import type { Datastore } from 'interface-datastore'
import { peerIdFromString } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import type { PrivateKey } from '@libp2p/interface'
import { createCryptiNode } from '../src/node/create-node.js'
import type { CryptiNode } from '../src/node/create-node.js'
import type { NetworkMode } from '../src/node/config.js'
import { ensureDataDir, loadKnownPeers, loadOrCreateIdentity, openDatastore, saveKnownPeers, MAX_KNOWN_PEERS } from './data-dir.js'
import type { KnownPeer } from './data-dir.js'

/** Options shared by the peer and the bootstrap node. */
export interface StartNodeOptions {
  dataDir: string
  port: number
  network: NetworkMode
  bootstrapNode?: boolean
  /** peers the connection gater refuses (operator bans and kicks) */
  isDenied?: (peer: string) => boolean
}

/** A node started from a data directory. */
export interface StartedNode {
  node: CryptiNode
  key: PrivateKey
  datastore: Datastore
  /** true when this run created the identity */
  created: boolean
  /** stop the node and close the datastore */
  stop: () => Promise<void>
}

/**
 * Open a data directory (identity, persistent peer store and DHT records) and
 * start a node listening on every interface at `port`.
 */
export async function startNode (options: StartNodeOptions): Promise<StartedNode> {
  await ensureDataDir(options.dataDir)
  const { key, created } = await loadOrCreateIdentity(options.dataDir)
  const store = await openDatastore(options.dataDir)
  const datastore = store.datastore
  const node = await createCryptiNode({
    privateKey: key,
    listen: [`/ip4/0.0.0.0/tcp/${options.port}`],
    network: options.network,
    datastore,
    doPX: options.bootstrapNode === true,
    isDenied: options.isDenied,
    agentVersion: options.bootstrapNode === true ? 'crypticomm-bootstrap/0.1.0' : 'crypticomm/0.1.0'
  })
  await rememberKnownPeers(node, await loadKnownPeers(options.dataDir))
  const log = logger('crypticomm:known-peers')
  const save = async (): Promise<void> => {
    await saveKnownPeers(options.dataDir, await knownPeers(node)).catch(err => { log.error('saving known peers failed: %e', err) })
  }
  const timer = setInterval(() => { void save() }, KNOWN_PEERS_SAVE_INTERVAL_MS)
  timer.unref()
  return {
    node,
    key,
    datastore,
    created,
    stop: async () => {
      clearInterval(timer)
      await save()
      await node.stop()
      await store.close()
    }
  }
}

/** How often the known peers are saved (they are saved on a clean stop too). */
export const KNOWN_PEERS_SAVE_INTERVAL_MS = 2 * 60_000

/** Put peers remembered from earlier runs in the peer store, so they can be dialled. */
async function rememberKnownPeers (node: CryptiNode, peers: KnownPeer[]): Promise<void> {
  for (const { peer, addrs } of peers) {
    try {
      const id = peerIdFromString(peer)
      if (!id.equals(node.peerId)) {
        await node.peerStore.merge(id, { multiaddrs: addrs.map(a => multiaddr(a)) })
      }
    } catch {
      // a damaged entry: skip it
    }
  }
}

/** The peers worth remembering: connected ones first, then others with addresses. */
async function knownPeers (node: CryptiNode): Promise<KnownPeer[]> {
  const connected = new Set(node.getConnections().map(c => c.remotePeer.toString()))
  const all = await node.peerStore.all({ filters: [(p) => p.addresses.length > 0 && !p.id.equals(node.peerId)] })
  return all
    .map(p => ({ peer: p.id.toString(), addrs: p.addresses.map(a => a.multiaddr.toString()).slice(0, 8) }))
    .sort((a, b) => Number(connected.has(b.peer)) - Number(connected.has(a.peer)))
    .slice(0, MAX_KNOWN_PEERS)
}

/** Keep a node alive through stray errors from the network: log them, never crash. */
export function logStrayErrors (component: string): void {
  const log = logger(component)
  process.on('unhandledRejection', (err) => { log.error('unhandled rejection: %e', err) })
  process.on('uncaughtException', (err) => { log.error('uncaught exception: %e', err) })
}

/** The node's addresses as strings, loopback last (others can reach the rest). */
export function printableAddrs (node: CryptiNode): string[] {
  const addrs = node.getMultiaddrs().map(a => a.toString())
  return [...addrs.filter(a => !a.startsWith('/ip4/127.')), ...addrs.filter(a => a.startsWith('/ip4/127.'))]
}
