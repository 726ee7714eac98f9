import { describe, expect, it } from 'vitest'
import { compareReports } from '../../../src/compare/compare.js'
import { parseTolerances } from '../../../src/compare/read-report.js'
import { renderComparison } from '../../../src/cli/commands/compare.js'
import { InputError } from '../../../src/core/errors.js'
import { measure } from '../../../src/metrics/measure.js'
import type { RunReport } from '../../../src/report/model.js'
import { cannedReport } from '../../helpers/canned-report.js'

/** The canned run with "Fails" fixed and "Passes" now failing. */
function swapped(): RunReport {
  const r = cannedReport()
  const [passes, fails] = r.cases
  const fixedTurns = fails!.turns.map((t) => ({ ...t, status: 'passed' as const, verdicts: t.verdicts.map((v) => ({ ...v, pass: true })) }))
  r.cases = [
    {
      ...passes!,
      status: 'failed',
      turns: passes!.turns.map((t) => ({ ...t, status: 'failed' as const, verdicts: t.verdicts.map((v) => ({ ...v, pass: false })) })),
    },
    { ...fails!, status: 'passed', turns: fixedTurns },
    ...r.cases.slice(2),
  ]
  r.metrics = measure(r.cases, r.run.durationMs)
  return r
}

describe('banter compare', () => {
  it('finds no regression between a report and itself', () => {
    const c = compareReports(cannedReport(), cannedReport())
    expect(c).toMatchObject({ newFailures: [], fixed: [], regressed: false })
    expect(c.metrics.every((m) => m.delta === 0 || m.delta === null)).toBe(true)
  })

  it('lists newly failing and fixed scenarios; a new failure is a regression', () => {
    const c = compareReports(cannedReport(), swapped())
    expect(c.newFailures.map((x) => [x.name, x.base, x.head])).toEqual([['Passes', 'passed', 'failed']])
    expect(c.fixed.map((x) => x.name)).toEqual(['Fails <on> "action" & more'])
    expect(c.regressed).toBe(true)
  })

  it('judges metric deltas by direction and tolerance', () => {
    const base = cannedReport()
    const head = cannedReport()
    head.metrics = {
      ...head.metrics!,
      intent_accuracy: 0.97,
      fallback_rate: 0.01,
      response_time: { ...head.metrics!.response_time, p95: 13 },
    }
    const worse = (t: Record<string, string>) =>
      compareReports(base, head, parseTolerances(Object.entries(t).map(([k, v]) => `${k}=${v}`)))
        .metrics.filter((m) => m.regressed)
        .map((m) => m.metric)
    // intent accuracy down 0.03 and fallback up 0.01: quality metrics are gated with no tolerance by default; latency is not.
    expect(worse({})).toEqual(['intent_accuracy', 'fallback_rate'])
    expect(worse({ intent_accuracy: '0.05', fallback_rate: '0.01' })).toEqual([])
    expect(worse({ intent_accuracy: '0.05', fallback_rate: '0.02', response_time_p95: '5%' })).toEqual(['response_time_p95'])
    expect(worse({ intent_accuracy: '0.05', fallback_rate: '0.02', response_time_p95: '10%' })).toEqual([])
    // Better is never a regression, whatever the tolerance.
    expect(compareReports(head, base).metrics.filter((m) => m.regressed)).toEqual([])
  })

  it('computes metrics for reports written before metrics existed', () => {
    const old = cannedReport()
    delete old.metrics
    expect(compareReports(old, cannedReport()).regressed).toBe(false)
  })

  it("warns when a run's latencies include banter's own queueing, and shows the runner figures", () => {
    const runner = (saturated: boolean, p99: number) => ({
      event_loop_lag_p99_ms: p99,
      event_loop_lag_max_ms: p99 * 2,
      event_loop_utilization: 0.5,
      cpu_percent: 50,
      queueing_mean_ms: p99 / 5,
      queueing_p99_ms: p99,
      saturated,
    })
    const base = cannedReport()
    base.metrics!.runner = runner(false, 4)
    const head = cannedReport()
    head.metrics!.runner = runner(true, 180)
    const c = compareReports(base, head)
    // The runner describes the machine, not the assistant: shown, never a regression.
    expect(c.metrics.find((m) => m.metric === 'runner_queueing_p99_ms')).toMatchObject({ base: 4, head: 180, regressed: false })
    expect(c.regressed).toBe(false)
    const text = renderComparison(c)
    expect(text).toMatch(/^runner_saturated +0 +1 +\+1$/m)
    expect(text).toContain("warning: head's latencies include banter's own queueing (runner_saturated)")
    expect(renderComparison(compareReports(head, head))).toContain("warning: base and head's latencies")
    expect(renderComparison(compareReports(base, base))).not.toContain('warning')
  })

  it('rejects bad tolerances', () => {
    expect(() => parseTolerances(['intent_acuracy=0.1'])).toThrow(InputError)
    expect(() => parseTolerances(['intent_accuracy'])).toThrow(/metric=number/)
    expect(() => parseTolerances(['intent_accuracy=-1'])).toThrow(/metric=number/)
    // A metric with no better or worse would be silently ignored: say so, and how to gate it.
    for (const name of ['runner_queueing_p99_ms', 'runner_saturated', 'conversations']) {
      const err = (() => {
        try {
          parseTolerances([`${name}=5`])
        } catch (e) {
          return e as InputError
        }
      })()
      expect(err, name).toBeInstanceOf(InputError)
      expect(err!.diagnostics[0]).toMatchObject({
        code: 'INVALID_TOLERANCE',
        message: expect.stringContaining(`${name} describes the run`),
      })
    }
    expect(() => parseTolerances(['runner_cpu_percent=5%'])).toThrow(InputError)
  })
})
