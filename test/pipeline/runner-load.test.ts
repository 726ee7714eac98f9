import { afterEach, describe, expect, it } from 'vitest'
import { parse as parseJunit } from 'junit2json'
import { parseFaultSpec } from '../../src/assistant/fault-spec.js'
import { startAssistant, type RunningAssistant } from '../../src/assistant/server.js'
import { startEmbeddedAssistant } from '../../src/cli/embedded-assistant.js'
import { isSaturated, SATURATION_WARNING } from '../../src/execute/runner-load.js'
import { consoleReporter } from '../../src/reporters/console.js'
import { renderHtml } from '../../src/reporters/html/page.js'
import { renderJunit } from '../../src/reporters/junit.js'
import { renderMarkdown } from '../../src/reporters/markdown.js'
import { renderPrometheus } from '../../src/reporters/prometheus.js'
import type { RunReport } from '../../src/report/model.js'
import { run } from '../../src/run.js'
import { cannedReport } from '../helpers/canned-report.js'
import { parsePrometheus } from '../helpers/prometheus.js'

let assistant: RunningAssistant | undefined
afterEach(async () => {
  await assistant?.close()
  assistant = undefined
})

/** Keeps the event loop busy for `ms`, as a CPU-bound step in banter's process would. */
function spin(ms: number): void {
  const end = performance.now() + ms
  while (performance.now() < end) {
    /* busy */
  }
}

const base = { cwd: process.cwd(), env: {}, paths: ['scenarios'], concurrency: 4, defaultEndpoint: startEmbeddedAssistant }

describe('runner saturation', () => {
  it('a run whose event loop is starved reports saturated, warns, and runner_* thresholds alert', async () => {
    const report = await run(
      { ...base, thresholds: ['slow_loop: runner_event_loop_lag_p99_ms > 50', 'runner_cpu_percent < 1'] },
      { onCaseResult: () => spin(150) },
    )
    const runner = report.metrics!.runner!
    expect(runner.event_loop_lag_p99_ms).toBeGreaterThan(50)
    expect(runner.event_loop_utilization).toBeGreaterThan(0.5)
    expect(runner.cpu_percent).toBeGreaterThan(0)
    expect(runner.saturated).toBe(true)
    expect(report.warnings).toEqual([{ code: 'RUNNER_SATURATED', message: SATURATION_WARNING }])
    expect(report.alerts!.map((a) => a.name)).toContain('slow_loop')
    expect(report.alerts!.map((a) => a.name)).not.toContain('runner_cpu_percent < 1')
  }, 60_000)

  it('a normal run against a slow assistant is not saturated and carries no warning', async () => {
    assistant = await startAssistant({ faults: parseFaultSpec('latency=40ms') })
    const report = await run({ ...base, endpoint: `${assistant.url}/chat`, concurrency: 2 })
    const runner = report.metrics!.runner!
    expect(runner.event_loop_utilization).toBeLessThan(0.5)
    expect(runner.saturated).toBe(false)
    expect(report.warnings).toBeUndefined()
    expect(runner.event_loop_utilization).toBeGreaterThanOrEqual(0)
    expect(runner.event_loop_utilization).toBeLessThanOrEqual(1)
  }, 60_000)

  it('the rule: delay above 50 ms with the loop busy half the time, or above 250 ms whatever the cause', () => {
    const load = { event_loop_lag_max_ms: 0, cpu_percent: 30 }
    expect(isSaturated({ ...load, event_loop_lag_p99_ms: 60, event_loop_utilization: 0.8 })).toBe(true)
    expect(isSaturated({ ...load, event_loop_lag_p99_ms: 60, event_loop_utilization: 0.2 })).toBe(false)
    expect(isSaturated({ ...load, event_loop_lag_p99_ms: 40, event_loop_utilization: 1 })).toBe(false)
    expect(isSaturated({ ...load, event_loop_lag_p99_ms: 300, event_loop_utilization: 0.01 })).toBe(true)
  })
})

describe('the saturation warning in every report', () => {
  const saturated = (): RunReport => {
    const report = cannedReport()
    return {
      ...report,
      metrics: {
        ...report.metrics!,
        runner: { event_loop_lag_p99_ms: 120, event_loop_lag_max_ms: 400, event_loop_utilization: 0.97, cpu_percent: 98, saturated: true },
      },
      warnings: [{ code: 'RUNNER_SATURATED', message: SATURATION_WARNING }],
    }
  }

  it('console, Markdown and HTML show it; JUnit as a property; Prometheus as gauges', async () => {
    const report = saturated()
    expect(consoleReporter.create({ color: false }).onRunEnd(report)).toContain(`warning: ${SATURATION_WARNING} (RUNNER_SATURATED)`)
    const markdown = renderMarkdown(report)
    expect(markdown).toContain('### Warnings')
    expect(markdown).toContain("banter's own queueing")
    expect(markdown).toContain('| runner_event_loop_lag_p99_ms | 120.0 ms |')
    expect(renderHtml(report)).toMatch(
      /data-testid="warning"><strong>RUNNER_SATURATED<\/strong>: latencies include banter&#39;s own queueing/,
    )
    const junit = (await parseJunit(renderJunit(report))) as { testsuite: { properties?: { name: string; value: string }[] }[] }
    expect(junit.testsuite[0]!.properties).toContainEqual({ name: 'banter.warning.RUNNER_SATURATED', value: SATURATION_WARNING })
    const families = parsePrometheus(renderPrometheus(report))
    expect(families.get('banter_runner_saturated')?.samples[0]?.value).toBe(1)
    expect(families.get('banter_warning')?.samples[0]).toMatchObject({ labels: { code: 'RUNNER_SATURATED' }, value: 1 })
    expect(families.get('banter_runner_event_loop_lag_p99_ms')?.samples[0]?.value).toBe(120)
  })

  it('a report without warnings shows none', () => {
    const report = cannedReport()
    expect(renderMarkdown(report)).not.toContain('Warnings')
    expect(renderMarkdown(report)).not.toContain('runner_')
    expect(renderJunit(report)).not.toContain('banter.warning')
    expect(renderHtml(report)).not.toContain('data-testid="warning"')
  })
})
