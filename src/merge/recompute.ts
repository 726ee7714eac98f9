import { measure } from '../metrics/measure.js'
import { summarize } from '../metrics/summary.js'
import { evaluateThresholds, type Threshold } from '../metrics/thresholds.js'
import type { RunReport } from '../results.js'

/**
 * The single place where a merged report's derived figures are rebuilt from its cases, never
 * averaged across shards: the summary counts, the run metrics (percentiles from the merged
 * per-turn samples, rates over the whole run, messages per second over the span of all shards),
 * and the alerts of the thresholds in force. Shards do not alert on their own (a shard's fallback
 * rate says little about the run's); the merged report does.
 */
export function recompute(report: RunReport): RunReport {
  const metrics = measure(report.cases, report.run.durationMs)
  const thresholds = report.thresholds ?? []
  return { ...report, summary: summarize(report.cases), metrics, alerts: evaluateThresholds(thresholds as Threshold[], metrics) }
}
