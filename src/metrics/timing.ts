import type { CaseResult } from '../results.js'
import { createLatency, type LatencyState } from './latency.js'
import { ran, type MetricPart } from './part.js'

/**
 * response_time (percentiles, max, mean) and its histogram, over answered turns' latencyMs (what
 * the user waited, retries included).
 */
export function responseTimePart(): MetricPart<LatencyState> {
  const latency = createLatency()
  return {
    name: 'response_time',
    add(c: CaseResult) {
      if (!ran(c.status)) return
      for (const t of c.turns) if (t.status !== 'skipped' && t.reply && t.latencyMs !== undefined) latency.add(t.latencyMs)
    },
    result: () => ({ response_time: latency.stats(), response_time_histogram: latency.histogram() }),
    state: () => latency.state(),
    load: (s) => latency.load(s),
  }
}

/** attempt_time: the final attempt alone of each answered turn (its latency, without retries and waits). */
export function attemptTimePart(): MetricPart<LatencyState> {
  const attempt = createLatency()
  return {
    name: 'attempt_time',
    add(c: CaseResult) {
      if (!ran(c.status)) return
      for (const t of c.turns) if (t.status !== 'skipped' && t.reply && t.latencyMs !== undefined) attempt.add(t.attempts?.at(-1)?.latencyMs ?? t.latencyMs)
    },
    result: () => ({ attempt_time: attempt.stats() }),
    state: () => attempt.state(),
    load: (s) => attempt.load(s),
  }
}

/**
 * time_to_first_token p50/p95/p99/mean over the answered turns that streamed (a turn's `ttftMs`,
 * set by adapters that stream, such as openai with `stream: true`); all null when none streamed.
 */
export function timeToFirstTokenPart(): MetricPart<LatencyState> {
  const ttft = createLatency()
  return {
    name: 'time_to_first_token',
    add(c: CaseResult) {
      if (!ran(c.status)) return
      for (const t of c.turns) if (t.status !== 'skipped' && t.reply && typeof t.ttftMs === 'number') ttft.add(t.ttftMs)
    },
    result: () => {
      if (ttft.count() === 0) return { time_to_first_token: { p50: null, p95: null, p99: null, mean: null } }
      const s = ttft.stats()
      return { time_to_first_token: { p50: s.p50, p95: s.p95, p99: s.p99, mean: s.mean } }
    },
    state: () => ttft.state(),
    load: (s) => ttft.load(s),
  }
}
