/**
 * The static top of the report, rendered once on the server side: verdict, alerts and metric
 * tiles. Every string is escaped; none of this depends on the page's script.
 */
import type { Alert, ReportWarning, RunMetrics, RunnerLoad, RunReport } from '../../report/model.js'
import { runnerFigures } from '../format-metric.js'
import { escapeHtml as esc } from './escape.js'
import { verdictCounts } from '../../report/verdict-counts.js'

/** The report with the optional fields that the metrics stage adds. */
export type HtmlInput = RunReport & { metrics?: RunMetrics; alerts?: Alert[] }

/** passed | failed | errored, as the exit code would say (alerts fail a run). */
function overallVerdict(report: HtmlInput): 'passed' | 'failed' | 'errored' {
  const counts = verdictCounts(report.summary)
  if (counts.errored > 0) return 'errored'
  if (counts.failed > 0 || (report.alerts?.length ?? 0) > 0) return 'failed'
  return 'passed'
}

export function verdictSection(report: HtmlInput): string {
  const verdict = overallVerdict(report)
  const s = report.summary
  const o = s.outcomes
  const counts = o
    ? `${o.passed} passed, ${o.flaky} flaky, ${o.failed} failed, ${o.errored} errored, ${o.skipped} skipped (${o.conversations} conversations × ${report.run.repeat} runs: ${s.conversations} runs, ${s.turns.total} turns)`
    : `${s.passed} passed, ${s.failed} failed, ${s.errored} errored, ${s.skipped} skipped (${s.conversations} conversations, ${s.turns.total} turns)`
  const stopped = report.run.stoppedEarly ? `<p class="note">Stopped early: ${esc(report.run.stoppedEarly)}</p>` : ''
  return `<header class="verdict ${verdict}" id="verdict">
<h1><span data-testid="verdict">${verdict.toUpperCase()}</span> · banter report</h1>
<p data-testid="counts">${esc(counts)}</p>
<p class="meta">${esc(report.run.endpoint)} · started ${esc(report.run.startedAt)} · ${(report.run.durationMs / 1000).toFixed(2)} s · concurrency ${report.run.concurrency}</p>${stopped}
</header>`
}

/** Run warnings (e.g. the runner saturated, so latencies include banter's own queueing, with how much it queued). */
export function warningsSection(warnings: readonly ReportWarning[] | undefined, runner?: RunnerLoad): string {
  if (!warnings || warnings.length === 0) return ''
  const items = warnings.map(
    (w) =>
      `<li data-testid="warning"><strong>${esc(w.code)}</strong>: ${esc(w.message)}${w.shard === undefined ? '' : ` (shard ${w.shard})`}</li>`,
  )
  const figures = runner?.saturated ? `<p class="note" data-testid="runner-figures">${esc(runnerFigures(runner))}</p>` : ''
  return `<section class="alerts warnings" id="warnings"><h2>warning${warnings.length === 1 ? '' : 's'}</h2><ul>${items.join('')}</ul>${figures}</section>`
}

export function alertsSection(alerts: readonly Alert[] | undefined): string {
  if (!alerts || alerts.length === 0) return ''
  const items = alerts.map(
    (a) =>
      `<li data-testid="alert"><strong>${esc(a.name)}</strong>: ${esc(a.metric)} ${esc(a.op)} ${esc(String(a.limit))} (value ${esc(a.value === null ? 'n/a' : formatNumber(a.value))})</li>`,
  )
  return `<section class="alerts" id="alerts"><h2>${alerts.length} alert${alerts.length === 1 ? '' : 's'} triggered</h2><ul>${items.join('')}</ul></section>`
}

type Tile = [label: string, value: string, kind?: string]

export function tilesSection(report: HtmlInput): string {
  const s = report.summary
  const tiles: Tile[] = [
    ['conversations', String(s.conversations)],
    ['passed', String(s.passed), 'passed'],
    ['failed', String(s.failed), 'failed'],
    ['errored', String(s.errored), 'errored'],
    ['skipped', String(s.skipped), 'skipped'],
    ['turns', String(s.turns.total)],
  ]
  const m = report.metrics
  if (m) {
    tiles.push(
      ['intent accuracy', percent(m.intent_accuracy)],
      ['action accuracy', percent(m.action_accuracy)],
      ['entity F1', percent(m.entity_f1)],
      ['fallback rate', percent(m.fallback_rate)],
      ['escalation rate', percent(m.escalation_rate)],
      ['completion rate', percent(m.completion_rate)],
      ['error rate', percent(m.error_rate)],
      ['p50 latency', `${formatNumber(m.response_time.p50)} ms`],
      ['p95 latency', `${formatNumber(m.response_time.p95)} ms`],
      ['max latency', `${formatNumber(m.response_time.max)} ms`],
      ['p95 final attempt', m.attempt_time ? `${formatNumber(m.attempt_time.p95)} ms` : 'n/a'],
      ...ttftTiles(m),
      ['messages / s', formatNumber(m.messages_per_second)],
      ['avg length', m.avg_conversation_length === null ? 'n/a' : `${formatNumber(m.avg_conversation_length)} turns`],
      ['satisfaction', m.user_satisfaction === null ? 'n/a' : `${formatNumber(m.user_satisfaction)} / 5`],
      ['resolved', percent(m.resolved_rate)],
    )
  }
  const html = tiles.map(
    ([label, value, kind]) =>
      `<div class="tile${kind ? ` ${kind}` : ''}" data-metric="${esc(label)}"><span class="value">${esc(value)}</span><span class="label">${esc(label)}</span></div>`,
  )
  return `<section class="tiles" id="tiles">${html.join('')}</section>`
}

/** Time-to-first-token tiles, only when some turn streamed. */
function ttftTiles(m: NonNullable<HtmlInput['metrics']>): Tile[] {
  const t = m.time_to_first_token
  if (!t || t.p50 === null || t.p95 === null) return []
  return [
    ['p50 first token', `${formatNumber(t.p50)} ms`],
    ['p95 first token', `${formatNumber(t.p95)} ms`],
  ]
}

export function percent(v: number | null): string {
  return v === null ? 'n/a' : `${(v * 100).toFixed(1)}%`
}

function formatNumber(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(v < 10 ? 2 : 1)
}
