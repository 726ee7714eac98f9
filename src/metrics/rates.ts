import type { CaseResult } from '../results.js'
import { ratio } from './classification.js'
import { createLatency } from './latency.js'
import { ran, type MetricOptions, type MetricPart } from './part.js'

/**
 * Counts, throughput, latency, fallback, escalation, completion, errors and retries. Response
 * time is each answered turn's `latencyMs` (what the user waited, retries included); attempt
 * time is its final attempt alone.
 */
export function ratesPart(opts: MetricOptions): MetricPart {
  const latency = createLatency()
  const attemptTime = createLatency()
  const n = { conversations: 0, completed: 0, escalated: 0, turns: 0, answered: 0, fallbacks: 0, errored: 0, retries: 0 }
  const isFallback = (r: { intent?: string; action?: string }) =>
    (r.intent !== undefined && opts.fallbackIntents.includes(r.intent)) || (r.action !== undefined && opts.fallbackActions.includes(r.action))
  return {
    add(c: CaseResult) {
      for (const t of c.turns) n.retries += t.retries
      if (!ran(c.status)) return
      n.conversations++
      if (c.turns.every((t) => t.status === 'passed')) n.completed++
      if (c.turns.some((t) => t.reply?.action !== undefined && opts.escalationActions.includes(t.reply.action))) n.escalated++
      for (const t of c.turns) {
        if (t.status === 'skipped') continue
        n.turns++
        if (t.status === 'errored') n.errored++
        if (!t.reply) continue
        n.answered++
        if (t.latencyMs !== undefined) {
          latency.add(t.latencyMs)
          attemptTime.add(t.attempts?.at(-1)?.latencyMs ?? t.latencyMs)
        }
        if (isFallback(t.reply)) n.fallbacks++
      }
    },
    result({ durationMs }) {
      return {
        conversations: n.conversations,
        turns: n.turns,
        messages_per_second: durationMs > 0 ? Math.round((n.answered / (durationMs / 1000)) * 100) / 100 : 0,
        response_time: latency.stats(),
        response_time_histogram: latency.histogram(),
        attempt_time: attemptTime.stats(),
        fallback_rate: ratio(n.fallbacks, n.answered),
        escalation_rate: ratio(n.escalated, n.conversations),
        completion_rate: ratio(n.completed, n.conversations),
        avg_conversation_length: ratio(n.turns, n.conversations),
        error_rate: ratio(n.errored, n.turns),
        retries: n.retries,
      }
    },
  }
}
