import type { LatencyState, LatencyStats } from '../report/model.js'

export type { LatencyState }

/** Fixed upper bounds (ms) of the cumulative histogram in every report; +Inf is implied last. */
const HISTOGRAM_BOUNDS_MS = [1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000]

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
  let ordered: LatencyState | undefined
  const put = (us: number, c: number) => {
    const had = counts.get(us)
    if (had === undefined) ordered = undefined
    else if (ordered) ordered.counts[binarySearch(ordered.us, us)]! += c
    counts.set(us, (had ?? 0) + c)
    n += c
    sumUs += us * c
  }
  /** The distinct values ascending with their counts, sorted once until a new value arrives. */
  const sorted = (): LatencyState => {
    if (!ordered) {
      const us = Array.from(Float64Array.from(counts.keys()).sort())
      ordered = { us, counts: us.map((k) => counts.get(k)!) }
    }
    return ordered
  }
  const quantile = (o: LatencyState, q: number): number => {
    if (n === 0) return 0
    const rank = Math.max(1, Math.ceil(q * n))
    let seen = 0
    for (let i = 0; i < o.us.length; i++) {
      seen += o.counts[i]!
      if (seen >= rank) return o.us[i]! / 1000
    }
    return o.us[o.us.length - 1]! / 1000
  }
  return {
    add(ms) {
      put(Math.max(0, Math.round(ms * 1000)), 1)
    },
    stats: () => {
      const o = sorted()
      return {
        p50: quantile(o, 0.5),
        p90: quantile(o, 0.9),
        p95: quantile(o, 0.95),
        p99: quantile(o, 0.99),
        max: n === 0 ? 0 : o.us[o.us.length - 1]! / 1000,
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
      const o = sorted()
      return { us: [...o.us], counts: [...o.counts] }
    },
    load(state) {
      state.us.forEach((us, i) => put(us, state.counts[i]!))
    },
  }
}

/** Three decimals: sub-microsecond digits are noise and make reports unreadable. */
function round(x: number): number {
  return Math.round(x * 1000) / 1000
}

/** The index of `x` in the ascending `xs` (present). */
function binarySearch(xs: readonly number[], x: number): number {
  let lo = 0
  let hi = xs.length - 1
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (xs[mid]! < x) lo = mid + 1
    else hi = mid
  }
  return lo
}
