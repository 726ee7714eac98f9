import type { LatencyState } from './latency.js'
import type { MetricPart } from './mergeable-part.js'
import { turnLatencyPart } from './timing.js'

/**
 * `service_time`: in open-loop runs, each answered turn's time as a closed run measures it
 * (TurnResult.serviceMs), next to `response_time`, which there counts from when each message was due.
 */
export function serviceTimePart(): MetricPart<LatencyState> {
  return turnLatencyPart(
    'service_time',
    (t) => t.serviceMs,
    (l) => ({ service_time: l.stats() }),
  )
}
