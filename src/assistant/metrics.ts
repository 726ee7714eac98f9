/**
 * The reference assistant's live metrics, served at `GET /metrics` in the Prometheus text format
 * (the live side of the dashboard whose offline side is banter's run metrics):
 *
 *   banter_assistant_active_sessions                  gauge      sessions remembered now
 *   banter_assistant_messages_total{intent}           counter    /chat messages by classified intent
 *   banter_assistant_response_time_seconds            histogram  /chat time from arrival to answer, injected latency included
 *   banter_assistant_faults_total{kind}               counter    injected faults by kind (error500, error503, reset, hang, …)
 *   banter_assistant_fallbacks_total                  counter    replies with action "fallback"
 *   banter_assistant_escalations_total                counter    replies with action "escalate_to_human"
 *   banter_assistant_bad_requests_total               counter    /chat requests refused with 4xx
 *   banter_assistant_feedback_score                   histogram  user feedback scores (recordFeedback)
 *
 * Intent labels come from the assistant's fixed intent set, so label cardinality is bounded.
 */
import { createHistogram, histogramLines, observe, scalarLines, type HistogramState } from './prometheus-text.js'

/** Response-time bucket upper bounds, in seconds. */
const RESPONSE_TIME_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5] as const
/** Feedback score bucket upper bounds (a 1..5 rating scale). */
const FEEDBACK_BUCKETS = [1, 2, 3, 4, 5] as const

/**
 * When each request arrived, set by the first handler that sees it (the fault injector, which may
 * delay it), so the response time is what the client waited, not only the handler's own work.
 */
const arrivals = new WeakMap<object, number>()

/** Records the arrival time of a request unless an outer wrapper already did. */
export function markArrival(req: object, at = performance.now()): number {
  const seen = arrivals.get(req)
  if (seen !== undefined) return seen
  arrivals.set(req, at)
  return at
}

/** One answered /chat message, as the metrics see it. */
interface ChatObservation {
  intent: string
  action: string
  seconds: number
}

/** Counters and histograms of one assistant instance. */
export interface AssistantMetrics {
  recordChat(observation: ChatObservation): void
  recordBadRequest(): void
  /** Counts one injected fault of this kind. */
  recordFault(kind: string): void
  /** Records one user feedback score (e.g. from a future POST /feedback); false if not a finite number. */
  recordFeedback(score: number): boolean
  /** The exposition text; `activeSessions` is read at scrape time. */
  render(state: { activeSessions: number }): string
}

export function createAssistantMetrics(): AssistantMetrics {
  const messages = new Map<string, number>()
  const responseTime: HistogramState = createHistogram(RESPONSE_TIME_BUCKETS)
  const feedback: HistogramState = createHistogram(FEEDBACK_BUCKETS)
  let fallbacks = 0
  let escalations = 0
  let badRequests = 0
  const faults = new Map<string, number>()
  return {
    recordChat({ intent, action, seconds }) {
      messages.set(intent, (messages.get(intent) ?? 0) + 1)
      observe(responseTime, seconds)
      if (action === 'fallback') fallbacks++
      if (action === 'escalate_to_human') escalations++
    },
    recordBadRequest() {
      badRequests++
    },
    recordFault(kind) {
      faults.set(kind, (faults.get(kind) ?? 0) + 1)
    },
    recordFeedback(score) {
      if (typeof score !== 'number' || !Number.isFinite(score)) return false
      observe(feedback, score)
      return true
    },
    render({ activeSessions }) {
      const byIntent = [...messages.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([intent, n]): [Record<string, string>, number] => [{ intent }, n])
      return `${[
        ...scalarLines('banter_assistant_active_sessions', 'gauge', 'Conversation sessions the assistant remembers now.', [
          [{}, activeSessions],
        ]),
        ...scalarLines('banter_assistant_messages_total', 'counter', 'Chat messages answered, by classified intent.', byIntent),
        ...histogramLines('banter_assistant_response_time_seconds', 'Time to handle a chat message, in seconds.', responseTime),
        ...scalarLines('banter_assistant_fallbacks_total', 'counter', 'Replies that fell back (the assistant did not understand).', [
          [{}, fallbacks],
        ]),
        ...scalarLines('banter_assistant_escalations_total', 'counter', 'Replies that escalated to a human agent.', [[{}, escalations]]),
        ...scalarLines('banter_assistant_bad_requests_total', 'counter', 'Chat requests refused as malformed (HTTP 4xx).', [
          [{}, badRequests],
        ]),
        ...histogramLines('banter_assistant_feedback_score', 'User feedback scores (1 to 5).', feedback),
        ...scalarLines(
          'banter_assistant_faults_total',
          'counter',
          'Faults injected into /chat, by kind (serve --faults).',
          [...faults.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([kind, n]): [Record<string, string>, number] => [{ kind }, n]),
        ),
      ].join('\n')}\n`
    },
  }
}
