import type { CaseResult } from '../results.js'
import { createLatency } from './latency.js'
import type { MetricPart } from './part.js'

/**
 * `service_time`: in open-loop runs, the latency of the requests alone (TurnResult.serviceMs),
 * next to `response_time`, which there counts from when each message was due.
 */
export function serviceTimePart(): MetricPart {
  const latency = createLatency()
  return {
    add(c: CaseResult) {
      if (c.status === 'skipped') return
      for (const t of c.turns) if (t.reply && t.serviceMs !== undefined) latency.add(t.serviceMs)
    },
    result: () => ({ service_time: latency.stats() }),
  }
}
