/**
 * DHT probe: two CryptiComm nodes (the project's `createCryptiNode`, `lan`
 * mode) join a running network, one puts `--count` records and the other gets
 * each of them back, timing every call.
 *
 * The records are public-key records (`/pk/<multihash>` → the protobuf public
 * key): every CryptiComm peer validates them with kad-dht's built-in `pk`
 * validator, so they are stored on and fetched from the real peers, the same
 * code path (closest-peer query, PUT_VALUE/GET_VALUE, validator, selector) a
 * room record takes. A bench namespace of our own would be rejected by peers
 * that do not know its validator.
 *
 * Usage: node dist/bench/dht-probe.js --connect ADDR[,ADDR...] [--count 50] [--deadline-seconds 90]
 * (after the deadline no new operation starts; each one may take 10 s at most)
 * Prints one JSON line `{"type":"result",...}`.
 */
import { generateKeyPair, publicKeyToProtobuf } from '@libp2p/crypto/keys'
import { multiaddr } from '@multiformats/multiaddr'
import { equals } from 'uint8arrays/equals'
import { concat } from 'uint8arrays/concat'
import { createCryptiNode } from '../src/node/create-node.js'
import type { CryptiNode } from '../src/node/create-node.js'

function arg (name: string): string | undefined {
  const i = process.argv.indexOf(name)
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : undefined
}

const count = Number(arg('--count') ?? 50)
const targets = (arg('--connect') ?? '').split(',').filter(a => a.length > 0)
const OP_TIMEOUT_MS = 10_000
const deadline = performance.now() + Number(arg('--deadline-seconds') ?? 90) * 1000

async function start (): Promise<CryptiNode> {
  const node = await createCryptiNode({
    privateKey: await generateKeyPair('Ed25519'),
    listen: ['/ip4/127.0.0.1/tcp/0'],
    network: 'lan'
  })
  await Promise.all(targets.map(async t => node.dial(multiaddr(t)).catch(() => {})))
  return node
}

const writer = await start()
const reader = await start()

// let the routing tables fill: a self-lookup of each probe node (not timed)
const warmStart = performance.now()
for (const node of [writer, reader]) {
  for await (const event of node.services.dht.getClosestPeers(node.peerId.toMultihash().bytes, { signal: AbortSignal.timeout(OP_TIMEOUT_MS) })) {
    void event // drain
  }
}
const warmupMs = performance.now() - warmStart
const connections = [writer.getPeers().length, reader.getPeers().length]

const put: number[] = []
const get: number[] = []
const replicas: number[] = []
let putErrors = 0
let getErrors = 0
const records: Array<{ key: Uint8Array, value: Uint8Array }> = []

for (let i = 0; i < count && performance.now() < deadline; i++) {
  const publicKey = (await generateKeyPair('Ed25519')).publicKey
  const key = concat([new TextEncoder().encode('/pk/'), publicKey.toMultihash().bytes])
  const value = publicKeyToProtobuf(publicKey)
  const t0 = performance.now()
  try {
    let stored = 0
    const signal = AbortSignal.timeout(OP_TIMEOUT_MS)
    for await (const event of writer.services.dht.put(key, value, { signal })) {
      if (event.name === 'PEER_RESPONSE' && event.messageName === 'PUT_VALUE') {
        stored++
      }
    }
    if (signal.aborted || stored === 0) {
      // a query cut short by the timeout may end without throwing
      throw new Error(stored === 0 ? 'stored nowhere' : 'timed out')
    }
    put.push(performance.now() - t0)
    replicas.push(stored)
    records.push({ key, value })
  } catch {
    putErrors++
  }
}

for (const { key, value } of records) {
  if (performance.now() > deadline) {
    break
  }
  const t0 = performance.now()
  try {
    const got = await reader.contentRouting.get(key, { signal: AbortSignal.timeout(OP_TIMEOUT_MS) })
    if (!equals(got, value)) {
      throw new Error('wrong value')
    }
    get.push(performance.now() - t0)
  } catch {
    getErrors++
  }
}

process.stdout.write(JSON.stringify({ type: 'result', put, get, putErrors, getErrors, replicas, warmupMs, connections }) + '\n')
await Promise.allSettled([writer.stop(), reader.stop()])
process.exit(0)
