import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { createAssistantMetrics } from '../../../src/assistant/metrics.js'
import { parsePrometheus } from '../../helpers/prometheus-samples.js'

interface Panel { id: number; title: string; targets: { expr: string }[]; gridPos: { x: number; y: number; w: number; h: number } }
const dashboard = JSON.parse(readFileSync('deploy/grafana/banter-assistant.json', 'utf8')) as { uid: string; panels: Panel[] }

describe('deploy/grafana/banter-assistant.json', () => {
  const exposed = parsePrometheus(createAssistantMetrics().render({ activeSessions: 0 }))
  const families = Object.keys(exposed.types)
  const series = new Set(exposed.samples.map((s) => s.name).concat(['banter_assistant_messages_total']))

  it('queries only series the assistant exposes at /metrics', () => {
    for (const panel of dashboard.panels) {
      for (const { expr } of panel.targets) {
        const names = expr.match(/banter_[a-z_]+/g) ?? []
        expect(names.length, panel.title).toBeGreaterThan(0)
        for (const name of names) expect(series.has(name), `${panel.title}: ${name}`).toBe(true)
      }
    }
  })

  it('has a panel for every metric family, unique ids and a 24-column grid', () => {
    const queried = dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr)).join('\n')
    for (const family of families) expect(queried, family).toContain(family)
    expect(new Set(dashboard.panels.map((p) => p.id)).size).toBe(dashboard.panels.length)
    for (const p of dashboard.panels) expect(p.gridPos.x + p.gridPos.w).toBeLessThanOrEqual(24)
  })
})
