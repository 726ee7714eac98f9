import type { CaseResult, RunReport, TurnResult } from '../../src/report/model.js'
import { summarize } from '../../src/metrics/tally.js'
import { createMetrics } from '../../src/metrics/measure.js'

const loc = (file: string, line: number, col = 5) => ({ file, line, col })

function turn(index: number, over: Partial<TurnResult> = {}): TurnResult {
  return {
    index,
    user: `message ${index + 1}`,
    status: 'passed',
    latencyMs: 12,
    reply: { text: `reply ${index + 1}`, intent: 'greeting', confidence: 0.9, entities: [], action: 'greet' },
    verdicts: [
      {
        check: 'intent',
        pass: true,
        code: 'INTENT_OK',
        expected: 'greeting',
        actual: 'greeting',
        loc: loc('scenarios/a.yaml', 6 + index * 4, 7),
      },
    ],
    loc: loc('scenarios/a.yaml', 4 + index * 4),
    retries: 0,
    ...over,
  }
}

function kase(name: string, file: string, status: CaseResult['status'], turns: TurnResult[], over: Partial<CaseResult> = {}): CaseResult {
  return {
    id: name,
    name,
    file,
    loc: loc(file, 1, 7),
    tags: ['orders'],
    status,
    sessionId: `s-${name}`,
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 40,
    turns,
    ...over,
  }
}

/** A small run with one case of each status, including hostile text from the "assistant". */
export function cannedReport(): RunReport {
  const cases: CaseResult[] = [
    kase('Passes', 'scenarios/a.yaml', 'passed', [turn(0), turn(1)]),
    kase('Fails <on> "action" & more', 'scenarios/a.yaml', 'failed', [
      turn(0),
      turn(1, {
        status: 'failed',
        reply: { text: '<script>alert(1)</script> \u0001 & done', intent: 'greeting', entities: [], action: 'ask_order_details' },
        verdicts: [
          {
            check: 'action',
            pass: false,
            code: 'ACTION_MISMATCH',
            expected: 'retrieve_order',
            actual: 'ask_order_details',
            loc: loc('scenarios/a.yaml', 14, 7),
          },
        ],
      }),
    ]),
    kase('Errors', 'scenarios/b.yaml', 'errored', [
      turn(0, {
        status: 'errored',
        reply: undefined,
        latencyMs: undefined,
        verdicts: [],
        error: { code: 'HTTP_STATUS', message: 'HTTP 500: boom', status: 500 },
      }),
      turn(1, { status: 'skipped', reply: undefined, latencyMs: undefined, verdicts: [], skipReason: 'an earlier turn errored' }),
    ]),
    kase(
      'Skipped',
      'scenarios/b.yaml',
      'skipped',
      [turn(0, { status: 'skipped', reply: undefined, verdicts: [], skipReason: 'flaky upstream' })],
      { skipReason: 'flaky upstream', durationMs: 0 },
    ),
  ]
  const metrics = createMetrics()
  for (const c of cases) metrics.add(c)
  return {
    version: 1,
    tool: { name: 'banter', version: '0.0.0-test' },
    run: {
      startedAt: '2026-01-01T00:00:00.000Z',
      finishedAt: '2026-01-01T00:00:01.500Z',
      durationMs: 1500,
      endpoint: 'http://127.0.0.1:1/chat',
      concurrency: 4,
      paths: ['scenarios'],
    },
    summary: summarize(cases),
    cases,
    metrics: metrics.result(1500),
    metricState: metrics.state(),
  }
}
