import type { Alert, RunMetrics, ThresholdSpec } from '../report/model.js'
import { flattenMetrics, METRIC_NAMES } from '../metrics/metric-names.js'
import { formatThreshold } from '../thresholds/check.js'
import { describeAlert } from './format-metric.js'
import { xml } from './xml-text.js'

/**
 * The `thresholds` testsuite: a testcase per threshold, failing (type ALERT) when it triggered,
 * and the run's scalar metrics as `<properties>` (names as in thresholds; metrics that are null
 * for the run, such as time to first token when nothing streamed, are left out).
 */
export function thresholdSuite(opts: {
  thresholds: ThresholdSpec[]
  alerts: Alert[]
  id: number
  timestamp: string
  metrics?: RunMetrics
}): string[] {
  const { thresholds, alerts } = opts
  const out = [
    `  <testsuite name="thresholds" tests="${thresholds.length}" failures="${alerts.length}" errors="0" skipped="0" time="0.000" timestamp="${opts.timestamp}" hostname="localhost" id="${opts.id}" package="banter">`,
  ]
  if (opts.metrics) out.push(...metricProperties(opts.metrics))
  for (const t of thresholds) {
    const alert = alerts.find((a) => a.name === t.name)
    out.push(`    <testcase name="${xml(formatThreshold(t))}" classname="thresholds" time="0.000">`)
    if (alert) out.push(`      <failure message="${xml(describeAlert(alert))}" type="ALERT">${xml(describeAlert(alert))}</failure>`)
    out.push('    </testcase>')
  }
  out.push('  </testsuite>')
  return out
}

function metricProperties(metrics: RunMetrics): string[] {
  const flat = flattenMetrics(metrics)
  const present = METRIC_NAMES.filter((n) => flat[n] !== null && Number.isFinite(flat[n]))
  if (present.length === 0) return []
  const properties = present.map((n) => `      <property name="${n}" value="${flat[n]}"/>`)
  // A merged report's runner_* figures are each the worst shard's: say of how many.
  const shards = metrics.runner?.shards
  if (shards !== undefined) properties.push(`      <property name="runner_shards" value="${shards}"/>`)
  return ['    <properties>', ...properties, '    </properties>']
}
