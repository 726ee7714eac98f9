import { describeVerdict } from '../evaluate/describe.js'
import { flattenMetrics, METRIC_NAMES } from '../metrics/metric-names.js'
import type { CaseResult, RunReport } from '../report/model.js'
import { describeAlert, formatValue, metricsOf, warningSource } from './format-metric.js'
import type { ReporterFactory } from './reporter.js'
import { replayCommand } from './replay.js'
import { notPassing, outcomeNotes, passCount, problemRuns, runLabel } from './repeats.js'
import { verdictCounts } from '../report/verdict-counts.js'

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
  const counts = verdictCounts(s)
  const ok = counts.failed === 0 && counts.errored === 0 && alerts.length === 0
  const verdict = counts.errored > 0 ? '⚠️ Errored' : ok ? '✅ Passed' : '❌ Failed'
  const o = s.outcomes
  const line = o
    ? `${o.passed} passed, ${o.flaky} flaky, ${o.failed} failed, ${o.errored} errored, ${o.skipped} skipped (${o.conversations} conversations × ${report.run.repeat} runs: ${s.conversations} runs, ${s.turns.total} turns) in ${(report.run.durationMs / 1000).toFixed(2)}s`
    : `${s.passed} passed, ${s.failed} failed, ${s.errored} errored, ${s.skipped} skipped (${s.conversations} conversations, ${s.turns.total} turns) in ${(report.run.durationMs / 1000).toFixed(2)}s`
  const out = [`## banter: ${verdict}`, '', line, '']
  const notListed = report.run.casesOmitted ?? 0
  if (notListed > 0)
    out.push(
      `${notListed} generated conversation${notListed === 1 ? ' is' : 's are'} counted but not kept in the report (passes after the first 100, failures after the first 1000).`,
      '',
    )
  if (alerts.length > 0) out.push('### Alerts', '', ...alerts.map((a) => `- 🚨 ${md(describeAlert(a))}`), '')
  const warnings = report.warnings ?? []
  if (warnings.length > 0) out.push('### Warnings', '', ...warnings.map((w) => `- ⚠️ ${md(w.message)} (${warningSource(w)})`), '')
  const values = flattenMetrics(metricsOf(report))
  out.push(
    '### Metrics',
    '',
    '| metric | value |',
    '| --- | ---: |',
    ...METRIC_NAMES.filter((m) => values[m] !== null || !/^(runner|service_time|judge)_/.test(m)).map(
      (m) => `| ${m} | ${formatValue(m, values[m])} |`,
    ),
    '',
  )
  const shards = report.metrics?.runner?.shards
  if (shards !== undefined)
    out.push(`The runner_* figures are each the worst of ${shards} shard${shards === 1 ? '' : 's'} (each ran in its own process).`, '')
  out.push(...repeatsTable(report))
  const problems = problemRuns(report)
  if (problems.length > 0) {
    const total = report.run.repeat ? problems.length : Math.max(problems.length, s.failed + s.errored)
    out.push(
      `### Failures${report.run.repeat ? ' (the first failed run of each conversation)' : ''}${total > TOP_FAILURES ? ` (first ${Math.min(TOP_FAILURES, problems.length)} of ${total})` : ''}`,
      '',
    )
    const note = outcomeNotes(report)
    for (const c of problems.slice(0, TOP_FAILURES)) out.push(...failure(c, report, note(c)))
  }
  return `${out.join('\n')}\n`
}

/** Repeated runs: the conversations that did not pass every run, with their pass counts (at most TOP_REPEATS rows). */
function repeatsTable(report: RunReport): string[] {
  if (!report.run.repeat || !report.conversations) return []
  const rows = notPassing(report)
  const passed = report.conversations.length - rows.length
  const head = `### Repeats (${report.run.repeat} runs each)`
  const allPassed = `${passed} conversation${passed === 1 ? '' : 's'} passed every run.`
  if (rows.length === 0) return [head, '', allPassed, '']
  const more = rows.length > TOP_REPEATS ? [`… and ${rows.length - TOP_REPEATS} more (see the JSON report's \`conversations\`)`, ''] : []
  return [
    head,
    '',
    '| outcome | conversation | where | runs passed | pass rate |',
    '| --- | --- | --- | ---: | ---: |',
    ...rows
      .slice(0, TOP_REPEATS)
      .map(
        (c) =>
          `| ${c.outcome} | ${md(c.name)} | \`${code(`${c.file}:${c.loc.line}`)}\` | ${passCount(c).replace(' runs passed', '')} | ${c.pass_rate === null ? 'n/a' : `${(c.pass_rate * 100).toFixed(1)}%`} |`,
      ),
    '',
    ...more,
    allPassed,
    '',
  ]
}

const TOP_REPEATS = 50

function failure(c: CaseResult, report: RunReport, note = ''): string[] {
  const lines = [`- **${md(c.name)}** (\`${code(`${c.file}:${c.loc.line}${runLabel(c)}`)}\`)${md(note)}`]
  for (const t of c.turns) {
    if (t.error)
      lines.push(`  - turn ${t.index + 1}: ${t.error.code}: ${md(t.error.message)} at \`${code(`${t.loc.file}:${t.loc.line}`)}\``)
    for (const v of t.verdicts.filter((x) => !x.pass && !x.errored)) {
      lines.push(`  - turn ${t.index + 1}: ${md(describeVerdict(v))} at \`${code(`${v.loc.file}:${v.loc.line}`)}\``)
      lines.push(
        `    expected \`${code(JSON.stringify(v.expected) ?? 'nothing')}\`, got \`${code(JSON.stringify(v.actual) ?? 'nothing')}\``,
      )
    }
  }
  const replay = replayCommand(report, c)
  if (replay) lines.push(`  - replay: \`${code(replay)}\``)
  return lines
}

/** Escapes Markdown and HTML metacharacters in text that may come from the assistant. */
function md(text: string): string {
  return text
    .replace(/[\\`*_[\]<>|#&]/g, (ch) => (ch === '<' ? '&lt;' : ch === '>' ? '&gt;' : ch === '&' ? '&amp;' : `\\${ch}`))
    .replace(/[\r\n]+/g, ' ')
}

/** Inline code cannot be escaped with backslashes: drop backticks and newlines instead. */
function code(text: string): string {
  return text.replace(/`/g, "'").replace(/[\r\n]+/g, ' ')
}
