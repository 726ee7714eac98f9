import { inputError } from '../core/errors.js'
import type { MetricDefinitions, MetricState, ThresholdSpec } from '../report/model.js'
import type { LoadedReport } from './read-reports.js'

const HINT = 'run every shard with the same banter version and config (metrics: and thresholds:) and the same --threshold flags'

/**
 * Every report carries the metric state, definitions and thresholds it was computed with, and
 * they agree: otherwise merged figures would mix two meanings of "fallback" or two verdicts
 * (input error naming the field and both files).
 */
export function checkSameDefinitions(ordered: readonly LoadedReport[]): MetricState[] {
  const [first] = ordered as [LoadedReport, ...LoadedReport[]]
  const states = ordered.map((l) => {
    if (!l.report.metricState) {
      throw inputError(
        'MERGE_NO_METRIC_STATE',
        `${l.file}: no metricState (the report was written by a banter without mergeable metrics, or edited)`,
        'run the shards again with this banter version',
      )
    }
    return l.report.metricState
  })
  for (const l of ordered.slice(1)) {
    if (l.report.tool.version !== first.report.tool.version) {
      throw inputError(
        'MERGE_DIFFERENT_TOOL_VERSION',
        `${l.file}: tool.version ${JSON.stringify(l.report.tool.version)} differs from ${first.file}'s ${JSON.stringify(first.report.tool.version)}`,
        HINT,
      )
    }
    const a = first.report.metricState!.definitions
    const b = l.report.metricState!.definitions
    for (const key of Object.keys(a) as (keyof MetricDefinitions)[]) {
      if (!sameSet(a[key], b[key])) {
        throw inputError(
          'MERGE_DIFFERENT_METRICS',
          `${l.file}: metricState.definitions.${key} ${JSON.stringify(b[key])} differs from ${first.file}'s ${JSON.stringify(a[key])}`,
          HINT,
        )
      }
    }
    checkSameThresholds(first, l)
  }
  return states
}

function checkSameThresholds(first: LoadedReport, other: LoadedReport): void {
  const mine = byName(first.report.thresholds ?? [])
  const theirs = byName(other.report.thresholds ?? [])
  for (const name of new Set([...mine.keys(), ...theirs.keys()])) {
    const a = mine.get(name)
    const b = theirs.get(name)
    if (a && b && a.metric === b.metric && a.op === b.op && a.limit === b.limit) continue
    const show = (t: ThresholdSpec | undefined) => (t ? `"${t.metric} ${t.op} ${t.limit}"` : 'not in force')
    throw inputError(
      'MERGE_DIFFERENT_THRESHOLDS',
      `${other.file}: thresholds "${name}" is ${show(b)}, but in ${first.file} ${show(a)}`,
      HINT,
    )
  }
}

function byName(list: readonly ThresholdSpec[]): Map<string, ThresholdSpec> {
  return new Map(list.map((t) => [t.name, t]))
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const x = new Set(a)
  const y = new Set(b)
  return x.size === y.size && [...x].every((v) => y.has(v))
}
