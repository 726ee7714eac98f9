import { monitorEventLoopDelay, performance, type EventLoopUtilization, type IntervalHistogram } from 'node:perf_hooks'
import type { RunnerLoad } from '../report/model.js'

/** The warning printed on the console and carried by every report when the runner saturated. */
export const SATURATION_WARNING = "latencies include banter's own queueing; lower --concurrency or shard"

/** The event loop's delay is sampled by a timer of this period (perf_hooks.monitorEventLoopDelay). */
const RESOLUTION_MS = 20
/** Queueing is material when it is at least this share of the reported latency it is part of ... */
const MATERIAL_SHARE = 0.1
/** ... and at least this long: below it, timer and scheduler noise (and nothing anyone acts on). */
const MATERIAL_MS = 5
/**
 * At least this many sampling intervals must have been late by MATERIAL_MS: one GC pause or one
 * start-up burst (a lone late interval, or two) says nothing about the run.
 */
const MIN_LATE_INTERVALS = 3
/**
 * Conversations must have run this long (100 samples) before the runner is judged. Measured on a
 * machine loaded by other processes (load average 10 on 2 cores): a 0.4-1 s run of the bundled
 * suite had every reply late by tens of ms, true of that moment and useless to act on; ELU was 1
 * in such short CLI runs, so it cannot tell them apart.
 */
const MIN_JUDGED_MS = 2000

/** What watching the runner measured, before it is judged against the latencies the run reports. */
export interface LoopMeasure {
  wallMs: number
  /** Process CPU (user + system) over the watch. */
  cpuMs: number
  /** Share of the watch the event loop was busy (performance.eventLoopUtilization). */
  utilization: number
  lagP99Ms: number
  lagMaxMs: number
  /** The sampling intervals by how late each fired, in ms beyond its timer; `intervals` may be fractional. */
  lags: readonly { ms: number; intervals: number }[]
}

/** The turn latencies a report states (service time in an open-loop run): what queueing is weighed against. */
export interface ReportedLatency {
  mean: number
  p99: number
}

/** The estimated time a reply waited for banter's event loop before its time was taken. */
interface Queueing {
  meanMs: number
  p99Ms: number
  /** Sampling intervals late by MATERIAL_MS or more. */
  lateIntervals: number
}

/**
 * Starts measuring the runner: event-loop delay (perf_hooks.monitorEventLoopDelay, sampled every
 * 20 ms), event-loop utilization and process CPU. `stop` ends the measurement and returns it.
 */
export function watchRunner(): { stop(): LoopMeasure } {
  const delay = monitorEventLoopDelay({ resolution: RESOLUTION_MS })
  delay.enable()
  const started = performance.now()
  const cpu = process.cpuUsage()
  const elu: EventLoopUtilization = performance.eventLoopUtilization()
  return {
    stop() {
      delay.disable()
      const used = process.cpuUsage(cpu)
      // The histogram holds whole timer intervals (the resolution plus the delay); with no sample
      // yet (a run shorter than one interval) nothing was measured.
      const lag = (ns: number) => (delay.count === 0 ? 0 : Math.max(0, ns / 1e6 - RESOLUTION_MS))
      return {
        wallMs: performance.now() - started,
        cpuMs: (used.user + used.system) / 1000,
        utilization: performance.eventLoopUtilization(elu).utilization,
        lagP99Ms: lag(delay.percentile(99)),
        lagMaxMs: lag(delay.max),
        lags: lagDistribution(delay),
      }
    },
  }
}

/** The histogram's percentile ticks (0, 50, 75, 87.5, … 100) as interval counts by delay. */
function lagDistribution(delay: IntervalHistogram): LoopMeasure['lags'] {
  const lags: { ms: number; intervals: number }[] = []
  let previous = 0
  for (const [percentile, ns] of delay.percentiles) {
    const intervals = ((percentile - previous) / 100) * delay.count
    previous = percentile
    if (intervals > 0) lags.push({ ms: Math.max(0, ns / 1e6 - RESOLUTION_MS), intervals })
  }
  return lags
}

/**
 * The runner's load as the report states it, and whether it saturated: whether banter's own
 * queueing materially inflated the latencies the run reports (`latency`; undefined when no turn
 * was answered, so no latency was reported).
 */
export function judgeRunner(measure: LoopMeasure, latency: ReportedLatency | undefined): RunnerLoad {
  const queueing = estimateQueueing(measure.lags)
  const judged = measure.wallMs >= MIN_JUDGED_MS ? latency : undefined
  return {
    event_loop_lag_p99_ms: round(measure.lagP99Ms),
    event_loop_lag_max_ms: round(measure.lagMaxMs),
    event_loop_utilization: round(measure.utilization, 3),
    cpu_percent: measure.wallMs > 0 ? round((measure.cpuMs / measure.wallMs) * 100) : 0,
    queueing_mean_ms: round(queueing.meanMs),
    queueing_p99_ms: round(queueing.p99Ms),
    saturated: isSaturated(queueing, judged),
  }
}

/**
 * How long a reply waited for the event loop, estimated from the sampling intervals: an interval
 * of the timer's 20 ms plus `late` ms stands for that much of the run. A reply arriving in its
 * late part waits for the rest of it (uniform on 0..late); one arriving before waits like the
 * timer did, `late` (the loop is as busy then as when the timer came due). So each delay weighs
 * by the time its interval lasted: one long stall in a long run weighs little, a loop late on
 * every interval weighs fully. The wait is the same whether the loop was busy with banter's own
 * work or the machine gave banter no CPU: either way the reply is read, and its time taken, that
 * much later.
 */
function estimateQueueing(lags: LoopMeasure['lags']): Queueing {
  const total = lags.reduce((sum, l) => sum + l.intervals * (RESOLUTION_MS + l.ms), 0)
  if (total === 0) return { meanMs: 0, p99Ms: 0, lateIntervals: 0 }
  // The share of the run in which an arriving reply would have waited longer than `w`.
  const waitedLonger = (w: number) => lags.reduce((sum, l) => sum + (l.ms > w ? l.intervals * (RESOLUTION_MS + l.ms - w) : 0), 0) / total
  const meanMs = lags.reduce((sum, l) => sum + l.intervals * (RESOLUTION_MS * l.ms + (l.ms * l.ms) / 2), 0) / total
  // The smallest wait that at most 1% of replies exceeded (waitedLonger decreases with w).
  let low = 0
  let high = Math.max(0, ...lags.map((l) => l.ms))
  while (high - low > 0.01) {
    const mid = (low + high) / 2
    if (waitedLonger(mid) > 0.01) low = mid
    else high = mid
  }
  const lateIntervals = lags.reduce((sum, l) => sum + (l.ms >= MATERIAL_MS ? l.intervals : 0), 0)
  return { meanMs, p99Ms: high, lateIntervals }
}

/**
 * Saturated (in a run judged: MIN_JUDGED_MS of conversations and some latency reported): the
 * loop was late repeatedly (MIN_LATE_INTERVALS intervals by MATERIAL_MS), and the
 * estimated queueing is material against what the report states: its mean at least a tenth of
 * the mean latency, or its p99 at least a tenth of the latency p99, and MATERIAL_MS or more.
 * So a 30 ms stall matters to 5 ms replies and not to 2 s ones, and a short run is not judged by
 * one GC pause.
 */
function isSaturated(queueing: Queueing, latency: ReportedLatency | undefined): boolean {
  if (!latency || queueing.lateIntervals < MIN_LATE_INTERVALS) return false
  const material = (wait: number, reported: number) => wait >= MATERIAL_MS && wait >= MATERIAL_SHARE * reported
  return material(queueing.meanMs, latency.mean) || material(queueing.p99Ms, latency.p99)
}

function round(n: number, digits = 1): number {
  const f = 10 ** digits
  return Math.round(n * f) / f
}
