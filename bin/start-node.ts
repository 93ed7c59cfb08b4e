import { logger } from '@libp2p/logger'
import type { FsDatastore } from 'datastore-fs'
import type { PrivateKey } from '@libp2p/interface'
import { createCryptiNode } from '../src/node/create-node.js'
import type { CryptiNode } from '../src/node/create-node.js'
import type { NetworkMode } from '../src/node/config.js'
import { ensureDataDir, loadOrCreateIdentity, openDatastore } from './data-dir.js'

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
  datastore: FsDatastore
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
  const datastore = await openDatastore(options.dataDir)
  const node = await createCryptiNode({
    privateKey: key,
    listen: [`/ip4/0.0.0.0/tcp/${options.port}`],
    network: options.network,
    datastore,
    doPX: options.bootstrapNode === true,
    isDenied: options.isDenied,
    agentVersion: options.bootstrapNode === true ? 'crypticomm-bootstrap/0.1.0' : 'crypticomm/0.1.0'
  })
  return {
    node,
    key,
    datastore,
    created,
    stop: async () => {
      await node.stop()
      await datastore.close()
    }
  }
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
