import type { CaseResult } from '../results.js'
import { createLatency, type LatencyState } from './latency.js'
import { ran, type MetricPart } from './part.js'

/**
 * `service_time`: in open-loop runs, each answered turn's time as a closed run measures it
 * (TurnResult.serviceMs), next to `response_time`, which there counts from when each message was due.
 */
export function serviceTimePart(): MetricPart<LatencyState> {
  const latency = createLatency()
  return {
    name: 'service_time',
    add(c: CaseResult) {
      if (!ran(c.status)) return
      for (const t of c.turns) if (t.status !== 'skipped' && t.reply && t.serviceMs !== undefined) latency.add(t.serviceMs)
    },
    result: () => ({ service_time: latency.stats() }),
    state: () => latency.state(),
    load: (s) => latency.load(s),
  }
}
