import { flattenMetrics, HELP, isTimeMetric, METRIC_NAMES } from '../metrics/metric-names.js'
import type { RunReport } from '../report/model.js'
import { metricsOf, suiteOf } from './format-metric.js'
import type { ReporterFactory } from './reporter.js'

/*
 * Prometheus text exposition format (version 0.0.4), for a scrape target or the Pushgateway:
 *   banter_<metric>{suite}                 a gauge per scalar metric (null metrics are left out;
 *                                          response times and time to first token become *_seconds,
 *                                          Prometheus' base unit)
 *   banter_response_time_seconds           a histogram: _bucket{le}, _sum, _count
 *   banter_scenarios{suite,status}         conversations by status, skipped included (with --repeat: runs)
 *   banter_conversation_outcomes{suite,outcome}  --repeat only: conversations by outcome
 *                                          (passed, flaky, failed, errored, skipped)
 *   banter_tag_*{suite,tag}                per-tag conversations, completion rate, intent accuracy
 *   banter_intent_*{suite,intent}          per-intent precision, recall, F1 (null ones left out)
 *   banter_warning{suite,code}             1 per run warning raised, e.g. RUNNER_SATURATED
 *   banter_runner_*{suite}                 banter's own load (scalar metrics above), with
 *                                          banter_runner_saturated 0 or 1; in a merged report each
 *                                          is the worst shard's, and banter_runner_shards says of how many
 *   banter_threshold_triggered{suite,name,metric}  1 when the threshold's alert triggered, else 0
 */
export const prometheusReporter: ReporterFactory = {
  file: 'metrics.prom',
  create: () => ({ onRunEnd: renderPrometheus }),
}

type Labels = Record<string, string>
interface Family {
  name: string
  help: string
  type: 'gauge' | 'histogram'
  samples: { suffix?: string; labels: Labels; value: number }[]
}

export function renderPrometheus(report: RunReport): string {
  const m = metricsOf(report)
  const suite = { suite: suiteOf(report) }
  const families: Family[] = []
  const gauge = (name: string, help: string, samples: { labels: Labels; value: number | null }[]) => {
    const present = samples.filter((s): s is { labels: Labels; value: number } => s.value !== null && Number.isFinite(s.value))
    if (present.length > 0) families.push({ name: `banter_${name}`, help, type: 'gauge', samples: present })
  }
  const flat = flattenMetrics(m)
  for (const name of METRIC_NAMES) {
    const seconds = isTimeMetric(name)
    const value = flat[name]
    gauge(seconds ? `${name}_seconds` : name, seconds ? HELP[name].replace('in ms', 'in seconds') : HELP[name], [
      { labels: suite, value: seconds && value !== null ? toSeconds(value) : value },
    ])
  }
  const count = m.response_time_histogram.at(-1)?.count ?? 0
  families.push({
    name: 'banter_response_time_seconds',
    help: 'Response time of answered turns (what the user waited, retries included) in seconds.',
    type: 'histogram',
    samples: [
      ...m.response_time_histogram.map((b) => ({
        suffix: '_bucket',
        labels: { ...suite, le: b.le === null ? '+Inf' : String(toSeconds(b.le)) },
        value: b.count,
      })),
      { suffix: '_sum', labels: suite, value: toSeconds(m.response_time.mean * count) },
      { suffix: '_count', labels: suite, value: count },
    ],
  })
  const s = report.summary
  gauge(
    'scenarios',
    'Conversations by status, skipped included.',
    (['passed', 'failed', 'errored', 'skipped'] as const).map((status) => ({ labels: { ...suite, status }, value: s[status] })),
  )
  const o = s.outcomes
  if (o)
    gauge(
      'conversation_outcomes',
      'Repeated runs: conversations by outcome (flaky: some runs passed, some not).',
      (['passed', 'flaky', 'failed', 'errored', 'skipped'] as const).map((outcome) => ({
        labels: { ...suite, outcome },
        value: o[outcome],
      })),
    )
  const tags = Object.entries(m.by_tag)
  gauge(
    'tag_conversations',
    'Conversations run per tag and status.',
    tags.flatMap(([tag, t]) =>
      (['passed', 'failed', 'errored'] as const).map((status) => ({ labels: { ...suite, tag, status }, value: t[status] })),
    ),
  )
  gauge(
    'tag_completion_rate',
    'Completion rate per tag.',
    tags.map(([tag, t]) => ({ labels: { ...suite, tag }, value: t.completion_rate })),
  )
  gauge(
    'tag_intent_accuracy',
    'Intent accuracy per tag.',
    tags.map(([tag, t]) => ({ labels: { ...suite, tag }, value: t.intent_accuracy })),
  )
  const intents = Object.entries(m.intents)
  for (const k of ['precision', 'recall', 'f1'] as const)
    gauge(
      `intent_${k}`,
      `Per-intent ${k === 'f1' ? 'F1 score' : k}.`,
      intents.map(([intent, c]) => ({ labels: { ...suite, intent }, value: c[k] })),
    )
  gauge(
    'warning',
    'Run warnings by code (1 when raised), e.g. RUNNER_SATURATED.',
    [...new Set((report.warnings ?? []).map((w) => w.code))].map((code) => ({ labels: { ...suite, code }, value: 1 })),
  )
  // HELP stays the same in every report (the Pushgateway checks that a family's HELP agrees across
  // its groups), so a merged report says its runner figures are its worst shard's in a gauge of its own.
  gauge(
    'runner_shards',
    "Merged reports: shards that measured their runner; each banter_runner_* figure is then the highest shard's, not the whole run's.",
    [{ labels: suite, value: m.runner?.shards ?? null }],
  )
  const alerted = new Set((report.alerts ?? []).map((a) => a.name))
  gauge(
    'threshold_triggered',
    '1 when the threshold triggered an alert, else 0.',
    (report.thresholds ?? []).map((t) => ({ labels: { ...suite, name: t.name, metric: t.metric }, value: alerted.has(t.name) ? 1 : 0 })),
  )
  return families.map(renderFamily).join('')
}

function renderFamily(f: Family): string {
  const lines = [`# HELP ${f.name} ${f.help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}`, `# TYPE ${f.name} ${f.type}`]
  for (const s of f.samples) lines.push(`${f.name}${s.suffix ?? ''}${labels(s.labels)} ${s.value}`)
  return `${lines.join('\n')}\n`
}

function labels(l: Labels): string {
  const parts = Object.entries(l).map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"')}"`)
  return parts.length > 0 ? `{${parts.join(',')}}` : ''
}

/** ms → s, rounded to the microsecond so float noise does not leak into the output. */
function toSeconds(ms: number): number {
  return Number((ms / 1000).toFixed(6))
}
