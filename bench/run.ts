/**
 * `npm run bench`: CryptiComm's mesh against two baselines, in one run, on
 * this machine. See bench/README.md and BENCHMARKS.md.
 *
 * Every system is driven the same way, through the CLI's JSON-lines contract
 * (a `ready` line, `/join ROOM`, plain text lines, `message` events):
 * - crypticomm:    dist/bootstrap/crypticomm-bootstrap.js + N × dist/bin/crypticomm.js
 * - bareGossipsub: N × bench/bare-gossipsub-peer (stock gossipsub, one hub to dial)
 * - centralRelay:  bench/relay-server + N × bench/relay-client
 * Every peer is a separate process; nothing runs concurrently across systems.
 */
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync, readFileSync } from 'node:fs'
import { cpus, loadavg, totalmem } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { setTimeout as sleep } from 'node:timers/promises'
import { LineChild, installCleanupHandlers, killAllChildren } from './child.js'
import type { ChildEvent } from './child.js'
import { cpuTimeMs, memoryMb, mean, median, nowMs, round, summarise } from './stats.js'
import type { Percentiles } from './stats.js'
import { latencyCdfSvg } from './svg-chart.js'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
/** Where the children's code is: a private copy of dist/ made at start (see main). */
let DIST = join(ROOT, 'dist')
const RESULTS = join(ROOT, 'bench', 'results')

/** The three systems under test. */
type SystemId = 'crypticomm' | 'bareGossipsub' | 'centralRelay'

const SYSTEM_LABELS: Record<SystemId, string> = {
  crypticomm: 'CryptiComm',
  bareGossipsub: 'bare gossipsub',
  centralRelay: 'central relay'
}

const SYSTEM_COLOURS: Record<SystemId, string> = {
  crypticomm: '#d62728',
  bareGossipsub: '#1f77b4',
  centralRelay: '#2ca02c'
}

/** Command-line options. */
interface Options {
  peers: number
  rate: number
  seconds: number
  size: number
  quick: boolean
  json: boolean
  systems: SystemId[]
  cryptiImpl: 'cli' | 'lib'
  concurrency: number
  idleSeconds: number
  settleSeconds: number
  joinLeadSeconds: number
  lateJoinTimeoutSeconds: number
  meshTimeoutSeconds: number
  drainSeconds: number
  dhtCount: number
  lateJoiners: number
  room: string
  keepTmp: boolean
  dataRoot?: string
  trace: boolean
  cpuProf: boolean
  save?: string
  perPeerLimit: number
  argv: string[]
}

const HELP = `usage: npm run bench -- [options]

  --peers N            peers per system (default 20; --quick 6)
  --rate R             total messages per second, round-robin over the peers (default 20; --quick 5)
  --seconds S          measured publishing time (default 30; --quick 10)
  --size B             message text size in bytes (default 1024, at most 2048)
  --quick              small run (6 peers, 5 msg/s, 10 s) that finishes in under 2 minutes
  --json               print one JSON object as the last line of stdout
  --systems LIST       comma list of crypticomm,bare,relay (default all three)
  --crypti-impl cli|lib  drive the real CLI (default) or bench/chat-peer (chat core without the CLI)
  --concurrency C      peers started at once (default 2)
  --join-lead S        peer0 joins (creates the room) S seconds before the others (default 0: all at once)
  --settle-seconds S   wait after the mesh formed, before measuring (default 10; --quick 3)
  --idle-seconds S     idle window, measured 2 s after the publishing ends (default 10; --quick 3)
  --mesh-timeout S     longest wait for every peer to hear every other (default 30 + peers)
  --drain-seconds S    wait after the last publish for stragglers (default 10; --quick 5)
  --dht-count N        DHT puts and gets of the probe (default 50; --quick 20)
  --late-joiners N     peers joining the busy room after the measurement (default 2; --quick 1)
  --late-join-timeout S  how long a late joiner may take (default 15; --quick 8)
  --per-peer-limit R   room rate limit to warn about, msg/s per author (default 1)
  --save NAME          also write bench/results/NAME.md, NAME.svg and NAME.json
  --keep-tmp           keep data dirs and logs under bench/results/tmp/
  --data-root DIR      put the peers' data directories under DIR (e.g. /dev/shm) instead of bench/results/tmp/
  --trace              also log every event line of every child (implies --keep-tmp)
  --cpu-prof           run the hub and peer0 of each system under \`node --cpu-prof\` (implies --keep-tmp);
                       summarise with \`node dist/bench/profile-summary.js FILE.cpuprofile\`
`

function parseOptions (argv: string[]): Options {
  const get = (name: string): string | undefined => {
    const i = argv.indexOf(name)
    if (i < 0) {
      return undefined
    }
    if (i + 1 >= argv.length) {
      throw new Error(`${name} needs a value`)
    }
    return argv[i + 1]
  }
  const num = (name: string, fallback: number): number => {
    const v = get(name)
    if (v == null) {
      return fallback
    }
    const n = Number(v)
    if (!Number.isFinite(n) || n < 0) {
      throw new Error(`${name} must be a non-negative number (got ${v})`)
    }
    return n
  }
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(HELP)
    process.exit(0)
  }
  const quick = argv.includes('--quick')
  const peers = Math.round(num('--peers', quick ? 6 : 20))
  if (peers < 2) {
    throw new Error('--peers must be at least 2')
  }
  const size = Math.round(num('--size', 1024))
  if (size > 2048) {
    throw new Error('--size is at most 2048 (the CLI text limit)')
  }
  const systemsArg = (get('--systems') ?? 'crypticomm,bare,relay').split(',').map(s => s.trim())
  const systems = systemsArg.map((s): SystemId => {
    switch (s) {
      case 'crypticomm': return 'crypticomm'
      case 'bare': case 'bareGossipsub': return 'bareGossipsub'
      case 'relay': case 'centralRelay': return 'centralRelay'
      default: throw new Error(`unknown system ${s}: use crypticomm, bare, relay`)
    }
  })
  const impl = get('--crypti-impl') ?? 'cli'
  if (impl !== 'cli' && impl !== 'lib') {
    throw new Error('--crypti-impl is cli or lib')
  }
  return {
    peers,
    // --quick stays under the default room limit (1 msg/s per author, burst 5)
    rate: num('--rate', quick ? 5 : 20),
    seconds: num('--seconds', quick ? 10 : 30),
    size,
    quick,
    json: argv.includes('--json'),
    systems,
    cryptiImpl: impl,
    concurrency: Math.max(1, Math.round(num('--concurrency', 2))),
    idleSeconds: num('--idle-seconds', quick ? 3 : 10),
    settleSeconds: num('--settle-seconds', quick ? 3 : 10),
    joinLeadSeconds: num('--join-lead', 0),
    lateJoinTimeoutSeconds: num('--late-join-timeout', quick ? 8 : 15),
    meshTimeoutSeconds: num('--mesh-timeout', 30 + peers),
    drainSeconds: num('--drain-seconds', quick ? 5 : 10),
    dhtCount: Math.round(num('--dht-count', quick ? 20 : 50)),
    lateJoiners: Math.round(num('--late-joiners', quick ? 1 : 2)),
    room: get('--room') ?? 'bench',
    keepTmp: argv.includes('--keep-tmp') || argv.includes('--trace') || argv.includes('--cpu-prof'),
    dataRoot: get('--data-root'),
    trace: argv.includes('--trace'),
    cpuProf: argv.includes('--cpu-prof'),
    save: get('--save'),
    perPeerLimit: num('--per-peer-limit', 1),
    argv
  }
}

/** DHT latencies measured by the probe, ms. */
interface DhtResult {
  putP50: number
  putP99: number
  getP50: number
  getP99: number
  puts: number
  gets: number
  putErrors: number
  getErrors: number
  replicasP50: number
  method: string
}

/** Everything measured for one system. */
interface SystemResult {
  system: SystemId
  label: string
  ok: boolean
  error?: string
  peers: number
  deliveryRatio: number
  delivered: number
  expected: number
  duplicates: number
  published: number
  latencyMs: Percentiles
  cpuMsPerDelivered: number
  cpuMsPerDeliveredNetOfIdle: number
  cpuMsTotal: number
  cpuCoresBusy: number
  idleCpuMsPerPeerPerSecond: number
  rssMbPerPeer: number
  rssPeakMbPerPeer: number
  hubRssMb: number
  startToReadyMs: number
  startToReadyMaxMs: number
  lateStartToReadyMs: number
  joinToFirstMessageMs: number
  joinToFirstMessageSamplesMs: number[]
  lateJoinToDeliveredMs: number
  lateFirstMessageReach: number
  initialJoinToFirstMessageMs: number
  initialJoinToFirstMessageMaxMs: number
  meshFormedMs: number
  meshPairsHeard: number
  sendLagP99Ms: number
  peerErrors: number
  refusedBySender: number
  deliveryRatioOfSent: number
  errorMessages: Record<string, number>
  dht?: DhtResult
  latencies: number[]
}

interface Peer {
  index: number
  child: LineChild
  startToReadyMs?: number
  joinSentAt?: number
  joinedAt?: number
  firstMessageAt?: number
  lastWarmSentAt?: number
  warmEchoed: boolean
}

interface SystemSpec {
  id: SystemId
  /** what the hub's stdin takes to stop it */
  hubQuit?: string
  hubArgs: (dir: string) => string[]
  peerArgs: (index: number, dir: string, hubAddr: string, others: string[]) => string[]
  /** random already-running peers each new peer dials (bare gossipsub only) */
  extraDials: number
}

function script (path: string): string {
  return join(DIST, path)
}

function systemSpec (id: SystemId, o: Options): SystemSpec {
  switch (id) {
    case 'crypticomm':
      if (o.cryptiImpl === 'lib') {
        return {
          id,
          extraDials: 0,
          hubArgs: () => [script('bench/chat-peer.js'), '--bootstrap-node'],
          peerArgs: (i, _dir, hub) => [script('bench/chat-peer.js'), '--nick', `peer${i}`, '--bootstrap', hub]
        }
      }
      return {
        id,
        extraDials: 0,
        hubQuit: 'quit',
        hubArgs: dir => [script('bootstrap/crypticomm-bootstrap.js'), '0', '--data', dir, '--json'],
        peerArgs: (i, dir, hub) => [script('bin/crypticomm.js'), '--json', '--nick', `peer${i}`, '--data', dir, '--port', '0', '--bootstrap', hub]
      }
    case 'bareGossipsub':
      return {
        id,
        extraDials: 3,
        hubArgs: () => [script('bench/bare-gossipsub-peer.js'), '--hub'],
        peerArgs: (i, _dir, hub, others) => [script('bench/bare-gossipsub-peer.js'), '--nick', `peer${i}`, '--bootstrap', hub,
          ...(others.length > 0 ? ['--connect', others.join(',')] : [])]
      }
    case 'centralRelay':
      return {
        id,
        extraDials: 0,
        hubArgs: () => [script('bench/relay-server.js')],
        peerArgs: (i, _dir, hub) => [script('bench/relay-client.js'), '--server', hub, '--nick', `peer${i}`]
      }
  }
}

/** The Node binary for children: ours when it is ≥ 22, else the pinned one. */
function nodeBinary (): string {
  const major = Number(process.versions.node.split('.')[0])
  if (major >= 22) {
    return process.execPath
  }
  const pinned = join(ROOT, 'node_modules', '.bin', 'node')
  if (existsSync(pinned)) {
    return pinned
  }
  throw new Error(`Node ${process.versions.node} cannot run libp2p 3; install the pinned node@24 (npm ci)`)
}

const benchStart = nowMs()
let quietProgress = false

function progress (text: string): void {
  if (!quietProgress) {
    console.error(`[bench ${((nowMs() - benchStart) / 1000).toFixed(1).padStart(6)} s] ${text}`)
  }
}

function childEnv (): NodeJS.ProcessEnv {
  const env = { ...process.env }
  delete env.DEBUG
  delete env.NODE_OPTIONS
  return env
}

function loopbackAddr (addrs: string[]): string {
  return addrs.find(a => a.includes('127.0.0.1')) ?? addrs[0]
}

/** Text of a bench message of `size` bytes: `KIND INDEX SENDTIME xxxx…`. */
function benchText (kind: string, index: number, size: number): { text: string, sentAt: number } {
  const sentAt = nowMs()
  const head = `${kind} ${index} ${sentAt.toFixed(3)} `
  return { text: head.length >= size ? head.trimEnd() : head + 'x'.repeat(size - head.length), sentAt }
}

function parseBenchText (text: string): { kind: string, index: number, sentAt: number } | undefined {
  const a = text.indexOf(' ')
  const b = text.indexOf(' ', a + 1)
  if (a < 0 || b < 0) {
    return undefined
  }
  const c = text.indexOf(' ', b + 1)
  const index = Number(text.slice(a + 1, b))
  const sentAt = Number(text.slice(b + 1, c < 0 ? undefined : c))
  if (!Number.isFinite(index) || !Number.isFinite(sentAt)) {
    return undefined
  }
  return { kind: text.slice(0, a), index, sentAt }
}

/** Run `fn(k)` for k = 0… at `rate` per second until `count` calls or `stop()`. */
async function paced (rate: number, count: number, fn: (k: number) => void, stop?: () => boolean): Promise<number[]> {
  const lags: number[] = []
  const start = nowMs()
  const interval = 1000 / rate
  for (let k = 0; k < count && stop?.() !== true; k++) {
    const due = start + k * interval
    const wait = due - nowMs()
    if (wait > 1) {
      await sleep(wait)
    }
    lags.push(Math.max(0, nowMs() - due))
    fn(k)
  }
  return lags
}

function snapshotCpu (pids: number[]): number {
  let total = 0
  for (const pid of pids) {
    total += cpuTimeMs(pid) ?? 0
  }
  return total
}

async function runSystem (id: SystemId, o: Options, runDir: string, dataDir: string): Promise<SystemResult> {
  const spec = systemSpec(id, o)
  const label = SYSTEM_LABELS[id]
  const dir = join(dataDir, id)
  const logs = join(runDir, id, 'logs')
  mkdirSync(logs, { recursive: true })
  const node = nodeBinary()
  const n = o.peers
  const result: SystemResult = {
    system: id,
    label,
    ok: false,
    peers: n,
    deliveryRatio: Number.NaN,
    delivered: 0,
    expected: 0,
    duplicates: 0,
    published: 0,
    latencyMs: summarise([]),
    cpuMsPerDelivered: Number.NaN,
    cpuMsPerDeliveredNetOfIdle: Number.NaN,
    cpuMsTotal: Number.NaN,
    cpuCoresBusy: Number.NaN,
    idleCpuMsPerPeerPerSecond: Number.NaN,
    rssMbPerPeer: Number.NaN,
    rssPeakMbPerPeer: Number.NaN,
    hubRssMb: Number.NaN,
    startToReadyMs: Number.NaN,
    startToReadyMaxMs: Number.NaN,
    lateStartToReadyMs: Number.NaN,
    joinToFirstMessageMs: Number.NaN,
    joinToFirstMessageSamplesMs: [],
    lateJoinToDeliveredMs: Number.NaN,
    lateFirstMessageReach: Number.NaN,
    initialJoinToFirstMessageMs: Number.NaN,
    initialJoinToFirstMessageMaxMs: Number.NaN,
    meshFormedMs: Number.NaN,
    meshPairsHeard: 0,
    sendLagP99Ms: Number.NaN,
    peerErrors: 0,
    refusedBySender: 0,
    deliveryRatioOfSent: Number.NaN,
    errorMessages: {},
    latencies: []
  }
  const children: LineChild[] = []
  const spawnChild = (name: string, args: string[], quitCommand?: string): LineChild => {
    if (o.cpuProf && (name === 'hub' || name === 'peer0')) {
      args = ['--cpu-prof', '--cpu-prof-dir', join(runDir, id, 'profiles'), '--cpu-prof-name', `${name}.cpuprofile`, ...args]
    }
    const child = new LineChild({ name, command: node, args, env: childEnv(), cwd: ROOT, logFile: join(logs, `${name}.log`), trace: o.trace, quitCommand })
    children.push(child)
    return child
  }

  // --- state shared by the event handlers --------------------------------
  const totalMessages = Math.round(o.rate * o.seconds)
  const heard = new Uint8Array(n * n) // heard[receiver * n + sender]: a warm-up arrived
  const delivered = new Uint8Array(totalMessages * n) // delivered[k * n + receiver]
  const latencies: number[] = []
  let measuring = false
  let deliveredCount = 0
  let duplicates = 0
  let lastDeliveryAt = 0
  const lateDelivered = new Map<number, Map<number, number>>() // late joiner → receiver → bench time
  const peers: Peer[] = []

  const attach = (peer: Peer): void => {
    peer.child.on((event: ChildEvent, at: number) => {
      if (event.type === 'error') {
        result.peerErrors++
        if (measuring && /^slow down/.test(String(event.message))) {
          result.refusedBySender++
        }
        // group messages that differ only in ids, numbers and times
        const key = String(event.message).replace(/\/ip[46]\/[^\s:;,]+/g, '<addr>').replace(/12D3Koo\w+/g, '<peer>').replace(/\b\d[\d:.TZ-]*/g, '<n>')
        const seen = result.errorMessages[key] ?? 0
        result.errorMessages[key] = seen + 1
        if (seen === 0) {
          progress(`${label}: ${peer.child.name} error (first of its kind): ${String(event.message)}`)
        }
        peer.warmEchoed = true
        return
      }
      if (event.type !== 'message' || typeof event.text !== 'string') {
        return
      }
      const parsed = parseBenchText(event.text)
      if (event.self === true) {
        if (parsed?.kind === 'W') {
          peer.warmEchoed = true
        }
        return
      }
      if (peer.firstMessageAt == null) {
        peer.firstMessageAt = at
      }
      if (parsed == null) {
        return
      }
      switch (parsed.kind) {
        case 'W':
          if (parsed.index < n && peer.index < n) {
            heard[peer.index * n + parsed.index] = 1
          }
          break
        case 'M': {
          if (!measuring || peer.index >= n || parsed.index >= totalMessages) {
            return
          }
          const slot = parsed.index * n + peer.index
          if (delivered[slot] === 1) {
            duplicates++
            return
          }
          delivered[slot] = 1
          deliveredCount++
          lastDeliveryAt = at
          latencies.push(at - parsed.sentAt)
          break
        }
        case 'J': {
          const map = lateDelivered.get(parsed.index)
          if (map != null && peer.index < n && !map.has(peer.index)) {
            map.set(peer.index, at)
          }
          break
        }
        default:
      }
    })
  }

  try {
    // --- start ------------------------------------------------------------
    progress(`${label}: starting hub`)
    const hub = spawnChild('hub', spec.hubArgs(join(dir, 'hub')), spec.hubQuit)
    await hub.waitReady(60_000)
    const hubAddr = loopbackAddr(hub.addrs)
    progress(`${label}: hub ready in ${Math.round(hub.readyAt! - hub.spawnedAt)} ms at ${hubAddr}; starting ${n} peers, ${o.concurrency} at a time`)

    const readyAddrs: string[] = []
    const startPeer = async (index: number): Promise<Peer> => {
      const others = shuffle([...readyAddrs]).slice(0, spec.extraDials)
      const peerDir = join(dir, `peer${index}`)
      mkdirSync(peerDir, { recursive: true })
      const child = spawnChild(`peer${index}`, spec.peerArgs(index, peerDir, hubAddr, others))
      const peer: Peer = { index, child, warmEchoed: true }
      attach(peer)
      await child.waitReady(120_000)
      peer.startToReadyMs = child.readyAt! - child.spawnedAt
      if (child.addrs.length > 0) {
        readyAddrs.push(loopbackAddr(child.addrs))
      }
      return peer
    }
    peers.push(await startPeer(0))
    let next = 1
    await Promise.all(Array.from({ length: Math.min(o.concurrency, n - 1) }, async () => {
      while (next < n) {
        const index = next++
        peers[index] = await startPeer(index)
      }
    }))
    const readyTimes = peers.map(p => p.startToReadyMs ?? Number.NaN)
    result.startToReadyMs = round(median(readyTimes))
    result.startToReadyMaxMs = round(Math.max(...readyTimes))
    progress(`${label}: ${n} peers ready (start→ready p50 ${result.startToReadyMs} ms, max ${result.startToReadyMaxMs} ms)`)

    // --- join and form the mesh ------------------------------------------
    const firstJoinAt = nowMs()
    const joinPeer = async (peer: Peer): Promise<void> => {
      const joined = peer.child.waitFor(e => e.type === 'joined', 60_000, 'joined')
      peer.joinSentAt = peer.child.send(`/join ${o.room}`)
      peer.joinedAt = (await joined).at
    }
    if (o.joinLeadSeconds > 0) {
      await joinPeer(peers[0])
      await sleep(o.joinLeadSeconds * 1000)
    }
    await Promise.all(peers.filter(p => p.joinSentAt == null).map(joinPeer))
    progress(`${label}: all joined; waiting until every peer hears every other (timeout ${o.meshTimeoutSeconds} s)`)
    const pairsNeeded = n * (n - 1)
    const heardFrom = (sender: number): number => {
      let c = 0
      for (let r = 0; r < n; r++) {
        if (r !== sender && heard[r * n + sender] === 1) {
          c++
        }
      }
      return c
    }
    const meshDeadline = nowMs() + o.meshTimeoutSeconds * 1000
    // warm-ups add load while the room forms: at most ~5 msg/s in total
    const warmIntervalMs = Math.max(2000, n * 200)
    let pairs = 0
    while (nowMs() < meshDeadline) {
      pairs = 0
      const now = nowMs()
      for (const peer of peers) {
        const count = heardFrom(peer.index)
        pairs += count
        // resend a warm-up when not everyone heard us, at most every
        // warmIntervalMs, and only after the previous one went out (or 15 s
        // passed), so nothing queues
        const canSend = peer.lastWarmSentAt == null || (now - peer.lastWarmSentAt > warmIntervalMs && (peer.warmEchoed || now - peer.lastWarmSentAt > 15_000))
        if (count < n - 1 && canSend) {
          peer.warmEchoed = false
          peer.lastWarmSentAt = now
          peer.child.send(benchText('W', peer.index, 64).text)
        }
      }
      if (pairs === pairsNeeded) {
        break
      }
      await sleep(100)
    }
    result.meshPairsHeard = round(pairs / pairsNeeded, 4)
    result.meshFormedMs = pairs === pairsNeeded ? round(nowMs() - firstJoinAt) : Number.NaN
    const initialJoin = peers.filter(p => p.firstMessageAt != null && p.joinSentAt != null).map(p => p.firstMessageAt! - p.joinSentAt!)
    result.initialJoinToFirstMessageMs = round(median(initialJoin))
    result.initialJoinToFirstMessageMaxMs = round(initialJoin.length === n ? Math.max(...initialJoin) : Number.NaN)
    if (pairs === pairsNeeded) {
      progress(`${label}: mesh formed ${result.meshFormedMs} ms after the first /join`)
    } else {
      progress(`${label}: mesh NOT complete after ${o.meshTimeoutSeconds} s: ${(100 * result.meshPairsHeard).toFixed(1)}% of sender→receiver pairs heard; measuring anyway`)
    }
    await sleep(o.settleSeconds * 1000)

    const peerPids = peers.map(p => p.child.pid)
    const allPids = [hub.pid, ...peerPids]

    // --- measurement ------------------------------------------------------
    progress(`${label}: publishing ${totalMessages} messages of ${o.size} B at ${o.rate}/s for ${o.seconds} s`)
    measuring = true
    const cpuStart = snapshotCpu(allPids)
    const windowStart = nowMs()
    const lags = await paced(o.rate, totalMessages, k => {
      peers[k % n].child.send(benchText('M', k, o.size).text)
    })
    result.published = totalMessages
    const expected = totalMessages * (n - 1)
    const drainDeadline = nowMs() + o.drainSeconds * 1000
    while (deliveredCount < expected && nowMs() < drainDeadline) {
      await sleep(50)
    }
    const windowEnd = deliveredCount >= expected ? Math.max(lastDeliveryAt, nowMs() - 50) : nowMs()
    const cpuTotal = snapshotCpu(allPids) - cpuStart
    measuring = false
    const mem = peers.map(p => memoryMb(p.child.pid)).filter(m => m != null)
    result.rssMbPerPeer = round(mean(mem.map(m => m.rss)), 1)
    result.rssPeakMbPerPeer = round(mean(mem.map(m => m.peak)), 1)
    result.hubRssMb = round(memoryMb(hub.pid)?.rss ?? Number.NaN, 1)
    result.expected = expected
    result.delivered = deliveredCount
    result.duplicates = duplicates
    result.deliveryRatio = round(deliveredCount / expected, 4)
    result.deliveryRatioOfSent = round(deliveredCount / Math.max(1, (totalMessages - result.refusedBySender) * (n - 1)), 4)
    result.latencies = latencies
    result.latencyMs = summarise(latencies)
    result.cpuMsTotal = round(cpuTotal)
    result.cpuMsPerDelivered = deliveredCount === 0 ? Number.NaN : round(cpuTotal / deliveredCount, 3)
    result.cpuCoresBusy = round(cpuTotal / (windowEnd - windowStart), 2)
    result.sendLagP99Ms = summarise(lags).p99
    progress(`${label}: delivered ${(100 * result.deliveryRatio).toFixed(2)}%, p50 ${result.latencyMs.p50} ms, p99 ${result.latencyMs.p99} ms, ` +
      `${result.cpuMsPerDelivered} ms CPU/delivery, ${result.rssMbPerPeer} MB RSS/peer`)

    // --- idle cost, after the load (start-up work is over by now) ---------
    if (o.idleSeconds > 0) {
      await sleep(2000)
      const idlePeers = snapshotCpu(peerPids)
      const idleAll = snapshotCpu(allPids)
      const t0 = nowMs()
      await sleep(o.idleSeconds * 1000)
      const seconds = (nowMs() - t0) / 1000
      result.idleCpuMsPerPeerPerSecond = round((snapshotCpu(peerPids) - idlePeers) / n / seconds)
      const idleAllMsPerSecond = (snapshotCpu(allPids) - idleAll) / seconds
      const net = deliveredCount === 0 ? Number.NaN : (cpuTotal - idleAllMsPerSecond * (windowEnd - windowStart) / 1000) / deliveredCount
      // negative when the idle window was busier than the publishing one (start-up work still running)
      result.cpuMsPerDeliveredNetOfIdle = net > 0 ? round(net, 3) : Number.NaN
      progress(`${label}: idle ${result.idleCpuMsPerPeerPerSecond} ms CPU per peer per second; ${result.cpuMsPerDeliveredNetOfIdle} ms CPU per delivery net of idle`)
    }

    // --- late joiners: join the busy room ----------------------------------
    if (o.lateJoiners > 0) {
      let stopTail = false
      const tail = paced(o.rate, Number.MAX_SAFE_INTEGER, k => {
        peers[k % n].child.send(benchText('T', k, o.size).text)
      }, () => stopTail)
      const samples: number[] = []
      const delivers: number[] = []
      const reach: number[] = []
      const lateReady: number[] = []
      for (let j = 0; j < o.lateJoiners; j++) {
        const index = n + j
        try {
          await sleep(1000)
          const peer = await startPeer(index)
          peers[index] = peer
          lateReady.push(peer.startToReadyMs!)
          const receivers = new Map<number, number>()
          lateDelivered.set(j, receivers)
          const joined = peer.child.waitFor(e => e.type === 'joined', 30_000, 'joined')
          const joinAt = peer.child.send(`/join ${o.room}`)
          await joined
          peer.child.send(benchText('J', j, o.size).text)
          // a publish can fail while nobody knows our subscription yet (stock
          // gossipsub: NoPeersSubscribedToTopic); retry like a user would
          const offError = peer.child.on(event => {
            if (event.type === 'error' && receivers.size === 0) {
              setTimeout(() => { peer.child.send(benchText('J', j, o.size).text) }, 250)
            }
          })
          const deadline = nowMs() + o.lateJoinTimeoutSeconds * 1000
          while (nowMs() < deadline && (peer.firstMessageAt == null || receivers.size < n)) {
            await sleep(50)
          }
          offError()
          reach.push(receivers.size / n)
          if (peer.firstMessageAt != null) {
            samples.push(peer.firstMessageAt - joinAt)
          }
          if (receivers.size >= n) {
            delivers.push(Math.max(...receivers.values()) - joinAt)
          }
          progress(`${label}: late joiner ${j}: ready in ${Math.round(peer.startToReadyMs!)} ms, /join → first message ` +
            `${peer.firstMessageAt == null ? `none in ${o.lateJoinTimeoutSeconds} s` : `${Math.round(peer.firstMessageAt - joinAt)} ms`}, ` +
            `its first message reached ${receivers.size}/${n} members` + (receivers.size >= n ? ` ${Math.round(Math.max(...receivers.values()) - joinAt)} ms after /join` : ''))
        } catch (err) {
          progress(`${label}: late joiner ${j} failed: ${(err as Error).message}`)
        }
      }
      stopTail = true
      await tail
      result.joinToFirstMessageSamplesMs = samples.map(s => round(s))
      result.joinToFirstMessageMs = round(median(samples))
      result.lateJoinToDeliveredMs = round(median(delivers))
      result.lateFirstMessageReach = round(mean(reach), 3)
      result.lateStartToReadyMs = round(median(lateReady))
      await sleep(1000)
    }

    // --- DHT probe (CryptiComm only) -------------------------------------
    if (id === 'crypticomm' && o.dhtCount > 0) {
      progress(`${label}: DHT probe, ${o.dhtCount} puts and gets`)
      const connect = [hubAddr, ...shuffle([...readyAddrs]).slice(0, 3)]
      const probe = spawnChild('dht-probe', [script('bench/dht-probe.js'), '--count', String(o.dhtCount), '--deadline-seconds', '90', '--connect', connect.join(',')])
      const { event } = await probe.waitFor(e => e.type === 'result', 150_000, 'the DHT probe result')
      const put = (event.put as number[]) ?? []
      const get = (event.get as number[]) ?? []
      const replicas = (event.replicas as number[]) ?? []
      const ps = summarise(put)
      const gs = summarise(get)
      result.dht = {
        putP50: ps.p50,
        putP99: ps.p99,
        getP50: gs.p50,
        getP99: gs.p99,
        puts: put.length,
        gets: get.length,
        putErrors: Number(event.putErrors ?? 0),
        getErrors: Number(event.getErrors ?? 0),
        replicasP50: median(replicas),
        method: 'bench/dht-probe: 2 createCryptiNode nodes join the network; one puts /pk/ records, the other gets them (sequential, idle network)'
      }
      progress(`${label}: DHT put p50 ${ps.p50} ms p99 ${ps.p99} ms, get p50 ${gs.p50} ms p99 ${gs.p99} ms (${result.dht.putErrors + result.dht.getErrors} errors)`)
    }
    result.ok = true
  } catch (err) {
    result.error = (err as Error).message
    progress(`${label}: FAILED: ${result.error} (logs in ${logs})`)
  } finally {
    progress(`${label}: stopping ${children.length} processes`)
    await Promise.all(children.map(async c => c.stop()))
  }
  return result
}

function shuffle<T> (items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1))
    ;[items[i], items[j]] = [items[j], items[i]]
  }
  return items
}

// --- goals and reporting -------------------------------------------------

interface Goal {
  metric: string
  target: string
  met: (r: SystemResult) => boolean | undefined
}

function goalsFor (peers: number): Goal[] {
  const goals: Goal[] = [
    { metric: 'delivery', target: '100%', met: r => r.deliveryRatio >= 1 }
  ]
  // latency over a fraction of the deliveries says little: it counts only when ≥ 99% arrived
  const complete = (r: SystemResult): boolean => r.deliveryRatio >= 0.99
  if (peers <= 20) {
    goals.push({ metric: 'latency p50', target: '≤ 10 ms', met: r => complete(r) && r.latencyMs.p50 <= 10 })
    goals.push({ metric: 'latency p99', target: '≤ 100 ms', met: r => complete(r) && r.latencyMs.p99 <= 100 })
  } else {
    goals.push({ metric: 'latency p99', target: '≤ 500 ms', met: r => complete(r) && r.latencyMs.p99 <= 500 })
  }
  goals.push(
    { metric: 'CPU per delivered message', target: '≤ 1 ms', met: r => complete(r) && r.cpuMsPerDelivered <= 1 },
    { metric: 'RSS per peer', target: '≤ 100 MB', met: r => r.rssMbPerPeer <= 100 },
    { metric: 'DHT put p50 / p99', target: '≤ 50 / ≤ 250 ms', met: r => r.dht == null ? undefined : r.dht.putP50 <= 50 && r.dht.putP99 <= 250 },
    { metric: 'DHT get p50 / p99', target: '≤ 50 / ≤ 250 ms', met: r => r.dht == null ? undefined : r.dht.getP50 <= 50 && r.dht.getP99 <= 250 },
    { metric: '/join → first message', target: '≤ 2 s', met: r => Number.isNaN(r.joinToFirstMessageMs) ? undefined : r.joinToFirstMessageMs <= 2000 },
    { metric: 'start → ready', target: '≤ 1 s', met: r => r.startToReadyMs <= 1000 }
  )
  return goals
}

function fmt (value: number | undefined, unit = '', digits = 1): string {
  if (value == null || !Number.isFinite(value)) {
    return '–'
  }
  return `${value.toFixed(digits)}${unit}`
}

interface Row {
  metric: string
  values: string[]
  goal: string
}

function dhtCounts (done: number, errors: number, wanted: number): string {
  return done === wanted && errors === 0 ? '' : ` (${done} of ${wanted} done, ${errors} failed)`
}

function rows (results: SystemResult[], goals: Goal[], o: Options): Row[] {
  const goal = (metric: string): string => {
    const g = goals.find(x => x.metric === metric)
    if (g == null) {
      return ''
    }
    const crypti = results.find(r => r.system === 'crypticomm')
    const met = crypti == null || !crypti.ok ? undefined : g.met(crypti)
    return `${g.target}${met == null ? '' : met ? ' ✅' : ' ❌'}`
  }
  const row = (metric: string, f: (r: SystemResult) => string, goalName?: string): Row =>
    ({ metric, values: results.map(r => r.ok ? f(r) : (metric === 'delivered' ? `failed: ${r.error ?? ''}` : '–')), goal: goalName == null ? '' : goal(goalName) })
  return [
    row('delivered', r => `${fmt(100 * r.deliveryRatio, '%', 2)} (${r.delivered}/${r.expected})`, 'delivery'),
    row('latency p50', r => fmt(r.latencyMs.p50, ' ms', 1), 'latency p50'),
    row('latency p95', r => fmt(r.latencyMs.p95, ' ms', 1)),
    row('latency p99', r => fmt(r.latencyMs.p99, ' ms', 1), 'latency p99'),
    row('latency max', r => fmt(r.latencyMs.max, ' ms', 1)),
    row('CPU per delivered message', r => fmt(r.cpuMsPerDelivered, ' ms', 3), 'CPU per delivered message'),
    row('CPU per delivered message, net of idle cost', r => fmt(r.cpuMsPerDeliveredNetOfIdle, ' ms', 3)),
    row('CPU busy during publishing', r => fmt(r.cpuCoresBusy, ' cores', 2)),
    row('idle CPU per peer', r => fmt(r.idleCpuMsPerPeerPerSecond, ' ms/s', 2)),
    row('RSS per peer (end / peak)', r => `${fmt(r.rssMbPerPeer, ' MB')} / ${fmt(r.rssPeakMbPerPeer, ' MB')}`, 'RSS per peer'),
    row('hub RSS (bootstrap / hub / server)', r => fmt(r.hubRssMb, ' MB')),
    row('DHT put p50 / p99', r => r.dht == null ? 'n/a' : `${fmt(r.dht.putP50, ' ms')} / ${fmt(r.dht.putP99, ' ms')}${dhtCounts(r.dht.puts, r.dht.putErrors, o.dhtCount)}`, 'DHT put p50 / p99'),
    row('DHT get p50 / p99', r => r.dht == null ? 'n/a' : `${fmt(r.dht.getP50, ' ms')} / ${fmt(r.dht.getP99, ' ms')}${dhtCounts(r.dht.gets, r.dht.getErrors, o.dhtCount)}`, 'DHT get p50 / p99'),
    row('/join → first message (late joiner)', r => fmt(r.joinToFirstMessageMs, ' ms', 0), '/join → first message'),
    row('late joiner\'s first message: reached / all reached after', r => `${fmt(100 * r.lateFirstMessageReach, '%', 0)} / ${fmt(r.lateJoinToDeliveredMs, ' ms', 0)}`),
    row('start → ready p50 / max', r => `${fmt(r.startToReadyMs, ' ms', 0)} / ${fmt(r.startToReadyMaxMs, ' ms', 0)}`, 'start → ready'),
    row('cold room: /join → first message p50 / max', r => `${fmt(r.initialJoinToFirstMessageMs, ' ms', 0)} / ${fmt(r.initialJoinToFirstMessageMaxMs, ' ms', 0)}`),
    row('cold room: every peer heard every other', r => Number.isNaN(r.meshFormedMs) ? `no (${fmt(100 * r.meshPairsHeard, '%')} of pairs)` : `${fmt(r.meshFormedMs, ' ms', 0)}`),
    row('bench send lag p99', r => fmt(r.sendLagP99Ms, ' ms', 1)),
    row('sends refused by the sender\'s rate limit', r => r.refusedBySender === 0 ? '0' : `${r.refusedBySender} (delivered ${fmt(100 * r.deliveryRatioOfSent, '%', 2)} of the rest)`),
    row('errors reported by peers', r => String(r.peerErrors))
  ]
}

function textTable (results: SystemResult[], goals: Goal[], o: Options): string {
  const header = ['metric', ...results.map(r => r.label), 'goal (CryptiComm)']
  const body = rows(results, goals, o).map(r => [r.metric, ...r.values, r.goal])
  const widths = header.map((h, i) => Math.max(h.length, ...body.map(b => b[i].length)))
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd()
  return [line(header), widths.map(w => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n')
}

function markdown (results: SystemResult[], goals: Goal[], o: Options, env: Record<string, string>): string {
  const header = ['metric', ...results.map(r => r.label), 'goal (CryptiComm)']
  const body = rows(results, goals, o).map(r => [r.metric, ...r.values, r.goal])
  const esc = (s: string): string => s.replace(/\|/g, '\\|')
  const lines = [
    `# Benchmark: ${o.peers} peers, ${o.rate} msg/s, ${o.size} B, ${o.seconds} s`,
    '',
    `Command: \`npm run bench${o.argv.length > 0 ? ` -- ${o.argv.join(' ')}` : ''}\``,
    '',
    `Machine: ${env.cpus}; ${env.memory}; Node ${env.node}; libp2p ${env.libp2p}, @libp2p/gossipsub ${env.gossipsub}, @libp2p/kad-dht ${env.kadDht}. ` +
      `Run at ${env.date}; load average ${env.loadBefore} before, ${env.loadAfter} after. CryptiComm peers: ${o.cryptiImpl === 'cli' ? 'the CLI (`dist/bin/crypticomm.js --json`) and `dist/bootstrap/crypticomm-bootstrap.js`' : 'bench/chat-peer (chat core without the CLI)'}.`,
    '',
    `| ${header.map(esc).join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...body.map(b => `| ${b.map(esc).join(' | ')} |`),
    '',
    '![latency distribution](latest.svg)',
    '',
    'How it is measured (details in bench/README.md): all peers `/join` the new room at once, warm-up messages',
    'run until every peer has heard every other (or the mesh timeout), then the measured publishing starts.',
    'Every peer is its own process; the bench writes each message to one peer\'s stdin',
    '(round-robin) with its send time embedded in the text and timestamps each `message` line it reads from the',
    'other peers\' stdout, so latency includes both pipes and the peer\'s own processing. CPU is user + system time',
    'of all the system\'s processes (peers and hub) from the first publish until the last delivery (or the drain',
    'timeout), from `/proc/<pid>/stat`. RSS is VmRSS (VmHWM for the peak) of the peers at the end of the window.',
    'Bare gossipsub: stock settings except loopback whitelisted from the IP-colocation penalty and from the',
    'per-host inbound connection limit; each peer dials the hub and up to 3 random running peers. Central relay:',
    'one Node TCP server forwarding each line to all other clients, one process per client.',
    'Latency and CPU goals count as met only when at least 99% of the deliveries arrived.',
    'Idle CPU is measured 2 s after the publishing ends. Late joiners start while the room keeps its traffic and',
    'send `/join` right after `ready`.',
    `The DHT rows come from ${results.find(r => r.dht != null)?.dht?.method ?? 'the DHT probe'}.`,
    ''
  ]
  for (const r of results) {
    const kinds = Object.entries(r.errorMessages).sort((a, b) => b[1] - a[1])
    if (kinds.length > 0) {
      lines.push(`Errors reported by ${r.label} peers (\`{"type":"error"}\` events, grouped):`, '')
      for (const [message, count] of kinds.slice(0, 8)) {
        lines.push(`- ${count} × ${message}`)
      }
      lines.push('')
    }
  }
  return lines.join('\n')
}

function versionOf (pkg: string): string {
  try {
    return JSON.parse(readFileSync(join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8')).version
  } catch {
    return '?'
  }
}

function jsonSafe (value: number): number | null {
  return Number.isFinite(value) ? value : null
}

function summaryJson (r: SystemResult | undefined): Record<string, unknown> | null {
  if (r == null) {
    return null
  }
  return JSON.parse(JSON.stringify({
    ok: r.ok,
    error: r.error,
    peers: r.peers,
    deliveryRatio: r.deliveryRatio,
    delivered: r.delivered,
    expected: r.expected,
    duplicates: r.duplicates,
    latencyMs: r.latencyMs,
    cpuMsPerDelivered: r.cpuMsPerDelivered,
    cpuMsPerDeliveredNetOfIdle: r.cpuMsPerDeliveredNetOfIdle,
    cpuMsTotal: r.cpuMsTotal,
    cpuCoresBusy: r.cpuCoresBusy,
    idleCpuMsPerPeerPerSecond: r.idleCpuMsPerPeerPerSecond,
    rssMbPerPeer: r.rssMbPerPeer,
    rssPeakMbPerPeer: r.rssPeakMbPerPeer,
    hubRssMb: r.hubRssMb,
    dht: r.dht ?? null,
    joinToFirstMessageMs: r.joinToFirstMessageMs,
    joinToFirstMessageSamplesMs: r.joinToFirstMessageSamplesMs,
    lateJoinToDeliveredMs: r.lateJoinToDeliveredMs,
    lateFirstMessageReach: r.lateFirstMessageReach,
    startToReadyMs: r.startToReadyMs,
    startToReadyMaxMs: r.startToReadyMaxMs,
    lateStartToReadyMs: r.lateStartToReadyMs,
    initialJoinToFirstMessageMs: r.initialJoinToFirstMessageMs,
    initialJoinToFirstMessageMaxMs: r.initialJoinToFirstMessageMaxMs,
    meshFormedMs: r.meshFormedMs,
    meshPairsHeard: r.meshPairsHeard,
    sendLagP99Ms: r.sendLagP99Ms,
    peerErrors: r.peerErrors,
    refusedBySender: r.refusedBySender,
    deliveryRatioOfSent: r.deliveryRatioOfSent,
    errorMessages: r.errorMessages
  }, (_k, v) => typeof v === 'number' ? jsonSafe(v) : v))
}

async function main (): Promise<void> {
  const o = parseOptions(process.argv.slice(2))
  installCleanupHandlers()
  if (o.systems.includes('crypticomm') && o.cryptiImpl === 'cli') {
    for (const file of ['bin/crypticomm.js', 'bootstrap/crypticomm-bootstrap.js']) {
      if (!existsSync(script(file))) {
        throw new Error(`dist/${file} is missing: run \`npm run build\` first (or use --crypti-impl lib)`)
      }
    }
  }
  const perPeerRate = o.rate / o.peers
  if (perPeerRate >= o.perPeerLimit) {
    progress(`warning: ${perPeerRate.toFixed(2)} msg/s per peer is at or above the room limit of ${o.perPeerLimit} msg/s per author ` +
      '(CryptiComm default: burst 5, 60 a minute); senders will refuse some messages ("slow down") and relays drop some: ' +
      'raise --peers, lower --rate, or raise the room setting')
  }
  const stamp = new Date().toISOString().replace(/[:.]/g, '-')
  const runDir = join(RESULTS, 'tmp', stamp)
  mkdirSync(runDir, { recursive: true })
  // run the children from a snapshot of dist/: a rebuild during the run (tests
  // run \`npm run build\`) must not hand later peers different code; modules
  // still resolve from the repository's node_modules (a parent directory)
  const dataDir = o.dataRoot == null ? runDir : join(o.dataRoot, `crypticomm-bench-${stamp}`)
  mkdirSync(dataDir, { recursive: true })
  const snapshot = join(runDir, 'dist')
  cpSync(DIST, snapshot, { recursive: true, filter: src => !src.startsWith(join(DIST, 'test')) })
  DIST = snapshot
  const env = {
    cpus: `${cpus().length} × ${cpus()[0]?.model?.trim() ?? 'cpu'}`,
    memory: `${Math.round(totalmem() / 2 ** 30)} GiB RAM`,
    node: process.versions.node,
    libp2p: versionOf('libp2p'),
    gossipsub: versionOf('@libp2p/gossipsub'),
    kadDht: versionOf('@libp2p/kad-dht'),
    date: new Date().toISOString(),
    loadBefore: loadavg().map(l => l.toFixed(2)).join(' '),
    loadAfter: ''
  }
  progress(`${o.peers} peers, ${o.rate} msg/s total (${perPeerRate.toFixed(2)} per peer), ${o.size} B, ${o.seconds} s; systems: ${o.systems.join(', ')}; data in ${runDir}`)

  const results: SystemResult[] = []
  for (const id of o.systems) {
    results.push(await runSystem(id, o, runDir, dataDir))
    await sleep(1000)
  }

  env.loadAfter = loadavg().map(l => l.toFixed(2)).join(' ')
  const goals = goalsFor(o.peers)
  const table = textTable(results, goals, o)
  console.log(table)

  mkdirSync(RESULTS, { recursive: true })
  const md = markdown(results, goals, o, env)
  const svg = latencyCdfSvg(`Latency, ${o.peers} peers, ${o.rate} msg/s, ${o.size} B (one process per peer, ${env.cpus.split(' ×')[0]} cores)`,
    results.map(r => ({ label: r.label, latencies: r.latencies, expected: r.expected, colour: SYSTEM_COLOURS[r.system] })))
  const crypti = results.find(r => r.system === 'crypticomm')
  const top = summaryJson(crypti) ?? {}
  const json = {
    ...top,
    peers: o.peers,
    rate: o.rate,
    seconds: o.seconds,
    size: o.size,
    baselines: {
      bareGossipsub: summaryJson(results.find(r => r.system === 'bareGossipsub')),
      centralRelay: summaryJson(results.find(r => r.system === 'centralRelay'))
    },
    goals: goals.map(g => ({ metric: g.metric, target: g.target, met: crypti == null || !crypti.ok ? null : g.met(crypti) ?? null })),
    environment: env
  }
  writeFileSync(join(RESULTS, 'latest.md'), md)
  writeFileSync(join(RESULTS, 'latest.svg'), svg)
  writeFileSync(join(runDir, 'result.json'), JSON.stringify(json, null, 2) + '\n')
  if (o.save != null) {
    writeFileSync(join(RESULTS, `${o.save}.md`), md.replace('](latest.svg)', `](${o.save}.svg)`))
    writeFileSync(join(RESULTS, `${o.save}.svg`), svg)
    writeFileSync(join(RESULTS, `${o.save}.json`), JSON.stringify(json, null, 2) + '\n')
  }
  progress(`wrote bench/results/latest.md and latest.svg${o.save != null ? ` and ${o.save}.*` : ''}`)
  const failed = results.some(r => !r.ok)
  if (dataDir !== runDir) {
    rmSync(dataDir, { recursive: true, force: true })
  }
  if (!o.keepTmp && !failed) {
    rmSync(runDir, { recursive: true, force: true })
  } else {
    progress(`kept ${runDir}`)
  }
  if (o.json) {
    quietProgress = true
    console.log(JSON.stringify(json))
  }
  process.exitCode = crypti != null && !crypti.ok ? 1 : 0
}

main().catch(err => {
  console.error(`bench: ${(err as Error).message}`)
  killAllChildren()
  process.exit(1)
})
