import { monitorEventLoopDelay, performance, type EventLoopUtilization } from 'node:perf_hooks'
import type { RunnerLoad } from '../report/model.js'

/** The runner counts as saturated above this event-loop delay (p99, ms) while it used ... */
const SATURATION_LAG_MS = 50
/** ... and its event loop was busy at least this share of the time: the delay is then banter's own; */
const BUSY_UTILIZATION = 0.5
/** or above this delay whatever the cause (other processes starving it of CPU). */
const SEVERE_LAG_MS = 250

/** The warning printed on the console and carried by every report when the runner saturated. */
export const SATURATION_WARNING = "latencies include banter's own queueing; lower --concurrency or shard"

const RESOLUTION_MS = 20

/**
 * Starts measuring the runner: event-loop delay (perf_hooks.monitorEventLoopDelay, sampled every
 * 20 ms), event-loop utilization and process CPU. `stop` ends the measurement and returns it.
 */
export function watchRunner(): { stop(): RunnerLoad } {
  const delay = monitorEventLoopDelay({ resolution: RESOLUTION_MS })
  delay.enable()
  const started = performance.now()
  const cpu = process.cpuUsage()
  const elu: EventLoopUtilization = performance.eventLoopUtilization()
  return {
    stop() {
      delay.disable()
      const wallMs = performance.now() - started
      const used = process.cpuUsage(cpu)
      const utilization = performance.eventLoopUtilization(elu).utilization
      // The histogram holds whole timer intervals (the resolution plus the delay); with no sample
      // yet (a run shorter than one interval) nothing was measured.
      const lag = (ns: number) => (delay.count === 0 ? 0 : round(Math.max(0, ns / 1e6 - RESOLUTION_MS)))
      const load = {
        event_loop_lag_p99_ms: lag(delay.percentile(99)),
        event_loop_lag_max_ms: lag(delay.max),
        event_loop_utilization: round(utilization, 3),
        cpu_percent: wallMs > 0 ? round(((used.user + used.system) / 1000 / wallMs) * 100) : 0,
      }
      return { ...load, saturated: isSaturated(load) }
    },
  }
}

/**
 * Saturated: replies waited more than SATURATION_LAG_MS (p99) for the event loop while that loop
 * was busy at least half the time, or more than SEVERE_LAG_MS whatever the cause. Utilization
 * rather than CPU tells banter's own work from other processes': on a machine short of CPU a
 * CPU-bound banter gets a fraction of a core (low cpu_percent) but its loop stays busy, while an
 * idle banter's loop is idle however late its timers fire.
 */
export function isSaturated(load: Omit<RunnerLoad, 'saturated'>): boolean {
  if (load.event_loop_lag_p99_ms > SEVERE_LAG_MS) return true
  return load.event_loop_lag_p99_ms > SATURATION_LAG_MS && load.event_loop_utilization >= BUSY_UTILIZATION
}

function round(n: number, digits = 1): number {
  const f = 10 ** digits
  return Math.round(n * f) / f
}
