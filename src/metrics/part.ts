import type { CaseResult, RunMetrics } from '../results.js'

/**
 * One independent slice of the run metrics, fed every conversation as it finishes (so results
 * need not be kept) and asked for its figures at the end. New metrics (feedback, say) are a new
 * part added to the list in measure.ts.
 */
export interface MetricPart {
  add(result: CaseResult): void
  result(run: { durationMs: number }): Partial<RunMetrics>
}

/** Names that count as a fallback or an escalation (config `metrics:`). */
export interface MetricOptions {
  fallbackIntents: string[]
  fallbackActions: string[]
  escalationActions: string[]
}

export const DEFAULT_METRIC_OPTIONS: MetricOptions = {
  fallbackIntents: ['fallback'],
  fallbackActions: ['fallback'],
  escalationActions: ['escalate_to_human'],
}

/** Conversations and turns that ran: skipped ones are in the summary, not in the metrics. */
export function ran(status: CaseResult['status']): boolean {
  return status !== 'skipped'
}
