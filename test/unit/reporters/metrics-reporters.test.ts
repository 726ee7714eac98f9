import { describe, expect, it } from 'vitest'
import { parse as parseJunit } from 'junit2json'
import { HELP } from '../../../src/metrics/metric-names.js'
import { evaluateThresholds } from '../../../src/thresholds/check.js'
import { resolveThresholds } from '../../../src/thresholds/resolve.js'
import { consoleReporter } from '../../../src/reporters/console.js'
import { renderJunit } from '../../../src/reporters/junit.js'
import { renderMarkdown } from '../../../src/reporters/markdown.js'
import { renderPrometheus } from '../../../src/reporters/prometheus.js'
import type { RunReport } from '../../../src/report/model.js'
import { cannedReport } from '../../helpers/canned-report.js'
import { parsePrometheus } from '../../helpers/prometheus.js'
import { stabilize } from '../../helpers/stabilize.js'

/** The canned run with the default thresholds plus one that triggers (completion is 1/3). */
function alerted(): RunReport {
  const report = cannedReport()
  const thresholds = resolveThresholds([], ['low_completion: completion_rate < 0.5'])
  return { ...report, thresholds, alerts: evaluateThresholds(thresholds, report.metrics!) }
}

describe('alerts in the console and JUnit', () => {
  it('console shows headline metrics and each alert with its value and limit', () => {
    const text = consoleReporter.create({ color: false }).onRunEnd(alerted())
    expect(text).toContain('completion rate 33.3%')
    expect(text).toContain('✗ low_completion: completion_rate = 0.3333 (33.3%) (alert when < 0.5)')
    expect(text.trimEnd().split('\n').at(-1)).toMatch(/^1 passed, 1 failed/)
  })

  it('JUnit has a thresholds suite: one testcase per threshold, a failure for the one that triggered', async () => {
    const parsed = (await parseJunit(renderJunit(alerted()))) as {
      tests: number
      failures: number
      testsuite: { name: string; testcase: { name: string; failure?: { type: string; message: string }[] }[] }[]
    }
    expect(parsed).toMatchObject({ tests: 4 + 3, failures: 1 + 1 })
    const suite = parsed.testsuite.find((s) => s.name === 'thresholds')!
    expect(suite.testcase.map((t) => [t.name, t.failure?.[0]?.type ?? 'ok'])).toEqual([
      ['high_fallback_rate: fallback_rate > 0.2', 'ok'],
      ['slow_response_time: response_time_p95 > 2000', 'ok'],
      ['low_completion: completion_rate < 0.5', 'ALERT'],
    ])
    expect(suite.testcase[2]!.failure![0]!.message).toContain('completion_rate = 0.3333')
  })
})

describe('Markdown reporter', () => {
  it('renders verdict, alerts, metrics and failures (snapshot)', () => {
    expect(stabilize(renderMarkdown(alerted()))).toMatchSnapshot()
  })

  it('escapes untrusted text so it cannot inject HTML or break out of code spans', () => {
    const report = alerted()
    report.cases[1]!.name = '<img src=x onerror=alert(1)> | *bold*'
    report.cases[1]!.turns[1]!.verdicts[0]!.actual = 'a `b` <script>'
    const md = renderMarkdown(report)
    expect(md).not.toContain('<img')
    expect(md).toContain('&lt;img src=x onerror=alert(1)&gt; \\| \\*bold\\*')
    expect(md).toContain('got `"a \'b\' <script>"`')
    expect(md).toContain('## banter: ⚠️ Errored')
    expect(md).toContain('at `scenarios/a.yaml:14`')
  })

  it('says Failed when only an alert failed the run', () => {
    const report = alerted()
    report.cases = [report.cases[0]!]
    report.summary = { ...report.summary, failed: 0, errored: 0 }
    expect(renderMarkdown(report)).toContain('## banter: ❌ Failed')
  })

  it('lists at most 10 failures', () => {
    const report = cannedReport()
    const failing = report.cases[1]!
    report.cases = Array.from({ length: 25 }, (_, i) => ({ ...failing, id: `f${i}`, name: `F${i}` }))
    const md = renderMarkdown(report)
    expect(md).toContain('### Failures (first 10 of 25)')
    expect(md.match(/^- \*\*F\d+\*\*/gm)).toHaveLength(10)
  })
})

describe('Prometheus reporter', () => {
  it('renders the exposition format (snapshot)', () => {
    expect(renderPrometheus(alerted())).toMatchSnapshot()
  })

  it('parses back: every family has HELP and TYPE, the histogram is cumulative and consistent', () => {
    const families = parsePrometheus(renderPrometheus(alerted()))
    for (const [name, f] of families) {
      expect(name).toMatch(/^banter_/)
      expect(f.help, name).toBeTruthy()
      expect(f.type, name).toBeTruthy()
    }
    const h = families.get('banter_response_time_seconds')!
    expect(h.type).toBe('histogram')
    const buckets = h.samples.filter((s) => s.name.endsWith('_bucket'))
    expect(buckets.at(-1)!.labels.le).toBe('+Inf')
    const counts = buckets.map((b) => b.value)
    expect(counts).toEqual([...counts].sort((a, b) => a - b))
    const count = h.samples.find((s) => s.name.endsWith('_count'))!.value
    expect(count).toBe(counts.at(-1))
    expect(count).toBe(4) // the canned run answered four turns, each in 12 ms
    expect(h.samples.find((s) => s.name.endsWith('_sum'))!.value).toBeCloseTo(0.048, 6)
    expect(buckets.find((b) => b.labels.le === '0.025')!.value).toBe(4)
    expect(buckets.find((b) => b.labels.le === '0.01')!.value).toBe(0)
  })

  it('labels by suite and tag, leaves null metrics out, and flags triggered thresholds', () => {
    const families = parsePrometheus(renderPrometheus(alerted()))
    expect(families.get('banter_conversations')!.samples).toEqual([
      { name: 'banter_conversations', labels: { suite: 'scenarios' }, value: 3 },
    ])
    expect(families.get('banter_tag_conversations')!.samples).toContainEqual({
      name: 'banter_tag_conversations',
      labels: { suite: 'scenarios', tag: 'orders', status: 'failed' },
      value: 1,
    })
    expect(families.has('banter_user_satisfaction')).toBe(false)
    const triggered = families.get('banter_threshold_triggered')!.samples
    expect(triggered.map((s) => [s.labels.name, s.value])).toEqual([
      ['high_fallback_rate', 0],
      ['slow_response_time', 0],
      ['low_completion', 1],
    ])
    expect(families.get('banter_intent_f1')!.samples[0]).toMatchObject({ labels: { intent: 'greeting' }, value: 1 })
  })

  it("exports banter's own load as gauges in ms with the metric table's HELP, one family each", () => {
    const report = alerted()
    report.metrics!.runner = {
      event_loop_lag_p99_ms: 35,
      event_loop_lag_max_ms: 90,
      event_loop_utilization: 0.4,
      cpu_percent: 45,
      queueing_mean_ms: 2.5,
      queueing_p99_ms: 31.5,
      saturated: false,
    }
    const text = renderPrometheus(report)
    const families = parsePrometheus(text)
    const want = {
      runner_event_loop_lag_p99_ms: 35,
      runner_event_loop_lag_max_ms: 90,
      runner_event_loop_utilization: 0.4,
      runner_cpu_percent: 45,
      runner_queueing_mean_ms: 2.5,
      runner_queueing_p99_ms: 31.5,
      runner_saturated: 0,
    } as const
    for (const [name, value] of Object.entries(want)) {
      const f = families.get(`banter_${name}`)
      expect(f, name).toMatchObject({ help: HELP[name as keyof typeof want], type: 'gauge' })
      expect(f!.samples, name).toEqual([{ name: `banter_${name}`, labels: { suite: 'scenarios' }, value }])
      expect(text.match(new RegExp(`^# TYPE banter_${name} `, 'gm')), name).toHaveLength(1)
    }
    // Only a merged report has a shard count.
    expect(families.has('banter_runner_shards')).toBe(false)
    // A report from before queueing was estimated leaves those families out rather than stating 0.
    const { queueing_mean_ms: _m, queueing_p99_ms: _p, ...older } = report.metrics!.runner
    report.metrics!.runner = older
    const before = parsePrometheus(renderPrometheus(report))
    expect(before.has('banter_runner_queueing_p99_ms')).toBe(false)
    expect(before.has('banter_runner_event_loop_lag_p99_ms')).toBe(true)
  })

  it('escapes label values', () => {
    const report = alerted()
    report.run.suite = 'a "quoted"\\suite\nnext'
    const families = parsePrometheus(renderPrometheus(report))
    expect(families.get('banter_turns')!.samples[0]!.labels.suite).toBe('a "quoted"\\suite\nnext')
  })
})
