import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../../src/config/load-config.js'
import { InputError } from '../../../src/core/errors.js'
import { measure } from '../../../src/metrics/measure.js'
import { resolveThresholds } from '../../../src/thresholds/resolve.js'
import { evaluateThresholds, parseThreshold } from '../../../src/thresholds/check.js'
import { tempDir } from '../../helpers/temp-dir.js'

describe('threshold grammar', () => {
  it.each([
    ['fallback_rate > 0.2', { name: 'fallback_rate > 0.2', metric: 'fallback_rate', op: '>', limit: 0.2 }],
    ['  response_time_p95>=2000 ', { name: 'response_time_p95 >= 2000', metric: 'response_time_p95', op: '>=', limit: 2000 }],
    ['low_accuracy: intent_accuracy < .9', { name: 'low_accuracy', metric: 'intent_accuracy', op: '<', limit: 0.9 }],
    ['x: retries != -1e2', { name: 'x', metric: 'retries', op: '!=', limit: -100 }],
    ['error_rate == 0', { metric: 'error_rate', op: '==', limit: 0 }],
    ['turns <= 10', { metric: 'turns', op: '<=', limit: 10 }],
    ['attempt_time_p95 > 500', { metric: 'attempt_time_p95', op: '>', limit: 500 }],
    ['runner_queueing_p99_ms > 100', { metric: 'runner_queueing_p99_ms', op: '>', limit: 100 }],
    ['q: runner_queueing_mean_ms >= 20', { name: 'q', metric: 'runner_queueing_mean_ms', op: '>=', limit: 20 }],
    ['runner_saturated == 1', { metric: 'runner_saturated', op: '==', limit: 1 }],
    ['runner_event_loop_lag_max_ms > 500', { metric: 'runner_event_loop_lag_max_ms', op: '>', limit: 500 }],
  ])('parses %j', (text, want) => {
    expect(parseThreshold(text)).toMatchObject(want)
  })

  it.each([
    ['fallbak_rate > 0.2', 'UNKNOWN_METRIC', 1, 'did you mean "fallback_rate"?'],
    ['name: intnt_accuracy < 1', 'UNKNOWN_METRIC', 7, 'did you mean "intent_accuracy"?'],
    ['attempt_tme_p95 > 5', 'UNKNOWN_METRIC', 1, 'did you mean "attempt_time_p95"?'],
    ['runner_queueing_p95_ms > 100', 'UNKNOWN_METRIC', 1, 'did you mean "runner_queueing_p99_ms"?'],
    ['slow: runner_queuing_mean_ms > 5', 'UNKNOWN_METRIC', 7, 'did you mean "runner_queueing_mean_ms"?'],
    ['runner_queueing_p99 > 100', 'UNKNOWN_METRIC', 1, 'did you mean "runner_queueing_p99_ms"?'],
    ['fallback_rate => 0.2', 'THRESHOLD_SYNTAX', 15, undefined],
    ['fallback_rate > ', 'THRESHOLD_SYNTAX', 17, undefined],
    ['fallback_rate > 0.2 && 1', 'THRESHOLD_SYNTAX', 21, 'one comparison per threshold'],
    ['fallback_rate > process.exit(1)', 'THRESHOLD_SYNTAX', 17, undefined],
    ['> 0.2', 'THRESHOLD_SYNTAX', 1, undefined],
    ['', 'THRESHOLD_SYNTAX', 1, undefined],
  ])('rejects %j with %s at column %i', (text, code, col, hint) => {
    const r = parseThreshold(text)
    expect(r).toMatchObject({ code, col })
    if (hint) expect(r).toMatchObject({ hint })
  })

  it('alerts when true; a null metric never triggers', () => {
    const m = measure([], 1000)
    const ts = ['conversations == 0', 'n: fallback_rate >= 0', 'conversations > 0'].map((t) => parseThreshold(t)) as never
    expect(evaluateThresholds(ts, m)).toEqual([{ name: 'conversations == 0', metric: 'conversations', op: '==', limit: 0, value: 0 }])
  })
})

describe("thresholds on banter's own load", () => {
  const runner = { event_loop_lag_p99_ms: 90, event_loop_lag_max_ms: 400, event_loop_utilization: 0.97, cpu_percent: 98, saturated: true }
  const ts = (...texts: string[]) => texts.map((t) => parseThreshold(t)) as never

  it('alerts on queueing, lag and saturation as measured', () => {
    const m = { ...measure([], 1000), runner: { ...runner, queueing_mean_ms: 35, queueing_p99_ms: 140 } }
    const alerts = evaluateThresholds(
      ts('runner_queueing_p99_ms > 100', 'runner_queueing_mean_ms > 50', 'runner_saturated == 1', 'runner_event_loop_lag_max_ms > 300'),
      m,
    )
    expect(alerts.map((a) => [a.metric, a.value])).toEqual([
      ['runner_queueing_p99_ms', 140],
      ['runner_saturated', 1],
      ['runner_event_loop_lag_max_ms', 400],
    ])
    expect(evaluateThresholds(ts('runner_saturated > 0'), { ...m, runner: { ...m.runner, saturated: false } })).toEqual([])
  })

  it('never alerts where the figure was not measured (a report without runner, or from before queueing was estimated)', () => {
    const limits = ts('runner_queueing_p99_ms >= 0', 'runner_saturated >= 0', 'runner_cpu_percent >= 0')
    expect(evaluateThresholds(limits, measure([], 1000))).toEqual([])
    expect(evaluateThresholds(limits, { ...measure([], 1000), runner }).map((a) => a.metric)).toEqual([
      'runner_saturated',
      'runner_cpu_percent',
    ])
  })
})

describe('thresholds in force', () => {
  it('has the two defaults, and --threshold adds to them', () => {
    expect(resolveThresholds([], []).map((t) => t.name)).toEqual(['high_fallback_rate', 'slow_response_time'])
    expect(resolveThresholds([], ['high_fallback_rate: fallback_rate > 0.5', 'error_rate > 0'])).toEqual([
      { name: 'high_fallback_rate', metric: 'fallback_rate', op: '>', limit: 0.5 },
      { name: 'slow_response_time', metric: 'response_time_p95', op: '>', limit: 2000 },
      { name: 'error_rate > 0', metric: 'error_rate', op: '>', limit: 0 },
    ])
  })

  it('a bad --threshold is an input error with the column in a code frame', () => {
    try {
      resolveThresholds([], ['fallback_rate ~ 1'])
      expect.unreachable()
    } catch (err) {
      expect(err).toBeInstanceOf(InputError)
      expect((err as InputError).diagnostics[0]).toMatchObject({
        code: 'THRESHOLD_SYNTAX',
        loc: { file: '--threshold', line: 1, col: 15 },
        lineText: 'fallback_rate ~ 1',
      })
    }
  })
})

describe('config thresholds', () => {
  async function config(text: string) {
    const dir = await tempDir('banter-thr-')
    await writeFile(path.join(dir, 'banter.config.yaml'), text)
    return loadConfig(undefined, dir, {})
  }

  it('a map overrides and disables defaults by name, and adds new ones', async () => {
    const c = await config(
      'thresholds:\n  high_fallback_rate: fallback_rate > 0.05\n  slow_response_time: false\n  accuracy: intent_accuracy < 0.9\n',
    )
    expect(resolveThresholds(c.thresholds!, []).map((t) => `${t.name}=${t.limit}`)).toEqual(['high_fallback_rate=0.05', 'accuracy=0.9'])
  })

  it('a list of { name, alert } works too', async () => {
    const c = await config('thresholds:\n  - name: errors\n    alert: error_rate > 0\n  - alert: retries > 3\n')
    expect(resolveThresholds(c.thresholds!, []).map((t) => t.name)).toEqual([
      'high_fallback_rate',
      'slow_response_time',
      'errors',
      'retries > 3',
    ])
  })

  it('an unknown metric points at file:line:col and names the closest valid one', async () => {
    const err = await config('concurrency: 2\nthresholds:\n  fb: "fallback_rte > 0.2"\n').catch((e: unknown) => e)
    expect(err).toBeInstanceOf(InputError)
    expect((err as InputError).diagnostics[0]).toMatchObject({
      code: 'UNKNOWN_METRIC',
      loc: { file: 'banter.config.yaml', line: 3, col: 8 },
      hint: 'did you mean "fallback_rate"?',
      length: 12,
    })
  })

  it('a malformed expression points at the column of the problem', async () => {
    const err = await config('thresholds:\n  - alert: fallback_rate >> 0.2\n').catch((e: unknown) => e)
    expect((err as InputError).diagnostics[0]).toMatchObject({ code: 'THRESHOLD_SYNTAX', loc: { line: 2, col: 27 } })
  })

  it('takes fallback and escalation names from `metrics:`', async () => {
    const c = await config('metrics:\n  fallback_intents: [nlu_fallback]\n')
    expect(c.metrics).toMatchObject({ fallbackIntents: ['nlu_fallback'] })
  })
})
