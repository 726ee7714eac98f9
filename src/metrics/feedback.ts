import type { MetricPart } from './part.js'

/**
 * user_satisfaction: mean satisfaction (1-5) of the feedback steps that reached the assistant;
 * resolved_rate: the share of those that answered resolved. Feedback that was not sent (no
 * feedback endpoint, an earlier error) is not counted; both are null when none was sent.
 */
export function feedbackPart(): MetricPart {
  let sent = 0
  let satisfaction = 0
  let resolved = 0
  return {
    add(result) {
      const f = result.feedback
      if (!f?.sent) return
      sent++
      satisfaction += f.satisfaction
      if (f.resolved) resolved++
    },
    result: () => ({
      user_satisfaction: sent > 0 ? satisfaction / sent : null,
      resolved_rate: sent > 0 ? resolved / sent : null,
    }),
  }
}
