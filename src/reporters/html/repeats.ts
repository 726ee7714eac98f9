/**
 * Repeated runs (--repeat) in the HTML report: one row per conversation grouping its runs, with
 * its outcome, pass counts and a mark per run in run order (✓ passed, ✗ failed, ! errored,
 * - skipped); the conversations table below lists each run, labelled `run i/N`. Escaped text only.
 */
import type { RunReport } from '../../report/model.js'
import { casesOf, eachCase, type CaseSource } from '../reporter.js'
import { escapeHtml as esc } from './escape.js'
import { percent } from './sections.js'

/** Rows shown; the JSON report's `conversations` holds them all. */
const MAX_ROWS = 1000
const MARK = { passed: '✓', failed: '✗', errored: '!', skipped: '-' } as const
const RANK = { errored: 0, failed: 0, flaky: 1, skipped: 2, passed: 3 } as const

/** `cases`: every run of the report, in input order (default the report's own). */
export function repeatsSection(report: RunReport, cases: CaseSource = casesOf(report)): string {
  const list = report.conversations
  if (!report.run.repeat || !list) return ''
  const marks = new Map<string, string[]>()
  for (const c of eachCase(cases)) {
    if (!c.repeat) continue
    const runs = marks.get(c.id) ?? []
    runs[c.repeat.index - 1] = MARK[c.status]
    marks.set(c.id, runs)
  }
  // Conversations that did not pass every run first; the rest in report order.
  const rows = [...list]
    .sort((a, b) => RANK[a.outcome] - RANK[b.outcome])
    .slice(0, MAX_ROWS)
    .map((c) => {
      const ran = c.passed + c.failed + c.errored
      const runMarks = Array.from({ length: report.run.repeat! }, (_, i) => marks.get(c.id)?.[i] ?? '·').join('')
      return `<tr data-outcome="${esc(c.outcome)}"><td class="status ${esc(c.outcome)}">${esc(c.outcome)}</td><td>${esc(c.name)}</td><td>${esc(`${c.file}:${c.loc.line}`)}</td><td data-testid="passes">${c.passed}/${ran}</td><td>${percent(c.pass_rate)}</td><td class="runs" title="each run in order: ✓ passed, ✗ failed, ! errored, - skipped, · not in the report">${esc(runMarks)}</td></tr>`
    })
  const o = report.summary.outcomes
  const counts = o ? `${o.passed} passed every run, ${o.flaky} flaky, ${o.failed} failed, ${o.errored} errored, ${o.skipped} skipped` : ''
  const more = list.length > MAX_ROWS ? `<p class="note">${list.length - MAX_ROWS} more conversations are in the JSON report.</p>` : ''
  return `<section id="repeats"><h2>Repeats: ${report.run.repeat} runs per conversation</h2><p data-testid="outcomes">${esc(counts)}</p>
<table><thead><tr><th>outcome</th><th>conversation</th><th>file</th><th>runs passed</th><th>pass rate</th><th>runs</th></tr></thead><tbody>${rows.join('')}</tbody></table>${more}</section>`
}
