import type { Alert, ThresholdSpec } from '../results.js'
import { formatThreshold } from '../metrics/thresholds.js'
import { describeAlert } from './format-metric.js'
import { xml } from './junit.js'

/** The `thresholds` testsuite: a testcase per threshold, failing (type ALERT) when it triggered. */
export function thresholdSuite(opts: { thresholds: ThresholdSpec[]; alerts: Alert[]; id: number; timestamp: string }): string[] {
  const { thresholds, alerts } = opts
  const out = [`  <testsuite name="thresholds" tests="${thresholds.length}" failures="${alerts.length}" errors="0" skipped="0" time="0.000" timestamp="${opts.timestamp}" hostname="localhost" id="${opts.id}" package="banter">`]
  for (const t of thresholds) {
    const alert = alerts.find((a) => a.name === t.name)
    out.push(`    <testcase name="${xml(formatThreshold(t))}" classname="thresholds" time="0.000">`)
    if (alert) out.push(`      <failure message="${xml(describeAlert(alert))}" type="ALERT">${xml(describeAlert(alert))}</failure>`)
    out.push('    </testcase>')
  }
  out.push('  </testsuite>')
  return out
}
