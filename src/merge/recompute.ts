import { measure } from '../metrics/measure.js'
import { summarize } from '../metrics/summary.js'
import { addGeneratorCounts } from '../metrics/generators.js'
import { evaluateThresholds, type Threshold } from '../metrics/thresholds.js'
import type { Alert, RunReport, Summary } from '../results.js'

/**
 * The single place where a merged report's derived figures are rebuilt, never averaged across
 * shards. When the shard reports hold every case, everything comes from the merged cases: the
 * summary, the run metrics (percentiles from the merged per-turn samples, rates over the whole
 * run, messages per second over the span of all shards) and the alerts of the thresholds in force
 * (a scenario shard does not alert on its own). Generated runs keep only failures and a few passes
 * per report (`run.casesOmitted`): then the summary adds up the shards' counts (exact, since
 * shards are disjoint), the metrics cover the kept cases only, and the alerts are the ones each
 * shard raised on its own complete figures.
 */
export function recompute(merged: RunReport, shards: readonly RunReport[]): RunReport {
  const metrics = measure(merged.cases, merged.run.durationMs)
  if ((merged.run.casesOmitted ?? 0) > 0) {
    const summary = shards.reduce((sum, r) => addSummaries(sum, r.summary), emptySummary())
    return { ...merged, summary, metrics, alerts: shards.flatMap((r) => shardAlerts(r)) }
  }
  const thresholds = merged.thresholds ?? []
  return { ...merged, summary: summarize(merged.cases), metrics, alerts: evaluateThresholds(thresholds as Threshold[], metrics) }
}

function shardAlerts(report: RunReport): Alert[] {
  const label = report.run.shard ? ` (shard ${report.run.shard.index}/${report.run.shard.total})` : ''
  return (report.alerts ?? []).map((a) => ({ ...a, name: `${a.name}${label}` }))
}

function emptySummary(): Summary {
  return { conversations: 0, passed: 0, failed: 0, errored: 0, skipped: 0, turns: { total: 0, passed: 0, failed: 0, errored: 0, skipped: 0 } }
}

function addSummaries(a: Summary, b: Summary): Summary {
  const generators = addGeneratorCounts(a.generators, b.generators)
  return {
    ...(generators ? { generators } : {}),
    conversations: a.conversations + b.conversations,
    passed: a.passed + b.passed,
    failed: a.failed + b.failed,
    errored: a.errored + b.errored,
    skipped: a.skipped + b.skipped,
    turns: {
      total: a.turns.total + b.turns.total,
      passed: a.turns.passed + b.turns.passed,
      failed: a.turns.failed + b.turns.failed,
      errored: a.turns.errored + b.turns.errored,
      skipped: a.turns.skipped + b.turns.skipped,
    },
  }
}
