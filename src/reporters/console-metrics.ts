import type { ChalkInstance } from 'chalk'
import type { RunReport } from '../report/model.js'
import { describeAlert, formatValue, runnerFigures, warningSource } from './format-metric.js'

const HEADLINE = ['intent_accuracy', 'fallback_rate', 'completion_rate'] as const

/** The console's metric line, triggered alerts and run warnings, printed before the closing counts. */
export function metricsBlock(c: ChalkInstance, report: RunReport): string {
  const m = report.metrics
  const parts: string[] = []
  if (m) {
    const figures = [
      ...HEADLINE.map((k) => `${k.replace(/_/g, ' ')} ${formatValue(k, m[k])}`),
      `p95 ${formatValue('response_time_p95', m.response_time.p95)}`,
    ]
    // With retries, the user's wait and the final attempt differ: show both.
    if (m.retries > 0 && m.attempt_time) figures.push(`final-attempt p95 ${formatValue('attempt_time_p95', m.attempt_time.p95)}`)
    const ttft = m.time_to_first_token?.p95
    if (ttft !== undefined && ttft !== null) figures.push(`first token p95 ${formatValue('time_to_first_token_p95', ttft)}`)
    parts.push(`\n${c.gray(figures.join(', '))}\n`)
  }
  const alerts = report.alerts ?? []
  if (alerts.length > 0) {
    parts.push(`\n${c.bold('Alerts')}\n`)
    for (const a of alerts) parts.push(`  ${c.red('✗')} ${describeAlert(a)}\n`)
  }
  for (const w of report.warnings ?? []) parts.push(`\n${c.yellow('warning')}: ${w.message} (${warningSource(w)})\n`)
  const runner = m?.runner
  if (runner?.saturated) parts.push(`  ${c.gray(runnerFigures(runner))}\n`)
  return parts.join('')
}
