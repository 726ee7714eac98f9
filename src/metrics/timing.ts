import type { CaseResult, RunMetrics, TurnResult } from '../report/model.js'
import { createLatency, type LatencyAccumulator, type LatencyState } from './latency.js'
import { ran, type MetricPart } from './mergeable-part.js'

/**
 * A latency family over the answered turns of conversations that ran: `valueOf` picks a turn's
 * figure (undefined: not counted), `result` turns the accumulated values into metrics.
 */
export function turnLatencyPart(
  name: string,
  valueOf: (turn: TurnResult) => number | undefined,
  result: (latency: LatencyAccumulator) => Partial<RunMetrics>,
): MetricPart<LatencyState> {
  const latency = createLatency()
  return {
    name,
    add(c: CaseResult) {
      if (!ran(c.status)) return
      for (const t of c.turns) {
        if (t.status === 'skipped' || !t.reply) continue
        const value = valueOf(t)
        if (value !== undefined) latency.add(value)
      }
    },
    result: () => result(latency),
    state: () => latency.state(),
    load: (s) => latency.load(s),
  }
}

/**
 * response_time (percentiles, max, mean) and its histogram, over answered turns' latencyMs (what
 * the user waited, retries included).
 */
export function responseTimePart(): MetricPart<LatencyState> {
  return turnLatencyPart(
    'response_time',
    (t) => t.latencyMs,
    (l) => ({ response_time: l.stats(), response_time_histogram: l.histogram() }),
  )
}

/** attempt_time: the final attempt alone of each answered turn (its latency, without retries and waits). */
export function attemptTimePart(): MetricPart<LatencyState> {
  return turnLatencyPart(
    'attempt_time',
    (t) => (t.latencyMs === undefined ? undefined : (t.attempts?.at(-1)?.latencyMs ?? t.latencyMs)),
    (l) => ({ attempt_time: l.stats() }),
  )
}

/**
 * time_to_first_token p50/p95/p99/mean over the answered turns that streamed (a turn's `ttftMs`,
 * set by adapters that stream, such as openai with `stream: true`); all null when none streamed.
 */
export function timeToFirstTokenPart(): MetricPart<LatencyState> {
  return turnLatencyPart(
    'time_to_first_token',
    (t) => (typeof t.ttftMs === 'number' ? t.ttftMs : undefined),
    (l) => {
      if (l.count() === 0) return { time_to_first_token: { p50: null, p95: null, p99: null, mean: null } }
      const s = l.stats()
      return { time_to_first_token: { p50: s.p50, p95: s.p95, p99: s.p99, mean: s.mean } }
    },
  )
}
