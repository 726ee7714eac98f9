import { describeVerdict } from '../evaluate/describe.js'
import { flattenMetrics, METRIC_NAMES } from '../metrics/metric-names.js'
import type { CaseResult, RunReport } from '../report/model.js'
import { describeAlert, formatValue, metricsOf, warningSource } from './format-metric.js'
import type { ReporterFactory } from './reporter.js'
import { replayCommand } from './replay.js'

const TOP_FAILURES = 10

/**
 * A Markdown summary for pull requests and `$GITHUB_STEP_SUMMARY`: the verdict, alerts, a
 * metric table and the first failures with file:line and expected vs actual. Text from the
 * assistant is escaped so it cannot break the table or inject markup.
 */
export const markdownReporter: ReporterFactory = {
  file: 'summary.md',
  create: () => ({ onRunEnd: renderMarkdown }),
}

export function renderMarkdown(report: RunReport): string {
  const s = report.summary
  const alerts = report.alerts ?? []
  const ok = s.failed === 0 && s.errored === 0 && alerts.length === 0
  const verdict = s.errored > 0 ? '⚠️ Errored' : ok ? '✅ Passed' : '❌ Failed'
  const out = [
    `## banter: ${verdict}`,
    '',
    `${s.passed} passed, ${s.failed} failed, ${s.errored} errored, ${s.skipped} skipped (${s.conversations} conversations, ${s.turns.total} turns) in ${(report.run.durationMs / 1000).toFixed(2)}s`,
    '',
  ]
  const notListed = report.run.casesOmitted ?? 0
  if (notListed > 0) out.push(`${notListed} generated conversation${notListed === 1 ? ' is' : 's are'} counted but not kept in the report (passes after the first 100, failures after the first 1000).`, '')
  if (alerts.length > 0) out.push('### Alerts', '', ...alerts.map((a) => `- 🚨 ${md(describeAlert(a))}`), '')
  const warnings = report.warnings ?? []
  if (warnings.length > 0) out.push('### Warnings', '', ...warnings.map((w) => `- ⚠️ ${md(w.message)} (${warningSource(w)})`), '')
  const values = flattenMetrics(metricsOf(report))
  out.push('### Metrics', '', '| metric | value |', '| --- | ---: |', ...METRIC_NAMES.filter((m) => values[m] !== null || !/^(runner|service_time)_/.test(m)).map((m) => `| ${m} | ${formatValue(m, values[m])} |`), '')
  const problems = report.cases.filter((c) => c.status === 'failed' || c.status === 'errored')
  if (problems.length > 0) {
    const total = Math.max(problems.length, s.failed + s.errored)
    out.push(`### Failures${total > TOP_FAILURES ? ` (first ${Math.min(TOP_FAILURES, problems.length)} of ${total})` : ''}`, '')
    for (const c of problems.slice(0, TOP_FAILURES)) out.push(...failure(c, report))
  }
  return `${out.join('\n')}\n`
}

function failure(c: CaseResult, report: RunReport): string[] {
  const lines = [`- **${md(c.name)}** (\`${code(`${c.file}:${c.loc.line}`)}\`)`]
  for (const t of c.turns) {
    if (t.error) lines.push(`  - turn ${t.index + 1}: ${t.error.code}: ${md(t.error.message)} at \`${code(`${t.loc.file}:${t.loc.line}`)}\``)
    for (const v of t.verdicts.filter((x) => !x.pass)) {
      lines.push(`  - turn ${t.index + 1}: ${md(describeVerdict(v))} at \`${code(`${v.loc.file}:${v.loc.line}`)}\``)
      lines.push(`    expected \`${code(JSON.stringify(v.expected) ?? 'nothing')}\`, got \`${code(JSON.stringify(v.actual) ?? 'nothing')}\``)
    }
  }
  const replay = replayCommand(report, c)
  if (replay) lines.push(`  - replay: \`${code(replay)}\``)
  return lines
}

/** Escapes Markdown and HTML metacharacters in text that may come from the assistant. */
export function md(text: string): string {
  return text.replace(/[\\`*_[\]<>|#&]/g, (ch) => (ch === '<' ? '&lt;' : ch === '>' ? '&gt;' : ch === '&' ? '&amp;' : `\\${ch}`)).replace(/[\r\n]+/g, ' ')
}

/** Inline code cannot be escaped with backslashes: drop backticks and newlines instead. */
function code(text: string): string {
  return text.replace(/`/g, "'").replace(/[\r\n]+/g, ' ')
}
