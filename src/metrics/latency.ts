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
  // The distinct values ascending with their counts; samples wait unsorted in `pending` and are
  // merged in batches (see fold): an add is an array push, where a Map costs two hash lookups.
  let us: Float64Array = new Float64Array(0)
  let counts: Float64Array = new Float64Array(0)
  let pending: number[] = []
  let n = 0
  let sumUs = 0
  /** Merges the pending samples into the sorted state (each batch once, in O(distinct + batch·log batch)). */
  const fold = (): Sorted => {
    if (pending.length > 0) {
      const batch = Float64Array.from(pending).sort()
      pending = []
      const bUs = new Float64Array(batch.length)
      const bCounts = new Float64Array(batch.length)
      let k = -1
      for (let i = 0; i < batch.length; i++) {
        if (k >= 0 && bUs[k] === batch[i]) bCounts[k]!++
        else {
          bUs[++k] = batch[i]!
          bCounts[k] = 1
        }
      }
      ;({ us, counts } = mergeSorted({ us, counts }, { us: bUs.subarray(0, k + 1), counts: bCounts.subarray(0, k + 1) }))
    }
    return { us, counts }
  }
  const quantile = (o: Sorted, q: number): number => {
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
      const v = Math.max(0, Math.round(ms * 1000))
      pending.push(v)
      n++
      sumUs += v
      // Pending samples stay fewer than the distinct values (and a few thousand): memory as a histogram's.
      if (pending.length >= FOLD_AT && pending.length >= us.length) fold()
    },
    stats: () => {
      const o = fold()
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
      const o = fold()
      const fixed = new Array<number>(HISTOGRAM_BOUNDS_MS.length + 1).fill(0)
      // Values ascend, so the bucket index only moves forward.
      let at = 0
      for (let i = 0; i < o.us.length; i++) {
        while (at < HISTOGRAM_BOUNDS_MS.length && o.us[i]! > HISTOGRAM_BOUNDS_MS[at]! * 1000) at++
        fixed[at]! += o.counts[i]!
      }
      let running = 0
      return fixed.map((c, i) => ({ le: HISTOGRAM_BOUNDS_MS[i] ?? null, count: (running += c) }))
    },
    count: () => n,
    state: () => {
      const o = fold()
      return { us: Array.from(o.us), counts: Array.from(o.counts) }
    },
    load(state) {
      const o = fold()
      // A state is written sorted and distinct; one that is not (edited by hand) is sorted here.
      const given = sortedPairs(state)
      ;({ us, counts } = mergeSorted(o, given))
      for (let i = 0; i < given.us.length; i++) {
        n += given.counts[i]!
        sumUs += given.us[i]! * given.counts[i]!
      }
    },
  }
}

/** Samples wait unsorted until there are this many (and at least as many as distinct values). */
const FOLD_AT = 4096

/** Distinct values ascending, with their counts. */
interface Sorted {
  us: Float64Array
  counts: Float64Array
}

/** Two ascending lists of distinct values with counts, merged into one (equal values' counts added). */
function mergeSorted(a: Sorted, b: Sorted): Sorted {
  if (a.us.length === 0) return b
  const us = new Float64Array(a.us.length + b.us.length)
  const counts = new Float64Array(us.length)
  let i = 0
  let j = 0
  let k = 0
  while (i < a.us.length || j < b.us.length) {
    const x = i < a.us.length ? a.us[i]! : Number.POSITIVE_INFINITY
    const y = j < b.us.length ? b.us[j]! : Number.POSITIVE_INFINITY
    us[k] = Math.min(x, y)
    counts[k++] = (x <= y ? a.counts[i++]! : 0) + (y <= x ? b.counts[j++]! : 0)
  }
  return { us: us.subarray(0, k), counts: counts.subarray(0, k) }
}

/** A state's pairs ascending by value, equal values' counts added. */
function sortedPairs(state: LatencyState): Sorted {
  const order = state.us.map((_, i) => i).sort((a, b) => state.us[a]! - state.us[b]!)
  const us = new Float64Array(order.length)
  const counts = new Float64Array(order.length)
  let k = -1
  for (const i of order) {
    if (k >= 0 && us[k] === state.us[i]) counts[k]! += state.counts[i]!
    else {
      us[++k] = state.us[i]!
      counts[k] = state.counts[i]!
    }
  }
  return { us: us.subarray(0, k + 1), counts: counts.subarray(0, k + 1) }
}

/** Three decimals: sub-microsecond digits are noise and make reports unreadable. */
function round(x: number): number {
  return Math.round(x * 1000) / 1000
}
