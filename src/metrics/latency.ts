import type { LatencyState, LatencyStats } from '../results.js'

export type { LatencyState }

/** Fixed upper bounds (ms) of the cumulative histogram in every report; +Inf is implied last. */
export const HISTOGRAM_BOUNDS_MS = [1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000]

/**
 * Latency accumulator: every sample kept losslessly as a histogram of whole microseconds (the
 * report's LatencyState). Samples are rounded to the microsecond when added (reports show three
 * decimals of a millisecond), so percentiles (nearest rank), max and mean computed from merged
 * states equal those of the run that saw every sample: the sum is a sum of integers, exact in
 * any order. Memory and state size grow with the number of distinct values, at most one pair
 * per sample.
 */
export interface LatencyAccumulator {
  add(ms: number): void
  stats(): LatencyStats
  histogram(): { le: number | null; count: number }[]
  count(): number
  state(): LatencyState
  /** Adds another accumulator's samples (a shard's state). */
  load(state: LatencyState): void
}

export function createLatency(): LatencyAccumulator {
  const counts = new Map<number, number>()
  let n = 0
  let sumUs = 0
  const put = (us: number, c: number) => {
    counts.set(us, (counts.get(us) ?? 0) + c)
    n += c
    sumUs += us * c
  }
  const sorted = () => [...counts.keys()].sort((a, b) => a - b)
  const quantile = (keys: number[], q: number): number => {
    if (n === 0) return 0
    const rank = Math.max(1, Math.ceil(q * n))
    let seen = 0
    for (const k of keys) {
      seen += counts.get(k)!
      if (seen >= rank) return k / 1000
    }
    return keys.at(-1)! / 1000
  }
  return {
    add(ms) {
      put(Math.max(0, Math.round(ms * 1000)), 1)
    },
    stats: () => {
      const keys = sorted()
      return {
        p50: quantile(keys, 0.5), p90: quantile(keys, 0.9), p95: quantile(keys, 0.95), p99: quantile(keys, 0.99),
        max: n === 0 ? 0 : keys.at(-1)! / 1000,
        mean: n === 0 ? 0 : round(sumUs / n / 1000),
      }
    },
    histogram: () => {
      const fixed = new Array<number>(HISTOGRAM_BOUNDS_MS.length + 1).fill(0)
      for (const [us, c] of counts) {
        const at = HISTOGRAM_BOUNDS_MS.findIndex((b) => us <= b * 1000)
        fixed[at === -1 ? HISTOGRAM_BOUNDS_MS.length : at]! += c
      }
      let running = 0
      return fixed.map((c, i) => ({ le: HISTOGRAM_BOUNDS_MS[i] ?? null, count: (running += c) }))
    },
    count: () => n,
    state: () => {
      const keys = sorted()
      return { us: keys, counts: keys.map((k) => counts.get(k)!) }
    },
    load(state) {
      state.us.forEach((us, i) => put(us, state.counts[i]!))
    },
  }
}

/** Three decimals: sub-microsecond digits are noise and make reports unreadable. */
export function round(x: number): number {
  return Math.round(x * 1000) / 1000
}
