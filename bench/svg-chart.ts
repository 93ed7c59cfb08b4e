/**
 * A hand-written SVG chart of latency distributions: one cumulative curve per
 * system, latency on a log axis, and on the y axis the share of *expected*
 * deliveries that arrived within that latency (so lost messages show as a
 * curve that never reaches 100 %).
 */

/** One curve of the chart. */
export interface LatencySeries {
  label: string
  /** latencies of delivered messages, ms */
  latencies: number[]
  /** deliveries expected (≥ latencies.length) */
  expected: number
  colour: string
}

const WIDTH = 760
const HEIGHT = 420
const LEFT = 64
const RIGHT = 24
const TOP = 48
const BOTTOM = 64
const MAX_POINTS = 400

function esc (text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}

function fmtMs (ms: number): string {
  if (ms >= 1000) {
    return `${ms / 1000} s`
  }
  return `${ms} ms`
}

/** Render the cumulative latency chart as a standalone SVG document. */
export function latencyCdfSvg (title: string, series: LatencySeries[]): string {
  const all = series.flatMap(s => s.latencies).filter(v => Number.isFinite(v) && v > 0)
  const minMs = 0.1
  const maxData = all.length === 0 ? 1 : Math.max(...all)
  const lo = Math.log10(minMs)
  const hi = Math.max(lo + 1, Math.ceil(Math.log10(Math.max(maxData, 1))))
  const plotW = WIDTH - LEFT - RIGHT
  const plotH = HEIGHT - TOP - BOTTOM
  const x = (ms: number): number => LEFT + ((Math.log10(Math.max(ms, minMs)) - lo) / (hi - lo)) * plotW
  const y = (share: number): number => TOP + (1 - share) * plotH
  const parts: string[] = []
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`)
  parts.push(`<rect width="${WIDTH}" height="${HEIGHT}" fill="white"/>`)
  parts.push(`<text x="${WIDTH / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">${esc(title)}</text>`)

  // grid and axes
  for (let e = Math.ceil(lo); e <= hi; e++) {
    const ms = 10 ** e
    const gx = x(ms).toFixed(1)
    parts.push(`<line x1="${gx}" y1="${TOP}" x2="${gx}" y2="${TOP + plotH}" stroke="#ddd"/>`)
    parts.push(`<text x="${gx}" y="${TOP + plotH + 18}" text-anchor="middle">${esc(fmtMs(Number(ms.toPrecision(1))))}</text>`)
  }
  for (let p = 0; p <= 100; p += 20) {
    const gy = y(p / 100).toFixed(1)
    parts.push(`<line x1="${LEFT}" y1="${gy}" x2="${LEFT + plotW}" y2="${gy}" stroke="#ddd"/>`)
    parts.push(`<text x="${LEFT - 8}" y="${Number(gy) + 4}" text-anchor="end">${p}%</text>`)
  }
  parts.push(`<rect x="${LEFT}" y="${TOP}" width="${plotW}" height="${plotH}" fill="none" stroke="#333"/>`)
  parts.push(`<text x="${LEFT + plotW / 2}" y="${HEIGHT - 30}" text-anchor="middle">latency publish → delivery (log scale)</text>`)
  parts.push(`<text transform="translate(16 ${TOP + plotH / 2}) rotate(-90)" text-anchor="middle">share of expected deliveries</text>`)

  // legend background (bottom right, where cumulative curves rarely are)
  const legendTop = TOP + plotH - 14 - (series.length - 1) * 18 - 16
  const legend: string[] = [
    `<rect x="${LEFT + plotW - 408}" y="${legendTop}" width="400" height="${series.length * 18 + 8}" fill="white" fill-opacity="0.85" stroke="#999"/>`
  ]

  // curves
  series.forEach((s, index) => {
    const sorted = s.latencies.filter(v => Number.isFinite(v)).sort((a, b) => a - b)
    const expected = Math.max(s.expected, sorted.length, 1)
    const step = Math.max(1, Math.floor(sorted.length / MAX_POINTS))
    const points: string[] = [`${x(minMs).toFixed(1)},${y(0).toFixed(1)}`]
    for (let i = 0; i < sorted.length; i += step) {
      points.push(`${x(sorted[i]).toFixed(1)},${y((i + 1) / expected).toFixed(1)}`)
    }
    if (sorted.length > 0) {
      points.push(`${x(sorted[sorted.length - 1]).toFixed(1)},${y(sorted.length / expected).toFixed(1)}`)
      points.push(`${(LEFT + plotW).toFixed(1)},${y(sorted.length / expected).toFixed(1)}`)
    }
    parts.push(`<polyline fill="none" stroke="${s.colour}" stroke-width="2" points="${points.join(' ')}"/>`)
    const ly = TOP + plotH - 14 - (series.length - 1 - index) * 18
    const lx = LEFT + plotW - 400
    const p50 = sorted.length === 0 ? Number.NaN : sorted[Math.ceil(0.5 * sorted.length) - 1]
    const p99 = sorted.length === 0 ? Number.NaN : sorted[Math.ceil(0.99 * sorted.length) - 1]
    const ratio = (100 * sorted.length) / expected
    legend.push(`<line x1="${lx}" y1="${ly - 4}" x2="${lx + 24}" y2="${ly - 4}" stroke="${s.colour}" stroke-width="3"/>`)
    legend.push(`<text x="${lx + 30}" y="${ly}">${esc(`${s.label}: p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, ${ratio.toFixed(1)}% delivered`)}</text>`)
  })
  parts.push(...legend, '</svg>')
  return parts.join('\n') + '\n'
}
