import type { Alert, CaseResult, RunMetrics, RunReport, TurnResult } from '../../src/report/model.js'
import { summarize } from '../../src/metrics/tally.js'
import { cannedReport } from './canned-report.js'

/** Strings that would run script if any reached the page as markup. Each sets window.__xss. */
export const XSS_PAYLOADS = [
  '<script>window.__xss=1</script>',
  '<img src=x onerror="window.__xss=1">',
  '</script><script>window.__xss=1</script>',
  '<svg onload="window.__xss=1"></svg>',
  '"><img src=x onerror=window.__xss=1>',
  '\'><iframe srcdoc="<script>parent.__xss=1</script>"></iframe>',
  '<!--</script><script>window.__xss=1</script>-->',
  '\u2028\u2029<a href="javascript:window.__xss=1">x</a>',
]

/** A hand-made metrics object: 4 intents, a latency histogram, everything a tile shows. */
export function cannedMetrics(): RunMetrics {
  const labels = ['greeting', 'order_status', 'refund', XSS_PAYLOADS[1]!]
  return {
    conversations: 4,
    turns: 7,
    messages_per_second: 4.67,
    response_time: { p50: 12, p90: 40, p95: 80, p99: 240, max: 250, mean: 31.5 },
    response_time_histogram: [
      { le: 10, count: 1 },
      { le: 25, count: 3 },
      { le: 50, count: 4 },
      { le: 100, count: 4 },
      { le: 250, count: 5 },
      { le: null, count: 5 },
    ],
    attempt_time: { p50: 12, p90: 40, p95: 60, p99: 240, max: 250, mean: 30 },
    intent_accuracy: 0.75,
    intents: { greeting: { precision: 1, recall: 1, f1: 1, support: 3 } },
    confusion: {
      labels,
      matrix: [
        [3, 0, 0, 0],
        [0, 2, 1, 0],
        [0, 1, 4, 0],
        [0, 0, 0, 1],
      ],
    },
    entity_precision: 1,
    entity_recall: 0.5,
    entity_f1: 0.667,
    action_accuracy: 0.8,
    fallback_rate: 0.1,
    escalation_rate: 0.25,
    completion_rate: 0.25,
    avg_conversation_length: 1.75,
    user_satisfaction: 4.5,
    resolved_rate: 0.5,
    error_rate: 0.25,
    retries: 0,
    by_tag: {},
  }
}

const CANNED_ALERTS: Alert[] = [
  { name: 'high_fallback_rate', metric: 'fallback_rate', op: '>', limit: 0.05, value: 0.1 },
  { name: `evil ${XSS_PAYLOADS[0]}`, metric: 'error_rate', op: '>=', limit: 0.2, value: 0.25 },
]

function hostileCase(payload: string, n: number): CaseResult {
  const t: TurnResult = {
    index: 0,
    user: `user says ${payload}`,
    status: 'failed',
    latencyMs: 20,
    retries: 0,
    loc: { file: `scenarios/${payload}.yaml`, line: 3, col: 5 },
    reply: { text: `reply ${payload}`, intent: payload, confidence: 0.5, entities: [{ type: payload, value: payload }], action: payload },
    verdicts: [
      {
        check: 'intent',
        pass: false,
        code: 'INTENT_MISMATCH',
        expected: payload,
        actual: `x${payload}`,
        loc: { file: `scenarios/${payload}.yaml`, line: 4, col: 7 },
      },
    ],
  }
  return {
    id: `xss-${n}`,
    name: `xss ${n} ${payload}`,
    file: `scenarios/${payload}.yaml`,
    loc: { file: `scenarios/${payload}.yaml`, line: 1, col: 7 },
    tags: ['xss', payload],
    status: 'failed',
    sessionId: `sid-${payload}`,
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 20,
    turns: [t],
    skipReason: undefined,
    feedback: { satisfaction: 2, resolved: false, comment: payload, sent: true },
  }
}

/** `extra` generated passing cases named "bulk N" (to exercise pagination), tagged "bulk". */
function bulkCase(n: number): CaseResult {
  const base = cannedReport().cases[0]!
  return { ...base, id: `bulk-${n}`, name: `bulk ${n}`, tags: ['bulk'], sessionId: `s-bulk-${n}` }
}

/** The canned run plus hostile cases, bulk cases, metrics and alerts. */
export function htmlReport(opts: { metrics?: boolean; bulk?: number } = {}): RunReport & { metrics?: RunMetrics; alerts?: Alert[] } {
  const base = cannedReport()
  const cases = [...base.cases, ...XSS_PAYLOADS.map(hostileCase), ...Array.from({ length: opts.bulk ?? 0 }, (_, i) => bulkCase(i + 1))]
  const { metrics: _metrics, alerts: _alerts, ...withoutMetrics } = base
  const report = { ...withoutMetrics, cases, summary: summarize(cases) }
  return opts.metrics === false ? report : { ...report, metrics: cannedMetrics(), alerts: CANNED_ALERTS }
}

const replyText = (c: number) => `Your order A${100000 + c} is on its way and should arrive within two working days. Anything else?`
const INTENTS = ['greeting', 'order_status', 'refund_request', 'cancel_order', 'talk_to_human']

/**
 * A realistic large run: `n` conversations of five turns, each turn with a reply of about 90
 * characters, an entity and three checks (intent, action, reply); one in ten fails a check.
 */
export function largeReport(n: number): RunReport {
  const cases: CaseResult[] = Array.from({ length: n }, (_, c) => {
    const file = `scenarios/suite-${c % 40}/orders-${c % 7}.yaml`
    const turns: TurnResult[] = Array.from({ length: 5 }, (_, i) => {
      const intent = INTENTS[(c + i) % INTENTS.length]!
      const fail = c % 10 === 0 && i === 4
      const at = (line: number) => ({ file, line, col: 7 })
      return {
        index: i,
        user: `Hi, where is my order number A${100000 + c}? It was due on Monday (turn ${i + 1}).`,
        status: fail ? 'failed' : 'passed',
        latencyMs: 20 + ((c * 7 + i * 13) % 400),
        retries: 0,
        loc: at(4 + i * 8),
        reply: {
          text: replyText(c),
          intent,
          confidence: 0.93,
          entities: [{ type: 'order_id', value: `A${100000 + c}` }],
          action: `utter_${intent}`,
        },
        verdicts: [
          { check: 'intent', pass: true, code: 'INTENT_OK', expected: intent, actual: intent, loc: at(6 + i * 8) },
          {
            check: 'action',
            pass: !fail,
            code: fail ? 'ACTION_MISMATCH' : 'ACTION_OK',
            expected: `utter_${intent}`,
            actual: fail ? 'utter_fallback' : `utter_${intent}`,
            loc: at(7 + i * 8),
          },
          {
            check: 'reply',
            pass: true,
            code: 'REPLY_CONTAINS_OK',
            expected: { contains: 'on its way' },
            actual: replyText(c),
            loc: at(8 + i * 8),
          },
        ],
      }
    })
    return {
      id: `conversation-${c}`,
      name: `order tracking conversation ${c}`,
      file,
      loc: { file, line: 1, col: 7 },
      tags: ['orders', `shard-${c % 4}`],
      status: c % 10 === 0 ? 'failed' : 'passed',
      sessionId: `7f0c${String(c).padStart(4, '0')}-1d2e-4c5b-9a8f-0123456789ab`,
      startedAt: '2026-01-01T00:00:00.000Z',
      durationMs: 400 + (c % 300),
      turns,
    }
  })
  const base = cannedReport()
  return { ...base, cases, summary: summarize(cases) }
}

/**
 * A conversation whose judge could not grade (an errored verdict, so the turn and conversation
 * are errored) beside a failed intent check and a passed reply check, in one turn.
 */
export function judgeErroredCase(): CaseResult {
  const at = (line: number) => ({ file: 'scenarios/judged.yaml', line, col: 7 })
  const t: TurnResult = {
    index: 0,
    user: 'I want a refund',
    status: 'errored',
    latencyMs: 20,
    retries: 0,
    loc: at(3),
    reply: { text: 'Sorry to hear that.', intent: 'greeting', entities: [] },
    error: { code: 'JUDGE_TIMEOUT', message: 'judge: no grade within 5000 ms' },
    verdicts: [
      { check: 'intent', pass: false, code: 'INTENT_MISMATCH', expected: 'refund', actual: 'greeting', loc: at(5) },
      { check: 'reply', pass: true, code: 'REPLY_CONTAINS_OK', expected: { contains: 'Sorry' }, actual: 'Sorry to hear that.', loc: at(6) },
      {
        check: 'judge',
        pass: false,
        errored: true,
        code: 'JUDGE_TIMEOUT',
        expected: { rubric: 'Offers a refund', min_score: 0.7 },
        actual: { error: 'no grade within 5000 ms' },
        loc: at(7),
      },
    ],
  }
  return {
    id: 'judged',
    name: 'judge could not grade',
    file: 'scenarios/judged.yaml',
    loc: at(1),
    tags: ['judged'],
    status: 'errored',
    sessionId: 'sid-judged',
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 20,
    turns: [t],
    skipReason: undefined,
  }
}

/** A report of `cases` alone, with their counts. */
export function reportOf(cases: CaseResult[]): RunReport {
  const { metrics: _metrics, alerts: _alerts, ...base } = cannedReport()
  return { ...base, cases, summary: summarize(cases) }
}
