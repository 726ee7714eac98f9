import { describe, expect, it } from 'vitest'
import { createLatency } from '../../../src/metrics/latency.js'
import { createMetrics, measure } from '../../../src/metrics/measure.js'
import type { CaseResult, RunMetrics, TurnResult } from '../../../src/report/model.js'
import type { Verdict } from '../../../src/report/verdict.js'

const loc = { file: 'x.yaml', line: 1, col: 1 }
/** A verdict of any shape: the metrics read only check, pass, the intent code and expected. */
const v = (check: Verdict['check'], pass: boolean, expected: unknown, code = pass ? 'OK' : 'MISS'): Verdict =>
  ({ check, pass, code, expected, actual: null, loc }) as Verdict
function turn(
  index: number,
  reply: Partial<NonNullable<TurnResult['reply']>> | undefined,
  verdicts: Verdict[],
  over: Partial<TurnResult> = {},
): TurnResult {
  return {
    index,
    user: 'u',
    status: verdicts.every((x) => x.pass) ? 'passed' : 'failed',
    latencyMs: undefined,
    reply: reply && { text: 't', entities: [], ...reply },
    verdicts,
    loc,
    retries: 0,
    ...over,
  }
}
const kase = (id: string, status: CaseResult['status'], tags: string[], turns: TurnResult[]): CaseResult => ({
  id,
  name: id,
  file: 'x.yaml',
  loc,
  tags,
  status,
  sessionId: id,
  startedAt: '',
  durationMs: 1,
  turns,
})

/** A run whose every metric is worked out by hand in the test below. */
function cases(): CaseResult[] {
  return [
    kase(
      'A',
      'passed',
      ['orders'],
      [
        turn(0, { intent: 'greet', action: 'greet' }, [v('intent', true, 'greet')], { latencyMs: 10 }),
        turn(
          1,
          { intent: 'order_status', action: 'retrieve_order', entities: [{ type: 'order_id', value: '1' }] },
          [
            v('intent', true, ['order_help', 'order_status']),
            v('entities', true, [{ type: 'order_id', value: '1' }]),
            v('action', true, 'retrieve_order'),
          ],
          { latencyMs: 20 },
        ),
      ],
    ),
    kase(
      'B',
      'failed',
      ['orders', 'refunds'],
      [
        turn(
          0,
          {
            intent: 'order_help',
            action: 'retrieve_order',
            entities: [
              { type: 'order_id', value: '3' },
              { type: 'email', value: 'a@b.c' },
            ],
          },
          [
            v('intent', false, 'order_status'),
            v('entities', false, { strict: true, items: [{ type: 'order_id', value: '2' }, { type: 'email' }] }),
            v('action', false, 'cancel'),
          ],
          { latencyMs: 30 },
        ),
        turn(1, { intent: 'fallback', action: 'fallback' }, [v('intent', false, { name: 'refund', min_confidence: 0.8 })], {
          latencyMs: 40,
        }),
      ],
    ),
    kase(
      'C',
      'errored',
      ['escalation'],
      [
        turn(
          0,
          { intent: 'talk_to_human', confidence: 0.5, action: 'escalate_to_human' },
          [v('intent', false, { name: 'talk_to_human', min_confidence: 0.8 }, 'INTENT_LOW_CONFIDENCE')],
          { latencyMs: 50, retries: 2 },
        ),
        turn(1, undefined, [], { status: 'errored', error: { code: 'TIMEOUT', message: 'slow' }, retries: 1 }),
        turn(2, undefined, [], { status: 'skipped' }),
      ],
    ),
    kase('D', 'skipped', ['orders'], [turn(0, undefined, [], { status: 'skipped' })]),
  ]
}

function finiteOrNull(x: unknown): boolean {
  if (typeof x === 'number') return Number.isFinite(x)
  if (x === null || typeof x !== 'object') return true
  return Object.values(x).every(finiteOrNull)
}

describe('run metrics', () => {
  const m: RunMetrics = measure(cases(), 2000)

  it('counts conversations and turns that ran, throughput, errors and retries', () => {
    expect(m).toMatchObject({
      conversations: 3,
      turns: 6,
      messages_per_second: 2.5,
      error_rate: 1 / 6,
      retries: 3,
      avg_conversation_length: 2,
    })
  })

  it('rates: fallback over answered turns, escalation and completion over conversations run', () => {
    expect(m.fallback_rate).toBe(1 / 5)
    expect(m.escalation_rate).toBe(1 / 3)
    expect(m.completion_rate).toBe(1 / 3)
    expect(m.user_satisfaction).toBeNull()
    expect(m.resolved_rate).toBeNull()
  })

  it('response times: nearest-rank percentiles and a cumulative histogram', () => {
    expect(m.response_time).toEqual({ p50: 30, p90: 50, p95: 50, p99: 50, max: 50, mean: 30 })
    const h = Object.fromEntries(m.response_time_histogram.map((b) => [String(b.le), b.count]))
    expect(h).toMatchObject({ 5: 0, 10: 1, 25: 2, 50: 5, 100: 5, null: 5 })
    expect(m.response_time_histogram).toHaveLength(15)
    // Nothing here kept attempts: the final attempt is the whole turn.
    expect(m.attempt_time).toEqual(m.response_time)
  })

  it("a retried turn: response time is the user's whole wait, attempt time its final attempt alone", () => {
    const retried = turn(0, { intent: 'greet' }, [], {
      latencyMs: 1_050,
      retries: 1,
      attempts: [
        { status: 503, latencyMs: 5, waitMs: 1_000 },
        { status: 200, latencyMs: 45 },
      ],
    })
    const plain = turn(1, { intent: 'greet' }, [], { latencyMs: 30 })
    const r = measure([kase('R', 'passed', [], [retried, plain])], 2_000)
    expect(r.response_time).toMatchObject({ max: 1_050, mean: 540 })
    expect(r.attempt_time).toMatchObject({ max: 45, mean: 37.5 })
    expect(r.retries).toBe(1)
  })

  it('intent accuracy counts a low-confidence match as a miss', () => {
    expect(m.intent_accuracy).toBe(2 / 5)
    expect(m.action_accuracy).toBe(1 / 2)
  })

  it('builds the confusion matrix from expected (first accepted, or the actual when accepted) vs actual', () => {
    expect(m.confusion).toEqual({
      labels: ['(low confidence)', 'fallback', 'greet', 'order_help', 'order_status', 'refund', 'talk_to_human'],
      matrix: [
        [0, 0, 0, 0, 0, 0, 0],
        [0, 0, 0, 0, 0, 0, 0],
        [0, 0, 1, 0, 0, 0, 0],
        [0, 0, 0, 0, 0, 0, 0],
        [0, 0, 0, 1, 1, 0, 0],
        [0, 1, 0, 0, 0, 0, 0],
        [1, 0, 0, 0, 0, 0, 0],
      ],
    })
  })

  it('per-intent scores, with null precision for a never-predicted intent and null recall for a never-expected one', () => {
    expect(m.intents).toEqual({
      fallback: { precision: 0, recall: null, f1: 0, support: 0 },
      greet: { precision: 1, recall: 1, f1: 1, support: 1 },
      order_help: { precision: 0, recall: null, f1: 0, support: 0 },
      order_status: { precision: 1, recall: 0.5, f1: 2 / 3, support: 2 },
      refund: { precision: null, recall: 0, f1: 0, support: 1 },
      // Its only turn answered talk_to_human below min_confidence: a miss here as in intent_accuracy.
      talk_to_human: { precision: null, recall: 0, f1: 0, support: 1 },
    })
  })

  it('one rule for every intent metric: a hit is a passed intent verdict, so the diagonal counts exactly the hits', () => {
    const diagonal = m.confusion.matrix.reduce((n, row, i) => n + row[i]!, 0)
    const total = m.confusion.matrix.flat().reduce((a, b) => a + b, 0)
    expect(diagonal / total).toBe(m.intent_accuracy)
    const hits = Object.values(m.intents).reduce((n, c) => n + (c.recall ?? 0) * c.support, 0)
    expect(hits / total).toBe(m.intent_accuracy)
    expect(m.by_tag.escalation!.intent_accuracy).toBe(0)
  })

  it('entity precision, recall and F1 over matched type+value (type only when no value is expected)', () => {
    expect(m.entity_precision).toBe(2 / 3)
    expect(m.entity_recall).toBe(2 / 3)
    expect(m.entity_f1).toBe(2 / 3)
  })

  it('breaks down by tag, leaving skipped conversations out', () => {
    expect(m.by_tag).toEqual({
      escalation: { conversations: 1, passed: 0, failed: 0, errored: 1, completion_rate: 0, intent_accuracy: 0 },
      orders: { conversations: 2, passed: 1, failed: 1, errored: 0, completion_rate: 0.5, intent_accuracy: 0.5 },
      refunds: { conversations: 1, passed: 0, failed: 1, errored: 0, completion_rate: 0, intent_accuracy: 0 },
    })
  })

  it('an empty run has null rates and zero counts, never NaN', () => {
    const empty = measure([], 0)
    expect(finiteOrNull(empty)).toBe(true)
    expect(empty).toMatchObject({
      conversations: 0,
      messages_per_second: 0,
      intent_accuracy: null,
      fallback_rate: null,
      completion_rate: null,
      entity_f1: null,
    })
    expect(JSON.stringify(m)).not.toMatch(/NaN|Infinity/)
    expect(finiteOrNull(m)).toBe(true)
  })

  it('is incremental: adding one at a time gives the same as measuring the list', () => {
    const acc = createMetrics()
    for (const c of cases()) acc.add(c)
    expect(acc.result(2000)).toEqual(m)
  })

  it('takes fallback and escalation names from options', () => {
    const custom = measure(cases(), 2000, { fallbackIntents: ['order_help'], fallbackActions: [], escalationActions: ['greet'] })
    expect(custom.fallback_rate).toBe(1 / 5)
    expect(custom.escalation_rate).toBe(1 / 3)
  })
})

describe('latency state', () => {
  it('gives exact nearest-rank percentiles and mean at any size, from a lossless microsecond histogram', () => {
    const lat = createLatency()
    const samples: number[] = []
    let seed = 42
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
    for (let i = 0; i < 20_000; i++) {
      const x = Math.exp(rand() * Math.log(20_000)) // 1 ms .. 20 s, log-uniform
      samples.push(Math.round(x * 1000))
      lat.add(x)
    }
    samples.sort((a, b) => a - b)
    const exact = (q: number) => samples[Math.ceil(q * samples.length) - 1]! / 1000
    const s = lat.stats()
    expect([s.p50, s.p90, s.p95, s.p99, s.max]).toEqual([exact(0.5), exact(0.9), exact(0.95), exact(0.99), samples.at(-1)! / 1000])
    expect(s.mean).toBe(Math.round(samples.reduce((a, b) => a + b, 0) / samples.length) / 1000)
    expect(lat.histogram().at(-1)!.count).toBe(20_000)
  })

  it('reads the same figures whenever they are asked for, with repeated values, reads between adds and loads', () => {
    const bounds = [1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000]
    const lat = createLatency()
    const seen: number[] = []
    let seed = 7
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
    const check = () => {
      const sorted = [...seen].sort((a, b) => a - b)
      const exact = (q: number) => sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1]! / 1000
      const s = lat.stats()
      expect([s.p50, s.p90, s.p99, s.max]).toEqual([exact(0.5), exact(0.9), exact(0.99), sorted.at(-1)! / 1000])
      const cumulative = [...bounds.map((b) => sorted.filter((us) => us <= b * 1000).length), sorted.length]
      expect(lat.histogram().map((h) => h.count)).toEqual(cumulative)
      const tally = new Map<number, number>()
      for (const us of sorted) tally.set(us, (tally.get(us) ?? 0) + 1)
      expect(lat.state()).toEqual({ us: [...tally.keys()], counts: [...tally.values()] })
      expect(lat.count()).toBe(sorted.length)
    }
    // Batches of every size around the accumulator's internal ones, a few hundred distinct values.
    for (const size of [1, 5, 4095, 1, 4097, 9000, 3]) {
      for (let i = 0; i < size; i++) {
        const ms = Math.floor(rand() * 400) * 7.5 + (i % 3 === 0 ? 0.0004 : 0)
        lat.add(ms)
        seen.push(Math.round(ms * 1000))
      }
      check()
    }
    // A state written by hand: unsorted, with a value twice.
    lat.load({ us: [5000, 1, 5000, 7_500_000], counts: [2, 1, 3, 1] })
    seen.push(5000, 5000, 1, 5000, 5000, 5000, 7_500_000)
    check()
  })

  it('merges: loading two states equals adding every sample to one', () => {
    const values = [0.0004, 1, 2.5, 2.5004, 3.1415, 999.9999, 12_000.5]
    const one = createLatency()
    values.forEach((v) => one.add(v))
    const a = createLatency()
    const b = createLatency()
    values.forEach((v, i) => (i % 2 ? a : b).add(v))
    const merged = createLatency()
    merged.load(JSON.parse(JSON.stringify(a.state())))
    merged.load(b.state())
    expect(merged.stats()).toEqual(one.stats())
    expect(merged.histogram()).toEqual(one.histogram())
    expect(merged.state()).toEqual(one.state())
    expect(one.state()).toEqual({ us: [0, 1000, 2500, 3142, 1_000_000, 12_000_500], counts: [1, 1, 2, 1, 1, 1] })
  })
})
