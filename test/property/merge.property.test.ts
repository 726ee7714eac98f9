import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { exitCode } from '../../src/cli/run-closing.js'
import { evaluateTurn } from '../../src/evaluate/evaluate-turn.js'
import { inShard, partitionShard, type Shard } from '../../src/execute/shard.js'
import { checkReport } from '../../src/merge/check-report.js'
import { mergeReports } from '../../src/merge/merge-reports.js'
import { createMetrics } from '../../src/metrics/measure.js'
import type { MetricOptions } from '../../src/metrics/mergeable-part.js'
import { summarize } from '../../src/metrics/tally.js'
import { countOutcomes, createOutcomeTally } from '../../src/metrics/outcomes.js'
import { evaluateThresholds, type Threshold } from '../../src/thresholds/check.js'
import type { AssistantReply, CaseResult, RunReport, Status, TurnResult } from '../../src/report/model.js'
import type { Check } from '../../src/scenario/compiled-conversation.js'
import { compileTemplate } from '../../src/template/template.js'

/*
 * The merge property (issue 14): for random suites (intents with and without min_confidence, retried turns,
 * entities with numeric and text values, fallbacks and escalations, latencies, time to first
 * token, feedback, errored and skipped conversations, tags), random metric definitions and
 * thresholds, random shard counts and seeds, the shard reports (serialised, validated against the
 * report schema, and for generated runs with passes left out of `cases`) merge to exactly the
 * metrics, alerts, summary and exit code of one run over every conversation. Repeated runs
 * (--repeat) too: each conversation has up to `repeat` runs (fewer when the run stopped early),
 * all in its shard, and the merged pass_rate, flaky_rate, outcomes and per-conversation list
 * equal one run's.
 */

const loc = { file: 'p.yaml', line: 1, col: 1 }
type ValueOf<A> = A extends fc.Arbitrary<infer T> ? T : never
const INTENTS = ['greet', 'order_status', 'fallback', 'refund', 'nlu_fallback']
const ACTIONS = ['greet', 'retrieve_order', 'fallback', 'escalate_to_human', 'handoff']
const TYPES = ['amount', 'order_id', 'email']
const VALUES = ['250.5', '250.50', '7', '007', 'a@b.c', 'x']

const reply = fc.record({
  intent: fc.option(fc.constantFrom(...INTENTS), { nil: undefined }),
  confidence: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
  action: fc.option(fc.constantFrom(...ACTIONS), { nil: undefined }),
  entities: fc.array(fc.record({ type: fc.constantFrom(...TYPES), value: fc.constantFrom(...VALUES) }), { maxLength: 3 }),
})
const expectation = fc.record({
  intent: fc.option(
    fc.record({
      names: fc.subarray(INTENTS, { minLength: 1, maxLength: 2 }),
      min: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
    }),
    { nil: undefined },
  ),
  action: fc.option(fc.constantFrom(...ACTIONS), { nil: undefined }),
  entities: fc.option(
    fc.record({
      strict: fc.boolean(),
      items: fc.array(fc.record({ type: fc.constantFrom(...TYPES), value: fc.option(fc.constantFrom(...VALUES), { nil: undefined }) }), {
        minLength: 1,
        maxLength: 2,
      }),
    }),
    { nil: undefined },
  ),
})
const turnSpec = fc.record({
  kind: fc.constantFrom('answered', 'answered', 'answered', 'answered', 'errored'),
  reply,
  expect: expectation,
  latencyMs: fc.double({ min: 0, max: 5000, noNaN: true }),
  ttftMs: fc.option(fc.double({ min: 0, max: 3000, noNaN: true }), { nil: undefined }),
  retries: fc.nat(2),
  lastAttemptMs: fc.double({ min: 0, max: 1000, noNaN: true }),
})
const caseSpec = fc.record({
  tags: fc.subarray(['orders', 'refunds', 'smoke']),
  skipped: fc.nat(9).map((n) => n === 0),
  turns: fc.array(turnSpec, { minLength: 1, maxLength: 4 }),
  feedback: fc.option(fc.record({ satisfaction: fc.integer({ min: 1, max: 5 }), resolved: fc.boolean(), sent: fc.boolean() }), {
    nil: undefined,
  }),
})
const definitions = fc.record({
  fallbackIntents: fc.subarray(INTENTS),
  fallbackActions: fc.subarray(ACTIONS),
  escalationActions: fc.subarray(ACTIONS),
})
const threshold = fc.record({
  metric: fc.constantFrom(
    'pass_rate',
    'flaky_rate',
    'fallback_rate',
    'intent_accuracy',
    'entity_f1',
    'escalation_rate',
    'response_time_p95',
    'attempt_time_p99',
    'time_to_first_token_p95',
    'user_satisfaction',
    'error_rate',
    'completion_rate',
    'messages_per_second',
  ),
  op: fc.constantFrom('>', '<', '>=', '<='),
  limit: fc.double({ min: 0, max: 3000, noNaN: true }).map((x) => Math.round(x) / 1000),
})

function checksOf(e: ValueOf<typeof expectation>): Check[] {
  const checks: Check[] = []
  if (e.intent) checks.push({ kind: 'intent', loc, names: e.intent.names.map(compileTemplate), minConfidence: e.intent.min })
  if (e.entities)
    checks.push({
      kind: 'entities',
      loc,
      strict: e.entities.strict,
      items: e.entities.items.map((i) => ({ type: i.type, value: i.value === undefined ? undefined : compileTemplate(i.value) })),
    })
  if (e.action) checks.push({ kind: 'action', loc, names: [compileTemplate(e.action)] })
  return checks
}

/** A conversation result as the runner builds it: verdicts from the real evaluator. */
function toCase(spec: ValueOf<typeof caseSpec>, id: string): CaseResult {
  const turns: TurnResult[] = []
  let stop = false
  for (const [index, t] of spec.turns.entries()) {
    const base = { index, user: `m${index}`, loc, retries: spec.skipped ? 0 : t.retries }
    if (spec.skipped || stop) {
      turns.push({ ...base, status: 'skipped', verdicts: [], skipReason: 'skipped' })
      continue
    }
    if (t.kind === 'errored') {
      turns.push({ ...base, status: 'errored', verdicts: [], error: { code: 'HTTP_STATUS', message: 'HTTP 500' } })
      stop = true
      continue
    }
    const r: AssistantReply = { text: 'ok', ...defined(t.reply), body: {} }
    const verdicts = evaluateTurn(
      { index, message: compileTemplate('m'), loc, checks: checksOf(t.expect), captures: [] },
      r,
      t.latencyMs,
      {},
    )
    const { body: _body, ...kept } = r
    const attempts =
      base.retries > 0
        ? {
            attempts: [
              { status: 503, latencyMs: t.latencyMs - t.lastAttemptMs, waitMs: 0 },
              { status: 200, latencyMs: t.lastAttemptMs },
            ],
          }
        : {}
    turns.push({
      ...base,
      status: verdicts.every((v) => v.pass) ? 'passed' : 'failed',
      latencyMs: t.latencyMs,
      ...(t.ttftMs === undefined ? {} : { ttftMs: t.ttftMs }),
      reply: kept,
      verdicts,
      ...attempts,
    })
  }
  const status: Status = spec.skipped
    ? 'skipped'
    : turns.some((t) => t.status === 'errored')
      ? 'errored'
      : turns.some((t) => t.status === 'failed')
        ? 'failed'
        : 'passed'
  const feedback = spec.feedback && { ...spec.feedback, sent: spec.feedback.sent && status !== 'skipped' && status !== 'errored' }
  return {
    id,
    name: id,
    file: 'p.yaml',
    loc,
    tags: spec.tags,
    status,
    sessionId: id,
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 5,
    turns,
    ...(feedback ? { feedback } : {}),
  }
}

function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T
}

function baseReport(
  cases: CaseResult[],
  opts: MetricOptions,
  thresholds: Threshold[],
  durationMs: number,
  shard?: Shard,
  keep?: (c: CaseResult) => boolean,
  repeat = 1,
): RunReport {
  const acc = createMetrics(opts)
  // As run.ts builds them: the outcome list only when conversations are repeated.
  const outcomes = repeat > 1 ? createOutcomeTally() : undefined
  for (const c of cases) {
    acc.add(c)
    outcomes?.add(c)
  }
  const conversations = outcomes?.list()
  const metrics = acc.result(durationMs)
  const kept = keep ? cases.filter(keep) : cases
  const start = Date.UTC(2026, 0, 1) + (shard ? shard.index * 3_600_000 : 0) // shards run an hour apart
  return {
    version: 1,
    tool: { name: 'banter', version: '0.0.0-test' },
    run: {
      startedAt: new Date(start).toISOString(),
      finishedAt: new Date(start + durationMs).toISOString(),
      durationMs,
      endpoint: 'http://127.0.0.1:1/chat',
      concurrency: 2,
      paths: ['scenarios'],
      ...(shard ? { shard } : {}),
      ...(keep ? { seed: 1, casesOmitted: cases.length - kept.length } : {}),
      ...(conversations ? { repeat } : {}),
    },
    summary: { ...summarize(cases), ...(conversations ? { outcomes: countOutcomes(conversations) } : {}) },
    cases: kept,
    ...(conversations ? { conversations } : {}),
    metrics,
    thresholds,
    alerts: shard ? [] : evaluateThresholds(thresholds, metrics),
    metricState: acc.state(),
  }
}

describe('merging shard reports gives exactly the one-run metrics, alerts and exit code', () => {
  it('for random suites, definitions, thresholds, shard counts and seeds, scenario and generated runs', () => {
    // Per conversation, the runs that finished: one without --repeat, else 1..repeat of them.
    const suite = fc
      .integer({ min: 1, max: 4 })
      .chain((repeat) =>
        fc.tuple(
          fc.constant(repeat),
          fc.array(fc.array(caseSpec, { minLength: 1, maxLength: repeat }), { minLength: 1, maxLength: repeat > 1 ? 12 : 30 }),
        ),
      )
    fc.assert(
      fc.property(
        suite,
        definitions,
        fc.array(threshold, { maxLength: 4 }),
        fc.integer({ min: 1, max: 5 }),
        fc.nat(1_000_000),
        fc.boolean(),
        fc.array(fc.integer({ min: 1, max: 20_000 }), { minLength: 5, maxLength: 5 }),
        ([repeat, conversations], opts, limits, total, seed, generated, durations) => {
          const cases = conversations.flatMap((runs, n) =>
            runs.map((s, i) => {
              const c = toCase(s, generated ? `gen-${n % 3}#${seed + n}` : `scenario ${seed}-${n}`)
              return repeat > 1 ? { ...c, repeat: { index: i + 1, of: repeat } } : c
            }),
          )
          const thresholds: Threshold[] = limits.map((t, i) => ({
            name: `t${i}`,
            metric: t.metric as Threshold['metric'],
            op: t.op,
            limit: t.limit,
          }))
          const shards = Array.from({ length: total }, (_, i): Shard => ({ index: i + 1, total }))
          const loaded = shards.map((shard, i) => {
            // Shards partition conversations; every run of a conversation is in its shard.
            const ids = new Set(
              (generated
                ? cases.filter((c) => inShard(c.id, shard))
                : partitionShard([...new Map(cases.map((c) => [c.id, c])).values()], shard)
              ).map((c) => c.id),
            )
            const mine = cases.filter((c) => ids.has(c.id))
            // Generated reports keep the problems and only some passes (here: every other one).
            const keep = generated ? (c: CaseResult) => c.status !== 'passed' || c.id.length % 2 === 0 : undefined
            const report = baseReport(mine, opts, thresholds, durations[i]!, shard, keep, repeat)
            const file = `shard-${i + 1}.json`
            return { file, report: checkReport(JSON.parse(JSON.stringify(report)), file) }
          })
          const merged = mergeReports(loaded)
          // One run over every conversation, taking as long as the longest shard (docs/scaling-out.md "Merging shard reports").
          const one = baseReport(cases, opts, thresholds, Math.max(...durations.slice(0, total)), undefined, undefined, repeat)
          expect(merged.metrics).toEqual(one.metrics)
          expect(merged.conversations).toEqual(one.conversations)
          if (repeat > 1) expect(merged.metrics!.flaky_rate).not.toBeUndefined()
          expect(merged.alerts).toEqual(one.alerts)
          expect(merged.summary).toEqual(one.summary)
          expect(merged.metricState).toEqual(one.metricState)
          expect(exitCode(merged)).toBe(exitCode(one))
          expect(JSON.stringify(merged.metrics)).not.toMatch(/NaN|Infinity/)
        },
      ),
      { numRuns: 300 },
    )
  })
})
