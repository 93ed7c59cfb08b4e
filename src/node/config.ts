import type { PrivateKey } from '@libp2p/interface'
import type { Datastore } from 'interface-datastore'
import type { Selectors, Validators } from '@libp2p/kad-dht'

/**
 * Which addresses the node trusts for routing:
 * - `lan`: loopback and private addresses are kept in the DHT, and loopback
 *   peers are exempt from the per-IP penalties (local networks, tests);
 * - `wan`: only public addresses are routed and every per-IP limit applies.
 */
export type NetworkMode = 'lan' | 'wan'

/** Everything {@link createCryptiNode} needs to build a node. */
export interface NodeConfig {
  /** The node's identity (Ed25519). */
  privateKey: PrivateKey
  /** Multiaddrs to listen on, e.g. `/ip4/0.0.0.0/tcp/0`. */
  listen: string[]
  /** Address policy; default `lan`. */
  network?: NetworkMode
  /** Where the peer store and DHT records live; in memory when omitted. */
  datastore?: Datastore
  /** Emit peer exchange on prune (set on bootstrap nodes). Default false. */
  doPX?: boolean
  /** Extra DHT record validators, keyed by namespace. */
  validators?: Validators
  /** Extra DHT record selectors, keyed by namespace. */
  selectors?: Selectors
  /** Agent version announced through identify. */
  agentVersion?: string
  /** Most open connections; default 300. */
  maxConnections?: number
  /**
   * Peers refused by the connection gater (operator bans): checked on every
   * inbound and outbound connection. Default: nobody.
   */
  isDenied?: (peer: string) => boolean
}
