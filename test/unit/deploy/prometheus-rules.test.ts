import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { createAssistantMetrics } from '../../../src/assistant/metrics.js'
import { DEFAULT_THRESHOLDS } from '../../../src/thresholds/check.js'
import { renderPrometheus } from '../../../src/reporters/prometheus.js'
import { cannedReport } from '../../helpers/canned-report.js'
import { cannedMetrics } from '../../helpers/html-fixtures.js'
import { parsePrometheus } from '../../helpers/prometheus.js'

/*
 * deploy/prometheus/banter-rules.yaml is checked by promtool (check rules, test rules) in .ci/run;
 * here, that its queries name only series banter writes, and that it covers the default thresholds.
 */
const rules = parse(readFileSync('deploy/prometheus/banter-rules.yaml', 'utf8')) as { groups: { name: string; rules: { alert: string; expr: string }[] }[] }

describe('deploy/prometheus/banter-rules.yaml', () => {
  it('queries only series that banter run/merge or the reference assistant write', () => {
    const assistant = createAssistantMetrics()
    assistant.recordChat({ intent: 'greeting', action: 'fallback', seconds: 0.01 })
    assistant.recordFault('hang')
    const runner = { event_loop_lag_p99_ms: 1, event_loop_lag_max_ms: 2, event_loop_utilization: 0.1, cpu_percent: 10, saturated: false }
    const report = {
      ...cannedReport(),
      metrics: { ...cannedMetrics(), runner },
      thresholds: [{ name: 'x', metric: 'fallback_rate', op: '>' as const, limit: 0.2 }],
      alerts: [],
    }
    const written = new Set([
      ...parsePrometheus(renderPrometheus(report)).samples.map((s) => s.name),
      ...parsePrometheus(assistant.render({ activeSessions: 1 })).samples.map((s) => s.name),
    ])
    const all = rules.groups.flatMap((g) => g.rules)
    expect(all.length).toBeGreaterThanOrEqual(5)
    for (const r of all) {
      const names = r.expr.replace(/\{[^}]*\}/g, '{}').match(/\bbanter_[a-z0-9_]+/g) ?? []
      expect(names.length, r.alert).toBeGreaterThan(0)
      for (const n of names) expect(written.has(n), `${r.alert}: ${n}`).toBe(true)
    }
  })

  it('alerts on the default thresholds with the same limits (response time in seconds)', () => {
    expect(DEFAULT_THRESHOLDS).toEqual({ high_fallback_rate: 'fallback_rate > 0.2', slow_response_time: 'response_time_p95 > 2000' })
    const exprs = rules.groups.find((g) => g.name === 'banter-runs')!.rules.map((r) => r.expr)
    expect(exprs).toContain('banter_fallback_rate{shard=""} > 0.2')
    expect(exprs).toContain('banter_response_time_p95_seconds{shard=""} > 2')
  })
})
