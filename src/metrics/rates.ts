import type { CaseResult, RateCounts } from '../report/model.js'
import { ratio } from './classification.js'
import { addCounts, ran, type MetricOptions, type MetricPart } from './mergeable-part.js'

/**
 * Counts, throughput, fallback, escalation, completion, errors and retries.
 * messages_per_second is answered turns over the run's duration (for a merged report, the
 * longest shard's own duration: see merge/merge-reports.ts).
 */
export function ratesPart(opts: MetricOptions): MetricPart<RateCounts> {
  const n: RateCounts = { conversations: 0, completed: 0, escalated: 0, turns: 0, answered: 0, fallbacks: 0, errored: 0, retries: 0 }
  const isFallback = (r: { intent?: string; action?: string }) =>
    (r.intent !== undefined && opts.fallbackIntents.includes(r.intent)) ||
    (r.action !== undefined && opts.fallbackActions.includes(r.action))
  return {
    name: 'rates',
    add(c: CaseResult) {
      for (const t of c.turns) n.retries += t.retries
      if (!ran(c.status)) return
      n.conversations++
      // One plain loop over the turns: this runs for every conversation of a run.
      let completed = true
      let escalated = false
      for (const t of c.turns) {
        if (t.status !== 'passed') completed = false
        if (t.reply?.action !== undefined && opts.escalationActions.includes(t.reply.action)) escalated = true
        if (t.status === 'skipped') continue
        n.turns++
        if (t.status === 'errored') n.errored++
        if (!t.reply) continue
        n.answered++
        if (isFallback(t.reply)) n.fallbacks++
      }
      if (completed) n.completed++
      if (escalated) n.escalated++
    },
    result({ durationMs }) {
      return {
        conversations: n.conversations,
        turns: n.turns,
        messages_per_second: durationMs > 0 ? Math.round((n.answered / (durationMs / 1000)) * 100) / 100 : 0,
        fallback_rate: ratio(n.fallbacks, n.answered),
        escalation_rate: ratio(n.escalated, n.conversations),
        completion_rate: ratio(n.completed, n.conversations),
        avg_conversation_length: ratio(n.turns, n.conversations),
        error_rate: ratio(n.errored, n.turns),
        retries: n.retries,
      }
    },
    state: () => ({ ...n }),
    load: (s) => addCounts(n, s),
  }
}
