import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { createAssistantMetrics } from '../../../src/assistant/metrics.js'
import { renderPrometheus } from '../../../src/reporters/prometheus.js'
import { cannedReport } from '../../helpers/canned-report.js'
import { cannedMetrics } from '../../helpers/html-fixtures.js'
import { parsePrometheus } from '../../helpers/prometheus.js'

interface Panel { id: number; title: string; targets: { expr: string }[]; gridPos: { x: number; y: number; w: number; h: number } }
type Dashboard = { uid: string; panels: Panel[]; templating: { list: { name: string; query: unknown }[] } }
const load = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Dashboard

/** Metric names in a PromQL expression (not label names, functions or keywords). */
function metricNames(expr: string): string[] {
  return (expr.replace(/\{[^}]*\}/g, '{}').match(/\bbanter_[a-z0-9_]+/g) ?? [])
}

function checkDashboard(dashboard: Dashboard, series: Set<string>, families: string[]) {
  it('queries only series that banter actually writes', () => {
    for (const panel of dashboard.panels) {
      for (const { expr } of panel.targets) {
        const names = metricNames(expr)
        expect(names.length, panel.title).toBeGreaterThan(0)
        for (const name of names) expect(series.has(name), `${panel.title}: ${name}`).toBe(true)
      }
    }
    for (const v of dashboard.templating.list) for (const name of metricNames(String(v.query))) expect(series.has(name), `variable ${v.name}: ${name}`).toBe(true)
  })

  it('has a panel for every metric family, unique ids and a 24-column grid', () => {
    const queried = dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr)).join('\n')
    for (const family of families) expect(queried, family).toContain(family)
    expect(new Set(dashboard.panels.map((p) => p.id)).size).toBe(dashboard.panels.length)
    for (const p of dashboard.panels) expect(p.gridPos.x + p.gridPos.w).toBeLessThanOrEqual(24)
  })
}

describe('deploy/grafana/banter-assistant.json (the reference assistant\'s /metrics)', () => {
  const metrics = createAssistantMetrics()
  metrics.recordChat({ intent: 'greeting', action: 'greet', seconds: 0.01 })
  metrics.recordFault('error503')
  const exposed = parsePrometheus(metrics.render({ activeSessions: 0 }))
  checkDashboard(load('deploy/grafana/banter-assistant.json'), new Set(exposed.samples.map((s) => s.name)), Object.keys(exposed.types))
})

describe('deploy/grafana/banter-runs.json (the run metrics banter pushes)', () => {
  // A run in which every metric has a value, so every family banter can write is written.
  const runner = { event_loop_lag_p99_ms: 3, event_loop_lag_max_ms: 9, event_loop_utilization: 0.2, cpu_percent: 25, queueing_mean_ms: 0.4, queueing_p99_ms: 4, saturated: false }
  const report = { ...cannedReport(), metrics: { ...cannedMetrics(), runner, intents: { greeting: { precision: 1, recall: 1, f1: 1, support: 3 } }, by_tag: { orders: { conversations: 2, passed: 1, failed: 1, errored: 0, completion_rate: 0.5, intent_accuracy: 1 } } } }
  report.thresholds = [{ name: 'high_fallback_rate', metric: 'fallback_rate', op: '>', limit: 0.2 }]
  report.alerts = []
  const exposed = parsePrometheus(renderPrometheus(report))
  const series = new Set(exposed.samples.map((s) => s.name))
  const families = Object.keys(exposed.types)
  checkDashboard(load('deploy/grafana/banter-runs.json'), series, families)

  it('leaves out per-shard pushes, so runs are not counted twice', () => {
    for (const p of load('deploy/grafana/banter-runs.json').panels) for (const t of p.targets) expect(t.expr, p.title).toContain('shard=""')
  })
})
