import { networkInterfaces } from 'node:os'
import { createLibp2p } from 'libp2p'
import { MemoryDatastore } from 'datastore-core'
import { RateLimitedDatastore } from './rate-limited-datastore.js'
import { tcp } from '@libp2p/tcp'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { identify } from '@libp2p/identify'
import { ping } from '@libp2p/ping'
import { kadDHT, passthroughMapper, removePrivateAddressesMapper } from '@libp2p/kad-dht'
import { gossipsub } from '@libp2p/gossipsub'
import type { GossipSub } from '@libp2p/gossipsub'
import type { KadDHT } from '@libp2p/kad-dht'
import type { Identify } from '@libp2p/identify'
import type { Ping } from '@libp2p/ping'
import type { Libp2p } from '@libp2p/interface'
import { DHT_PROTOCOL, MAX_CLOCK_SKEW_MS, MAX_MESSAGE_AGE_MS, ROOM_KEY_NAMESPACE } from '../protocol/constants.js'
import { validateRoomRecord } from '../protocol/room-record-validator.js'
import { selectRoomRecord } from '../protocol/room-record-selector.js'
import { OPERATOR_KEY_NAMESPACE, selectOperatorBanList, validateOperatorBanList } from '../protocol/operator-validator.js'
import { NICK_KEY_NAMESPACE, selectNickClaim, validateNickClaim } from '../protocol/nick-claim.js'
import type { NodeConfig } from './config.js'

/** The services every CryptiComm node runs. */
export type CryptiServices = {
  identify: Identify
  ping: Ping
  dht: KadDHT
  pubsub: GossipSub
}

/** A libp2p node configured for CryptiComm. */
export type CryptiNode = Libp2p<CryptiServices>

const LOOPBACK_IPS = ['127.0.0.1', '::1']

/**
 * This machine's own addresses: loopback and every interface's. Peers on the
 * same host reach each other through any of them (a DHT record may well name
 * the LAN address), so on a local network all of them get the loopback
 * exemption from the per-IP limits.
 */
export function ownIps (): string[] {
  const ips = new Set(LOOPBACK_IPS)
  for (const addrs of Object.values(networkInterfaces())) {
    for (const a of addrs ?? []) {
      ips.add(a.address)
    }
  }
  return [...ips]
}

function ipToNet (ip: string): string {
  return ip.includes(':') ? `/ip6/${ip}/ipcidr/128` : `/ip4/${ip}/ipcidr/32`
}

/** Concurrent ping streams per connection, each way. */
export const PING_MAX_STREAMS = 4

/** Default connection ceiling of a node. */
export const DEFAULT_MAX_CONNECTIONS = 300

/**
 * Build (and start) a libp2p node from a config object: TCP + Noise + yamux,
 * identify, ping, the private Kademlia DHT on {@link DHT_PROTOCOL} and
 * gossipsub with strict signing and peer scoring.
 */
export async function createCryptiNode (config: NodeConfig): Promise<CryptiNode> {
  const lan = (config.network ?? 'lan') === 'lan'
  const sameHost = lan ? ownIps() : []
  return createLibp2p({
    privateKey: config.privateKey,
    // DHT records from other peers are stored no faster than a limit
    datastore: new RateLimitedDatastore(config.datastore ?? new MemoryDatastore()),
    addresses: { listen: config.listen },
    nodeInfo: config.agentVersion != null ? { userAgent: config.agentVersion } : undefined,
    connectionGater: {
      // operator bans: refuse the peer whichever side dials
      denyDialPeer: async (peer) => config.isDenied?.(peer.toString()) ?? false,
      denyInboundEncryptedConnection: async (peer) => config.isDenied?.(peer.toString()) ?? false,
      denyOutboundEncryptedConnection: async (peer) => config.isDenied?.(peer.toString()) ?? false
    },
    transports: [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    connectionManager: {
      maxConnections: config.maxConnections ?? DEFAULT_MAX_CONNECTIONS,
      // on a local network many peers share this host's addresses: exempt
      // them from the per-host inbound rate limit; public networks keep it
      allow: lan ? ['/ip4/127.0.0.0/ipcidr/8', ...sameHost.map(ipToNet)] : []
    },
    services: {
      identify: identify(),
      // libp2p's connection monitor and kad-dht both ping through this service;
      // with the default of one outbound ping stream per connection their pings
      // collide, the monitor's fails, and it aborts a healthy connection
      ping: ping({ maxOutboundStreams: PING_MAX_STREAMS, maxInboundStreams: PING_MAX_STREAMS }),
      dht: kadDHT({
        protocol: DHT_PROTOCOL,
        clientMode: false,
        peerInfoMapper: lan ? passthroughMapper : removePrivateAddressesMapper,
        // CryptiComm's signed records; kad-dht picks them by the key's first path segment
        validators: { [ROOM_KEY_NAMESPACE]: validateRoomRecord, [OPERATOR_KEY_NAMESPACE]: validateOperatorBanList, [NICK_KEY_NAMESPACE]: validateNickClaim, ...config.validators },
        selectors: { [ROOM_KEY_NAMESPACE]: selectRoomRecord, [OPERATOR_KEY_NAMESPACE]: selectOperatorBanList, [NICK_KEY_NAMESPACE]: selectNickClaim, ...config.selectors },
        allowQueryWithZeroPeers: true
      }),
      pubsub: gossipsub({
        emitSelf: false,
        allowPublishToZeroTopicPeers: true,
        floodPublish: true,
        doPX: config.doPX ?? false,
        // remember message ids for as long as a message's send time is
        // acceptable, so a replayed message is a duplicate, never news
        seenTTL: MAX_MESSAGE_AGE_MS + MAX_CLOCK_SKEW_MS,
        scoreParams: {
          // many local peers share this host's IPs; public networks keep the penalty
          IPColocationFactorWhitelist: new Set(sameHost)
        }
      })
    }
  })
}
