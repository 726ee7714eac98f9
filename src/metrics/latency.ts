import type { LatencyStats } from '../results.js'

/** Fixed upper bounds (ms) of the cumulative histogram in every report; +Inf is implied last. */
export const HISTOGRAM_BOUNDS_MS = [1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000]

/** Samples kept exactly before switching to the log-bucketed sketch (bounds memory). */
const EXACT_LIMIT = 1000
/** Relative accuracy of the sketch: every quantile is within 1% of the true sample value. */
const ALPHA = 0.01
const GAMMA = (1 + ALPHA) / (1 - ALPHA)
const LOG_GAMMA = Math.log(GAMMA)
/** Latencies below this (ms) are counted as zero: far below what a network round trip takes. */
const MIN_MS = 1e-3

/** Response-time accumulator: exact for small runs, a log-bucketed sketch (≤1% error) beyond. */
export interface LatencyAccumulator {
  add(ms: number): void
  stats(): LatencyStats
  histogram(): { le: number | null; count: number }[]
  count(): number
}

export function createLatency(): LatencyAccumulator {
  let exact: number[] | undefined = []
  const sketch = new Map<number, number>()
  const fixed = new Array<number>(HISTOGRAM_BOUNDS_MS.length + 1).fill(0)
  let zeros = 0
  let n = 0
  let sum = 0
  let max = 0

  const toSketch = (ms: number) => {
    if (ms < MIN_MS) zeros++
    else {
      const i = Math.ceil(Math.log(ms) / LOG_GAMMA)
      sketch.set(i, (sketch.get(i) ?? 0) + 1)
    }
  }
  const quantile = (q: number): number => {
    if (n === 0) return 0
    const rank = Math.max(1, Math.ceil(q * n))
    if (exact) return [...exact].sort((a, b) => a - b)[rank - 1]!
    return Math.min(max, sketchRank(sketch, zeros, rank))
  }
  return {
    add(ms) {
      n++
      sum += ms
      max = Math.max(max, ms)
      const at = HISTOGRAM_BOUNDS_MS.findIndex((b) => ms <= b)
      fixed[at === -1 ? HISTOGRAM_BOUNDS_MS.length : at]!++
      if (exact) {
        exact.push(ms)
        if (exact.length > EXACT_LIMIT) {
          exact.forEach(toSketch)
          exact = undefined
        }
      } else {
        toSketch(ms)
      }
    },
    stats: () => ({ p50: round(quantile(0.5)), p90: round(quantile(0.9)), p95: round(quantile(0.95)), p99: round(quantile(0.99)), max: round(max), mean: round(n === 0 ? 0 : sum / n) }),
    histogram: () => {
      let running = 0
      return fixed.map((c, i) => ({ le: HISTOGRAM_BOUNDS_MS[i] ?? null, count: (running += c) }))
    },
    count: () => n,
  }
}

/** The value at 1-based `rank` in the sketch: the bucket's midpoint, within ALPHA of any member. */
function sketchRank(sketch: Map<number, number>, zeros: number, rank: number): number {
  if (rank <= zeros) return 0
  let seen = zeros
  for (const i of [...sketch.keys()].sort((a, b) => a - b)) {
    seen += sketch.get(i)!
    if (seen >= rank) return (2 * GAMMA ** i) / (GAMMA + 1)
  }
  return 0
}

/** Three decimals: sub-microsecond digits are noise and make reports unreadable. */
export function round(x: number): number {
  return Math.round(x * 1000) / 1000
}
