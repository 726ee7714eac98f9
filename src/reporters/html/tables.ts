/**
 * Server-rendered tables of the HTML report: how many conversations the table lists out of the
 * run's true total (generated runs keep only failures and a few passes), conversations per
 * generator, per-intent precision/recall/F1 and per-tag figures. Every string is escaped.
 */
import type { RunReport } from '../../report/model.js'
import { escapeHtml as esc } from './escape.js'
import { percent } from './sections.js'

/**
 * "The table lists K of N conversations", with how many were left out, when any were: a generated
 * run's report keeps only some (run-generated.ts), a large run's page lists up to `max`.
 */
export function totalsNote(report: RunReport, listed: number, max: number): string {
  const total = report.summary.conversations
  const left = total - listed
  if (left <= 0) return ''
  const counted = `${left} conversation${left === 1 ? ' is' : 's are'} counted above but not listed`
  const rule = report.summary.generators
    ? `(failed and errored ones up to 1000, passes up to 100); ${counted}: see the per-generator counts.`
    : `(every failed, errored and skipped one, then passes, up to ${max} in all); ${counted}: the JSON report has every one.`
  return `<p class="note" id="totals" data-listed="${listed}" data-total="${total}">The table lists ${listed} of the run's ${total} conversations ${rule}</p>`
}

export function generatorsSection(report: RunReport): string {
  const gens = Object.entries(report.summary.generators ?? {})
  if (gens.length === 0) return ''
  const listed = new Map<string, number>()
  for (const c of report.cases) {
    const name = c.id.slice(0, c.id.lastIndexOf('#'))
    listed.set(name, (listed.get(name) ?? 0) + 1)
  }
  const rows = gens
    .sort(([a], [b]) => a.localeCompare(b))
    .map(
      ([name, g]) =>
        `<tr data-generator="${esc(name)}"><td>${esc(name)}</td><td>${g.conversations}</td><td class="ok">${g.passed}</td><td class="bad">${g.failed}</td><td>${g.errored}</td><td>${g.skipped}</td><td>${listed.get(name) ?? 0}</td></tr>`,
    )
  return `<section id="generators"><h2>Generators</h2><table><thead><tr><th>generator</th><th>conversations</th><th>passed</th><th>failed</th><th>errored</th><th>skipped</th><th>listed below</th></tr></thead><tbody>${rows.join('')}</tbody></table></section>`
}

export function intentsSection(report: RunReport): string {
  const intents = Object.entries(report.metrics?.intents ?? {})
  if (intents.length === 0) return ''
  const cell = (v: number | null) => `<td>${v === null ? 'n/a' : v.toFixed(3)}</td>`
  const rows = intents
    .sort(([a], [b]) => a.localeCompare(b))
    .map(
      ([name, s]) =>
        `<tr data-intent="${esc(name)}"><td>${esc(name)}</td>${cell(s.precision)}${cell(s.recall)}${cell(s.f1)}<td>${s.support}</td></tr>`,
    )
  return `<section id="intents"><h2>Intents</h2><table><thead><tr><th>intent</th><th>precision</th><th>recall</th><th>F1</th><th>support</th></tr></thead><tbody>${rows.join('')}</tbody></table></section>`
}

export function tagsSection(report: RunReport): string {
  const tags = Object.entries(report.metrics?.by_tag ?? {})
  if (tags.length === 0) return ''
  const rows = tags
    .sort(([a], [b]) => a.localeCompare(b))
    .map(
      ([tag, t]) =>
        `<tr data-tag="${esc(tag)}"><td>${esc(tag)}</td><td>${t.conversations}</td><td class="ok">${t.passed}</td><td class="bad">${t.failed}</td><td>${t.errored}</td><td>${percent(t.completion_rate)}</td><td>${percent(t.intent_accuracy)}</td></tr>`,
    )
  return `<section id="tags"><h2>Tags</h2><table><thead><tr><th>tag</th><th>conversations</th><th>passed</th><th>failed</th><th>errored</th><th>completion</th><th>intent accuracy</th></tr></thead><tbody>${rows.join('')}</tbody></table></section>`
}
