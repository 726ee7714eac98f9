import { describe, expect, it } from 'vitest'
import { InputError } from '../../../src/core/errors.js'
import { checkReport, jsonPath } from '../../../src/merge/check-report.js'
import type { RunReport } from '../../../src/report/model.js'
import { cannedReport } from '../../helpers/canned-report.js'

function problem(value: unknown): string {
  try {
    checkReport(JSON.parse(JSON.stringify(value)), 'r.json')
  } catch (err) {
    if (err instanceof InputError) return `${err.diagnostics[0]!.code}: ${err.diagnostics[0]!.message}`
    throw err
  }
  return 'accepted'
}

/** A report with every optional field set, as the runner can write them. */
function everything(): RunReport {
  const r = cannedReport()
  Object.assign(r.run, {
    stoppedEarly: 'bail; 1 not run',
    suite: 'bank',
    seed: 42,
    replayArgs: ['--config', 'ci/banter.yaml', '--endpoint', 'http://***@bot/chat'],
    casesOmitted: 3,
    interrupted: { reason: 'max_duration', message: 'deadline', notRun: 2 },
    shard: { index: 2, total: 3 },
    merged: { reports: 3 },
  })
  const t = r.cases[0]!.turns[0]!
  Object.assign(t, { ttftMs: 3.5, fragment: 'greeting', reply: { ...t.reply!, messages: { mode: 'all', texts: ['a', 'b'] } } })
  r.cases[0]!.feedback = {
    satisfaction: 4,
    resolved: true,
    comment: 'ok',
    sent: false,
    skipReason: 'no feedback endpoint',
    error: 'HTTP_STATUS: HTTP 500',
  }
  r.thresholds = [{ name: 'x', metric: 'fallback_rate', op: '>', limit: 0.2 }]
  r.alerts = [{ name: 'x', metric: 'fallback_rate', op: '>', limit: 0.2, value: null }]
  return r
}

describe('checkReport (schema/report.schema.json)', () => {
  it('accepts reports as banter writes them, every optional field included', () => {
    expect(problem(cannedReport())).toBe('accepted')
    expect(problem(everything())).toBe('accepted')
  })

  it('names the JSON path of each problem, three at most', () => {
    const r = cannedReport() as unknown as { cases: { status: unknown; durationMs: unknown; turns: unknown[]; tags: unknown }[] }
    r.cases[0]!.status = 'great'
    r.cases[1]!.durationMs = '5'
    r.cases[2]!.turns[0] = 7
    r.cases[3]!.tags = [null]
    expect(problem(r)).toBe(
      'REPORT_INVALID: r.json: not a valid banter report: cases[0].status: expected one of "passed", "failed", "errored", "skipped", got "great"; cases[1].durationMs: expected number, got string "5"; cases[2].turns[0]: expected object, got number 7 (and 1 more)',
    )
  })

  it('checks what a schema cannot: a shard index within its total, latency values and counts in pairs', () => {
    const r = cannedReport()
    r.run.shard = { index: 4, total: 3 }
    expect(problem(r)).toMatch(/run\.shard: index 4 is greater than total 3/)
    const s = cannedReport()
    s.metricState!.parts.response_time.counts.push(1)
    expect(problem(s)).toMatch(/metricState\.parts\.response_time: us has \d+ values but counts has \d+/)
    const z = cannedReport()
    z.metricState!.parts.response_time.counts[0] = 0
    expect(problem(z)).toMatch(/metricState\.parts\.response_time\.counts\[0\]: must be >= 1/)
  })

  it('writes JSON paths as JavaScript would', () => {
    expect(jsonPath('')).toBe('(report)')
    expect(jsonPath('/cases/3/turns/0/reply')).toBe('cases[3].turns[0].reply')
    expect(jsonPath('/metrics/intents/order status/f1')).toBe('metrics.intents["order status"].f1')
    expect(jsonPath('/metrics/by_tag/a~1b')).toBe('metrics.by_tag["a/b"]')
  })
})
