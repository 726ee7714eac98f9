import { createMetrics, fromDefinitions } from '../metrics/measure.js'
import { summarize } from '../metrics/tally.js'
import { addGeneratorCounts } from '../metrics/generators.js'
import { countOutcomes } from '../metrics/outcomes.js'
import { evaluateThresholds, type Threshold } from '../thresholds/check.js'
import type { MetricState, RunnerLoad, RunReport, Summary } from '../report/model.js'

/**
 * The single place where a merged report's derived figures are rebuilt, never averaged across
 * shards. The metrics come from the shards' metricState (counts, confusion cells, lossless
 * latency histograms, feedback sums) added together and computed with the definitions the shards
 * were run with, so they equal the metrics of one run over every conversation, including those a
 * generated run leaves out of `cases`. The alerts are the thresholds in force evaluated on those
 * metrics (a shard does not alert on its own). The summary is recounted from the merged cases,
 * or, when generated reports left passes out (`run.casesOmitted`), the sum of the shards'
 * summaries (exact, since shards are disjoint). The runner's load cannot be rebuilt (each shard
 * ran in its own process, perhaps on its own machine): each figure is the worst shard's (a
 * saturated shard makes the merged run's latencies suspect too), `runner.shards` says over how
 * many shards, and thresholds on runner_* metrics hold the whole run to its worst shard.
 */
export function recompute(merged: RunReport, shards: readonly RunReport[], states: readonly MetricState[]): RunReport {
  const acc = createMetrics(fromDefinitions(states[0]!.definitions))
  for (const s of states) acc.load(s)
  const runner = shards.some((r) => r.run.shard) ? worstRunnerLoad(shards.map((r) => r.metrics?.runner)) : shards[0]?.metrics?.runner
  const metrics = { ...acc.result(merged.run.durationMs), ...(runner ? { runner } : {}) }
  const counted =
    (merged.run.casesOmitted ?? 0) > 0 ? shards.reduce((sum, r) => addSummaries(sum, r.summary), emptySummary()) : summarize(merged.cases)
  const summary = merged.conversations ? { ...counted, outcomes: countOutcomes(merged.conversations) } : counted
  const thresholds = merged.thresholds ?? []
  return { ...merged, summary, metrics, alerts: evaluateThresholds(thresholds as Threshold[], metrics), metricState: acc.state() }
}

function emptySummary(): Summary {
  return {
    conversations: 0,
    passed: 0,
    failed: 0,
    errored: 0,
    skipped: 0,
    turns: { total: 0, passed: 0, failed: 0, errored: 0, skipped: 0 },
  }
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

/**
 * Each figure at its worst across the shards that measured their runner: the highest lag,
 * utilization, CPU and queueing; saturated if any shard was; `shards` counts them, so the report
 * says its figures are a shard's, not the whole run's.
 */
function worstRunnerLoad(loads: readonly (RunnerLoad | undefined)[]): RunnerLoad | undefined {
  const present = loads.filter((l): l is RunnerLoad => l !== undefined)
  if (present.length === 0) return undefined
  const max = (pick: (l: RunnerLoad) => number) => Math.max(...present.map(pick))
  return {
    event_loop_lag_p99_ms: max((l) => l.event_loop_lag_p99_ms),
    event_loop_lag_max_ms: max((l) => l.event_loop_lag_max_ms),
    event_loop_utilization: max((l) => l.event_loop_utilization),
    cpu_percent: max((l) => l.cpu_percent),
    ...worstQueueing(present),
    saturated: present.some((l) => l.saturated),
    shards: present.length,
  }
}

/** The highest queueing estimates among the shards that have them (reports before they were measured have none). */
function worstQueueing(loads: readonly RunnerLoad[]): Pick<RunnerLoad, 'queueing_mean_ms' | 'queueing_p99_ms'> {
  const worst = (pick: (l: RunnerLoad) => number | undefined) => {
    const values = loads.map(pick).filter((v): v is number => v !== undefined)
    return values.length === 0 ? undefined : Math.max(...values)
  }
  const mean = worst((l) => l.queueing_mean_ms)
  const p99 = worst((l) => l.queueing_p99_ms)
  return { ...(mean === undefined ? {} : { queueing_mean_ms: mean }), ...(p99 === undefined ? {} : { queueing_p99_ms: p99 }) }
}
