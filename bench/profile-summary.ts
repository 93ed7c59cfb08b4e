/**
 * Summarise a V8 `.cpuprofile` (from `node --cpu-prof`, e.g. written by
 * `npm run bench -- --cpu-prof`): self time by package and the top functions.
 *
 * Usage: node dist/bench/profile-summary.js FILE.cpuprofile [--top 30] [--from S] [--to S]
 * (`--from`/`--to`: only samples in that window, seconds after the profile started)
 */
import { readFileSync } from 'node:fs'

interface ProfileNode {
  id: number
  callFrame: { functionName: string, url: string, lineNumber: number }
  children?: number[]
}

interface Profile {
  nodes: ProfileNode[]
  startTime: number
  endTime: number
  samples: number[]
  timeDeltas: number[]
}

const file = process.argv[2]
if (file == null) {
  console.error('usage: node dist/bench/profile-summary.js FILE.cpuprofile [--top N]')
  process.exit(2)
}
const topArg = process.argv.indexOf('--top')
const top = topArg > 0 ? Number(process.argv[topArg + 1]) : 30
const fromArg = process.argv.indexOf('--from')
const toArg = process.argv.indexOf('--to')
const fromUs = fromArg > 0 ? Number(process.argv[fromArg + 1]) * 1e6 : 0
const toUs = toArg > 0 ? Number(process.argv[toArg + 1]) * 1e6 : Number.POSITIVE_INFINITY
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile
const byId = new Map(profile.nodes.map(n => [n.id, n]))
const selfUs = new Map<number, number>()
let t = 0
let windowUs = 0
for (let i = 0; i < profile.samples.length; i++) {
  t += profile.timeDeltas[i] ?? 0
  if (t < fromUs || t > toUs) {
    continue
  }
  const id = profile.samples[i]
  const dt = profile.timeDeltas[i + 1] ?? 0
  windowUs += dt
  selfUs.set(id, (selfUs.get(id) ?? 0) + dt)
}

function packageOf (url: string, name: string): string {
  if (url === '') {
    return name.startsWith('(') ? name : '(native)'
  }
  if (url.startsWith('node:')) {
    return 'node:' + url.slice(5).split('/')[0]
  }
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)
  if (m != null) {
    return m[1]
  }
  const d = /\/dist\/(\w+)\//.exec(url)
  return d != null ? `crypticomm ${d[1]}/` : url
}

const totalUs = fromArg > 0 || toArg > 0 ? windowUs : profile.endTime - profile.startTime
const byPackage = new Map<string, number>()
const byFunction = new Map<string, number>()
for (const [id, us] of selfUs) {
  const n = byId.get(id)
  if (n == null) {
    continue
  }
  const { functionName, url, lineNumber } = n.callFrame
  const pkg = packageOf(url, functionName)
  byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + us)
  const short = url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/dist\//, 'dist/')
  const key = `${functionName === '' ? '(anonymous)' : functionName}  ${short}${url === '' ? '' : `:${lineNumber + 1}`}`
  byFunction.set(key, (byFunction.get(key) ?? 0) + us)
}

const busyUs = totalUs - (byPackage.get('(idle)') ?? 0)
const pct = (us: number): string => `${((100 * us) / totalUs).toFixed(1).padStart(5)}%`
console.log(`${file}: ${(totalUs / 1e6).toFixed(1)} s profiled, ${(busyUs / 1e3).toFixed(0)} ms busy (${((100 * busyUs) / totalUs).toFixed(1)}% of one core)`)
console.log('\nself time by package:')
for (const [pkg, us] of [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 25)) {
  console.log(`  ${pct(us)}  ${(us / 1e3).toFixed(0).padStart(7)} ms  ${pkg}`)
}
console.log(`\ntop ${top} functions by self time:`)
for (const [fn, us] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) {
  console.log(`  ${pct(us)}  ${(us / 1e3).toFixed(0).padStart(7)} ms  ${fn}`)
}
