/**
 * Baseline "bare gossipsub": a plain libp2p 3 node (TCP, Noise, yamux,
 * identify) with `@libp2p/gossipsub` at its stock settings and none of
 * CryptiComm's logic (no DHT, no validators, no presence, no protobuf payload:
 * the message data is the text). It speaks the CLI's JSON-lines contract.
 *
 * Only what loopback needs is changed from the defaults (DESIGN §1 facts 3, 4):
 * - gossipsub `scoreParams.IPColocationFactorWhitelist` holds 127.0.0.1 and ::1,
 *   otherwise past ~10 peers on one IP every peer scores below the threshold;
 * - the connection manager `allow`-lists loopback, otherwise the per-host
 *   inbound connection rate limit resets dials when many peers start at once.
 *
 * Usage:
 *   node dist/bench/bare-gossipsub-peer.js --hub
 *   node dist/bench/bare-gossipsub-peer.js --bootstrap ADDR [--connect ADDR,ADDR]
 */
import { createLibp2p } from 'libp2p'
import { tcp } from '@libp2p/tcp'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { identify } from '@libp2p/identify'
import { gossipsub } from '@libp2p/gossipsub'
import type { GossipSub, Message } from '@libp2p/gossipsub'
import { multiaddr } from '@multiformats/multiaddr'
import { createInterface } from 'node:readline'

function arg (name: string): string | undefined {
  const i = process.argv.indexOf(name)
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : undefined
}

function emit (event: Record<string, unknown>): void {
  process.stdout.write(JSON.stringify(event) + '\n')
}

const hub = process.argv.includes('--hub')
const nick = arg('--nick') ?? (hub ? 'hub' : `bare-${process.pid}`)
const dialTargets = [arg('--bootstrap'), ...(arg('--connect') ?? '').split(',')].filter((a): a is string => a != null && a.length > 0)

const node = await createLibp2p({
  addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] },
  transports: [tcp()],
  connectionEncrypters: [noise()],
  streamMuxers: [yamux()],
  connectionManager: { allow: ['/ip4/127.0.0.0/ipcidr/8', '/ip6/::1/ipcidr/128'] },
  services: {
    identify: identify(),
    pubsub: gossipsub({
      scoreParams: { IPColocationFactorWhitelist: new Set(['127.0.0.1', '::1']) }
    })
  }
})
const pubsub = node.services.pubsub as GossipSub
const topicPrefix = 'bench/room/'
let topic: string | undefined
const encoder = new TextEncoder()
const decoder = new TextDecoder()

pubsub.addEventListener('message', (evt: CustomEvent<Message>) => {
  const msg = evt.detail
  if (msg.topic !== topic) {
    return
  }
  const peer = msg.type === 'signed' ? msg.from.toString() : ''
  emit({ type: 'message', room: topic.slice(topicPrefix.length), nick: peer.slice(-6), peer, text: decoder.decode(msg.data), time: 0, self: false })
})

emit({ type: 'ready', peer: node.peerId.toString(), nick, addrs: node.getMultiaddrs().map(a => a.toString()) })

for (const target of dialTargets) {
  node.dial(multiaddr(target)).catch(err => {
    emit({ type: 'notice', message: `dial ${target} failed: ${(err as Error).message}` })
  })
}

let stopping = false
async function stop (): Promise<void> {
  if (stopping) {
    return
  }
  stopping = true
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
    const room = line.slice(6).trim().replace(/^#/, '')
    topic = topicPrefix + room
    pubsub.subscribe(topic)
    emit({ type: 'joined', room })
  } else if (line.startsWith('/quit')) {
    void stop()
  } else if (topic != null && line.length > 0 && !hub) {
    const text = line
    pubsub.publish(topic, encoder.encode(text)).then(() => {
      emit({ type: 'message', room: topic?.slice(topicPrefix.length), nick, peer: node.peerId.toString(), text, time: Date.now(), self: true })
    }, err => {
      emit({ type: 'error', message: `publish failed: ${(err as Error).message}` })
    })
  }
}).on('close', () => { void stop() })
