import type { CaseResult, RunMetrics } from '../report/model.js'

/**
 * One independent slice of the run metrics, fed every conversation as it finishes (so results
 * need not be kept) and asked for its figures at the end. New metrics (feedback, say) are a new
 * part added to the list in measure.ts.
 *
 * Every part is mergeable: `state()` is plain JSON holding everything its figures are computed
 * from (counts, sums, lossless latency histograms), stored in the report under
 * `metricState.parts[name]`; `load` adds another run's state (a shard's), so that loading the
 * states of disjoint shards and asking for `result` gives exactly the figures of one run over
 * all of them. A new part needs only a unique `name`, its state and `load`; merge and the report
 * schema's `metricState` take it without further changes.
 */
export interface MetricPart<S = unknown> {
  name: string
  add(result: CaseResult): void
  result(run: { durationMs: number }): Partial<RunMetrics>
  state(): S
  load(state: S): void
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

/** Adds `from`'s numeric fields into `into` (states that are flat counters). */
export function addCounts<T extends object>(into: T, from: T): void {
  const a = into as Record<string, number>
  const b = from as Record<string, number>
  for (const k of Object.keys(a)) a[k]! += b[k]!
}
