import type { MetricPart } from './mergeable-part.js'
import { addCounts } from './mergeable-part.js'

/**
 * user_satisfaction: mean satisfaction (1-5) of the feedback steps that reached the assistant;
 * resolved_rate: the share of those that answered resolved. Feedback that was not sent (no
 * feedback endpoint, an earlier error) is not counted; both are null when none was sent.
 */
export function feedbackPart(): MetricPart<{ sent: number; satisfaction: number; resolved: number }> {
  const n = { sent: 0, satisfaction: 0, resolved: 0 }
  return {
    name: 'feedback',
    add(result) {
      const f = result.feedback
      if (!f?.sent) return
      n.sent++
      n.satisfaction += f.satisfaction
      if (f.resolved) n.resolved++
    },
    result: () => ({
      user_satisfaction: n.sent > 0 ? n.satisfaction / n.sent : null,
      resolved_rate: n.sent > 0 ? n.resolved / n.sent : null,
    }),
    state: () => ({ ...n }),
    load: (s) => addCounts(n, s),
  }
}
