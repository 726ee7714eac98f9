import { performance } from 'node:perf_hooks'
import { setTimeout as sleep } from 'node:timers/promises'
import type { ArrivalStats } from '../report/model.js'
import { createLatency } from '../metrics/latency.js'
import type { Conversation } from '../scenario/compiled-conversation.js'
import { runConversation } from './conversation.js'
import { createRunState, type ExecuteOptions, type ExecuteResult } from './run-cases.js'

/** An open-loop schedule: `starts` conversations, one every 1/ratePerSecond s, at most maxInFlight at once. */
export interface ArrivalSchedule {
  ratePerSecond: number
  starts: number
  maxInFlight: number
}

/** A start more than this many ms after its scheduled time counts as late. */
const LATE_START_MS = 10

/**
 * Open-loop load, like k6's constant-arrival-rate executor: conversation i starts at
 * t0 + i / rate whatever the assistant does, so a slow assistant faces the same arrivals a
 * fast one does and the queueing shows in the latencies (measured from the scheduled time; see
 * runConversation's `scheduledAt`). A start due while `maxInFlight` conversations are running is
 * dropped and counted, as k6 drops iterations when it has no VU free. The source is cycled when
 * `starts` is more than it holds; later passes get ids `<id>#<pass>`.
 */
export async function executeArrivals(
  cases: Iterable<Conversation>,
  opts: ExecuteOptions & { schedule: ArrivalSchedule },
): Promise<ExecuteResult & { arrival: ArrivalStats }> {
  const { ratePerSecond, starts, maxInFlight } = opts.schedule
  const state = createRunState(opts)
  const interval = 1000 / ratePerSecond
  const running = new Set<Promise<void>>()
  const delays = createLatency()
  const stats = { scheduled: 0, started: 0, dropped: 0, late: 0 }
  let notRun = 0
  let lastStart = 0
  const t0 = performance.now()
  for (const conv of cycle(cases, starts)) {
    const due = t0 + stats.scheduled * interval
    stats.scheduled++
    if (!state.halted()) await waitUntil(due, opts.control?.stop)
    if (state.halted()) {
      notRun++
      continue
    }
    if (running.size >= maxInFlight) {
      stats.dropped++
      continue
    }
    lastStart = performance.now()
    const delay = lastStart - due
    delays.add(delay)
    if (delay > LATE_START_MS) stats.late++
    stats.started++
    const position = state.next()
    const task: Promise<void> = runConversation(conv, opts.adapter, {
      thinkTimeMs: opts.thinkTimeMs,
      feedback: opts.feedback,
      waits: opts.control,
      scheduledAt: due,
      redact: opts.redact,
      judge: opts.judge,
    })
      .then((result) => state.record(position, result), state.fail)
      .finally(() => running.delete(task))
    running.add(task)
  }
  await Promise.all(running)
  const window = stats.started === 0 ? 0 : Math.max((stats.scheduled - notRun) * interval, lastStart - t0 + interval)
  const delay = delays.stats()
  return {
    ...state.finish(notRun),
    arrival: {
      target_rate: ratePerSecond,
      achieved_rate: window > 0 ? Math.round((stats.started / (window / 1000)) * 100) / 100 : 0,
      ...stats,
      not_run: notRun,
      max_in_flight: maxInFlight,
      start_delay_p99_ms: delay.p99,
      start_delay_max_ms: delay.max,
    },
  }
}

/** Below this share of the target rate, or with any start dropped, the run warns ARRIVAL_RATE_MISSED. */
const ACHIEVED_SHARE = 0.95

/** The ARRIVAL_RATE_MISSED message, or undefined when the schedule was kept. */
export function arrivalMissed(a: ArrivalStats): string | undefined {
  if (a.dropped === 0 && a.achieved_rate >= a.target_rate * ACHIEVED_SHARE) return undefined
  return `achieved ${a.achieved_rate}/s of the target ${a.target_rate}/s (${a.dropped} starts dropped at --max-in-flight ${a.max_in_flight}, ${a.late} late): the assistant or banter did not keep up`
}

/** The conversations to start: the source once, or repeated until `count` (ids of later passes get `#<pass>`). */
export function* cycle(cases: Iterable<Conversation>, count: number): Generator<Conversation> {
  let n = 0
  for (let pass = 1; n < count; pass++) {
    let any = false
    for (const conv of cases) {
      if (n++ >= count) return
      any = true
      yield pass === 1 ? conv : { ...conv, id: `${conv.id}#${pass}` }
    }
    if (!any) return
  }
}

/** Sleeps until `due` (never wakes early, as a rounded timer may), or until the run is stopped. */
async function waitUntil(due: number, stop: AbortSignal | undefined): Promise<void> {
  for (let wait = due - performance.now(); wait > 0 && !stop?.aborted; wait = due - performance.now()) {
    try {
      await sleep(Math.ceil(wait), undefined, stop ? { signal: stop } : undefined)
    } catch {
      return // stopped while waiting: the caller sees the run halted
    }
  }
}
