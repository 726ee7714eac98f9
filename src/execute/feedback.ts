/**
 * Sends a scenario's feedback step after its last turn: POST `{session_id, user_id, satisfaction,
 * resolved, comment}` as JSON to the feedback endpoint. Feedback is not sent when there is no
 * endpoint for it, or when the conversation did not finish (an errored turn, a skipped scenario).
 */
import type { CaseFeedback } from '../report/model.js'
import type { PlannedFeedback } from '../scenario/compiled-conversation.js'
import { quoteBody } from '../network/read-body.js'
import { EndpointError, type Transport } from '../network/transport.js'

/** Where feedback goes, or why it cannot be sent. */
export type FeedbackTarget =
  | { url: string; headers: Record<string, string>; timeoutMs: number; transport: Transport; redact: (text: string) => string }
  | { unavailable: string }

const NO_FEEDBACK_URL = 'no feedback endpoint: set endpoint.feedback_url in banter.config.yaml'

/** The feedback target of an endpoint: its feedback URL with its headers, or why there is none. */
export function feedbackTarget(
  endpoint: { feedbackUrl?: string; headers: Record<string, string>; timeoutMs: number },
  transport: Transport,
  redact: (text: string) => string,
): FeedbackTarget {
  if (!endpoint.feedbackUrl) return { unavailable: NO_FEEDBACK_URL }
  return { url: endpoint.feedbackUrl, headers: endpoint.headers, timeoutMs: endpoint.timeoutMs, transport, redact }
}

/** A feedback step recorded as not sent, with the reason. */
export function unsentFeedback(planned: PlannedFeedback, skipReason: string): CaseFeedback {
  return { ...plain(planned), sent: false, skipReason }
}

export async function sendFeedback(
  planned: PlannedFeedback,
  ids: { sessionId: string; userId: string },
  target: FeedbackTarget | undefined,
): Promise<CaseFeedback> {
  if (!target || 'unavailable' in target) return unsentFeedback(planned, target?.unavailable ?? NO_FEEDBACK_URL)
  const body = {
    session_id: ids.sessionId,
    user_id: ids.userId,
    satisfaction: planned.satisfaction,
    resolved: planned.resolved,
    comment: planned.comment ?? null,
  }
  try {
    const res = await target.transport.send({
      url: target.url,
      method: 'POST',
      headers: { ...target.headers, 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
      timeoutMs: target.timeoutMs,
    })
    if (res.status < 200 || res.status > 299)
      return { ...plain(planned), sent: false, error: `HTTP_STATUS: HTTP ${res.status}: ${quoteBody(res.text, target.redact)}` }
    return { ...plain(planned), sent: true }
  } catch (err) {
    if (!(err instanceof EndpointError)) throw err
    return { ...plain(planned), sent: false, error: `${err.code}: ${err.message}` }
  }
}

function plain(p: PlannedFeedback): Pick<CaseFeedback, 'satisfaction' | 'resolved' | 'comment'> {
  return { satisfaction: p.satisfaction, resolved: p.resolved, ...(p.comment !== undefined ? { comment: p.comment } : {}) }
}
