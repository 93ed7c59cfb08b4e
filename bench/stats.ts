/**
 * Small statistics and `/proc` helpers for the benchmark (Linux only).
 */
import { readFileSync } from 'node:fs'
import { execFileSync } from 'node:child_process'

/** Latency percentiles in milliseconds. */
export interface Percentiles {
  p50: number
  p95: number
  p99: number
  max: number
  mean: number
}

/** Nearest-rank percentile of an already sorted array (`q` in 0..1). */
export function percentile (sorted: number[], q: number): number {
  if (sorted.length === 0) {
    return Number.NaN
  }
  const rank = Math.ceil(q * sorted.length) - 1
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))]
}

/** p50/p95/p99/max/mean of a sample (NaN for an empty sample). */
export function summarise (values: number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b)
  const mean = sorted.length === 0 ? Number.NaN : sorted.reduce((s, v) => s + v, 0) / sorted.length
  return {
    p50: round(percentile(sorted, 0.5)),
    p95: round(percentile(sorted, 0.95)),
    p99: round(percentile(sorted, 0.99)),
    max: round(sorted.length === 0 ? Number.NaN : sorted[sorted.length - 1]),
    mean: round(mean)
  }
}

/** Round to `digits` decimals, keeping NaN as NaN. */
export function round (value: number, digits = 2): number {
  if (!Number.isFinite(value)) {
    return value
  }
  const f = 10 ** digits
  return Math.round(value * f) / f
}

/** The median of a sample (NaN for an empty sample). */
export function median (values: number[]): number {
  return percentile([...values].sort((a, b) => a - b), 0.5)
}

/** Wall clock with sub-millisecond resolution, ms since the epoch. */
export function nowMs (): number {
  return performance.timeOrigin + performance.now()
}

let clockTicks: number | undefined

/** Kernel clock ticks per second (`getconf CLK_TCK`), usually 100. */
export function clockTicksPerSecond (): number {
  if (clockTicks == null) {
    try {
      clockTicks = Number.parseInt(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim(), 10)
    } catch {
      clockTicks = 100
    }
    if (!Number.isFinite(clockTicks) || clockTicks <= 0) {
      clockTicks = 100
    }
  }
  return clockTicks
}

/** User + system CPU time a process has used so far, in ms; undefined when it is gone. */
export function cpuTimeMs (pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // the command name (field 2) may contain spaces: fields start after the last ')'
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    // fields[0] is field 3 (state); utime is field 14, stime field 15
    const utime = Number(fields[11])
    const stime = Number(fields[12])
    return ((utime + stime) * 1000) / clockTicksPerSecond()
  } catch {
    return undefined
  }
}

/** Resident and peak resident memory of a process in MB; undefined when it is gone. */
export function memoryMb (pid: number): { rss: number, peak: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    const kb = (name: string): number => {
      const m = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)
      return m == null ? Number.NaN : Number(m[1])
    }
    return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 }
  } catch {
    return undefined
  }
}

/** The mean of a sample (NaN for an empty sample). */
export function mean (values: number[]): number {
  return values.length === 0 ? Number.NaN : values.reduce((s, v) => s + v, 0) / values.length
}
