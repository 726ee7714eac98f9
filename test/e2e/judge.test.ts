import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { InputError } from '../../src/core/errors.js'
import type { RunReport, TurnResult } from '../../src/report/model.js'
import { startEmbeddedAssistant } from '../../src/cli/embedded-assistant.js'
import { run as runBanter, type RunOptions } from '../../src/run.js'
import { closedPort, json, startFakeServer, type FakeServer } from '../helpers/fake-server.js'
import { startFakeJudge, type FakeJudge } from '../helpers/fake-judge.js'
import { tempProject } from '../helpers/temp-dir.js'

// The reference assistant answers "where is my order 12345" with "I found order 12345. Its status
// is shipped: it is on its way." and "thanks" with a goodbye.
const ORDER_SCENARIO = `name: order status
turns:
  - user: where is my order 12345
    expect:
      judge:
        rubric: Gives the status of order 12345
        min_score: 0.6
  - user: thanks
    expect:
      reply: { contains: Goodbye }
`

/** As `banter run` does: the embedded reference assistant when no endpoint is configured. */
const run = (options: RunOptions) => runBanter({ defaultEndpoint: startEmbeddedAssistant, ...options })

const project = (files: Record<string, string>) => tempProject('banter-judge-e2e-', files)

const judgeVerdict = (t: TurnResult) => t.verdicts.find((v) => v.check === 'judge')!

describe('judge expectations against the embedded reference assistant (its rule-based judge is the default)', () => {
  it('grades each reply with a score and a reason, passes at min_score, fails below it', async () => {
    const dir = await project({
      'scenarios/order.yaml': ORDER_SCENARIO,
      'scenarios/goodbye.yaml':
        'name: goodbye\nturns:\n  - user: thanks\n    expect:\n      judge: { rubric: \'Wishes the user "a nice day"\' }\n',
    })
    const report = await run({ cwd: dir, env: {}, concurrency: 2 })
    const [goodbye, order] = [report.cases.find((c) => c.name === 'goodbye')!, report.cases.find((c) => c.name === 'order status')!]
    expect(order.status).toBe('passed')
    expect(judgeVerdict(order.turns[0]!)).toMatchObject({
      pass: true,
      code: 'JUDGE_OK',
      loc: { file: 'scenarios/order.yaml', line: 5, col: 7 },
      expected: { rubric: 'Gives the status of order 12345', min_score: 0.6 },
      actual: { score: 0.75, reason: '3 of 4 key terms found: status, order, 12345; missing: gives' },
      judge: { model: 'banter-rule-judge', cached: false, prompt_tokens: expect.any(Number), completion_tokens: expect.any(Number) },
    })
    expect(goodbye.status).toBe('failed')
    expect(judgeVerdict(goodbye.turns[0]!)).toMatchObject({
      pass: false,
      code: 'JUDGE_LOW_SCORE',
      expected: { min_score: 0.7 },
      actual: { score: 0 },
    })
    expect(report.run.judge).toEqual({
      model: 'banter-rule-judge',
      endpoint: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/judge\/v1\/chat\/completions$/),
      prompt_version: 1,
      cache: '.banter-cache/judge',
    })
    expect(report.metrics!.judge).toMatchObject({ grades: 2, calls: 2, cache_hits: 0, errors: 0, score_mean: 0.375 })
    expect(report.metrics!.judge!.prompt_tokens).toBeGreaterThan(0)
  })

  it('runs without a judge block when no scenario grades (no cache folder, no judge figures)', async () => {
    const dir = await project({ 'scenarios/a.yaml': 'name: a\nturns:\n  - user: hello\n' })
    const report = await run({ cwd: dir, env: {} })
    expect(report.run.judge).toBeUndefined()
    expect(report.metrics!.judge).toBeUndefined()
    expect(report.metricState!.parts.judge).toBeUndefined()
  })
})

describe('a configured judge', () => {
  let judge: FakeJudge
  beforeAll(async () => {
    judge = await startFakeJudge({ slowMs: 3000 })
  })
  afterAll(async () => {
    await judge.close()
  })

  const config = (mode: string, extra = '') =>
    `judge:\n  url: ${judge.url}/${mode}/v1\n  model: gpt-judge\n  api_key: \${JUDGE_KEY}\n  retry: { attempts: 1 }\n  timeout_ms: 500\n${extra}`
  const runIn = (dir: string) =>
    run({ cwd: dir, env: { JUDGE_KEY: 'sk-judge-secret-123' }, configFile: 'banter.config.yaml', concurrency: 4 })

  it('is asked with its model, API key, temperature 0 and JSON mode, the rubric and the reply', async () => {
    const dir = await project({ 'banter.config.yaml': config('good'), 'scenarios/order.yaml': ORDER_SCENARIO })
    const before = judge.requests.length
    const report = await runIn(dir)
    expect(report.cases[0]!.status).toBe('passed')
    const sent = judge.requests.slice(before)
    expect(sent).toHaveLength(1)
    expect(sent[0]!.url).toBe('/good/v1/chat/completions')
    expect(sent[0]!.headers.authorization).toBe('Bearer sk-judge-secret-123')
    const body = JSON.parse(sent[0]!.body) as {
      model: string
      temperature: number
      response_format: unknown
      messages: { role: string; content: string }[]
    }
    expect(body).toMatchObject({ model: 'gpt-judge', temperature: 0, response_format: { type: 'json_object' } })
    expect(body.messages[1]!.content).toBe(
      '<rubric>\nGives the status of order 12345\n</rubric>\n\n<reply>\nI found order 12345. Its status is shipped: it is on its way.\n</reply>',
    )
    expect(judgeVerdict(report.cases[0]!.turns[0]!)).toMatchObject({
      pass: true,
      actual: { score: 0.9, reason: 'fine' },
      judge: { model: 'gpt-judge', cached: false, prompt_tokens: 40, completion_tokens: 8 },
    })
  })

  it('caches grades on disk: a second run makes no judge call and reports cache hits', async () => {
    const dir = await project({ 'banter.config.yaml': config('good', '  cache_dir: grades\n'), 'scenarios/order.yaml': ORDER_SCENARIO })
    const before = judge.requests.length
    const first = await runIn(dir)
    expect(judge.requests.length - before).toBe(1)
    expect(first.metrics!.judge).toMatchObject({ grades: 1, calls: 1, cache_hits: 0, prompt_tokens: 40, completion_tokens: 8 })
    const second = await runIn(dir)
    expect(judge.requests.length - before).toBe(1)
    expect(second.metrics!.judge).toMatchObject({
      grades: 1,
      calls: 0,
      cache_hits: 1,
      prompt_tokens: 0,
      completion_tokens: 0,
      score_mean: 0.9,
    })
    expect(judgeVerdict(second.cases[0]!.turns[0]!)).toMatchObject({
      pass: true,
      actual: { score: 0.9, reason: 'fine' },
      judge: { cached: true },
    })
    expect(second.run.judge!.cache).toBe('grades')
  })

  it('with cache: false, asks every time', async () => {
    const dir = await project({ 'banter.config.yaml': config('good', '  cache: false\n'), 'scenarios/order.yaml': ORDER_SCENARIO })
    const before = judge.requests.length
    await runIn(dir)
    const second = await runIn(dir)
    expect(judge.requests.length - before).toBe(2)
    expect(second.run.judge!.cache).toBeUndefined()
  })

  const failures: [string, string, RegExp][] = [
    ['malformed', 'JUDGE_BAD_ANSWER', /not a JSON object/],
    ['range', 'JUDGE_SCORE_OUT_OF_RANGE', /score 7 is outside 0\.\.1/],
    ['slow', 'JUDGE_TIMEOUT', /no complete response within 500 ms/],
    ['failing', 'JUDGE_HTTP_STATUS', /HTTP 500/],
  ]
  for (const [mode, code, message] of failures) {
    it(`a ${mode} judge answer is an errored verdict (${code}), never a pass; the next turn still runs; nothing is cached`, async () => {
      const dir = await project({ 'banter.config.yaml': config(mode), 'scenarios/order.yaml': ORDER_SCENARIO })
      for (let i = 0; i < 2; i++) {
        const before = judge.requests.length
        const report = await runIn(dir)
        expect(judge.requests.length - before).toBe(1)
        const [first, second] = report.cases[0]!.turns
        expect(report.cases[0]!.status).toBe('errored')
        expect(first!.status).toBe('errored')
        expect(first!.reply?.text).toContain('order 12345')
        expect(first!.error).toMatchObject({ code, message: expect.stringMatching(message) })
        expect(judgeVerdict(first!)).toMatchObject({ check: 'judge', pass: false, errored: true, code })
        expect(second!.status).toBe('passed')
        expect(report.metrics!.judge).toMatchObject({ grades: 0, errors: 1 })
        expect(report.summary).toMatchObject({ errored: 1, passed: 0 })
      }
    })
  }

  it('an unreachable judge is JUDGE_CONNECTION_REFUSED', async () => {
    const dir = await project({
      'banter.config.yaml': `judge:\n  url: http://127.0.0.1:${await closedPort()}/v1\n  model: m\n  retry: { attempts: 2, base_delay_ms: 1 }\n`,
      'scenarios/order.yaml': ORDER_SCENARIO,
    })
    const report = await run({ cwd: dir, env: {}, configFile: 'banter.config.yaml' })
    expect(judgeVerdict(report.cases[0]!.turns[0]!)).toMatchObject({ errored: true, code: 'JUDGE_CONNECTION_REFUSED' })
  })

  it('masks the API key wherever the judge echoes it', async () => {
    const dir = await project({ 'banter.config.yaml': config('failing'), 'scenarios/order.yaml': ORDER_SCENARIO })
    const report = await runIn(dir)
    const text = JSON.stringify(report)
    expect(text).toContain('upstream failed for Bearer ***')
    expect(text).not.toContain('sk-judge-secret-123')
  })

  it("keeps to its own concurrency, whatever the run's", async () => {
    const slowJudge = await startFakeJudge({ goodMs: 150 })
    try {
      const scenarios = Object.fromEntries(
        Array.from({ length: 8 }, (_, i) => [
          `scenarios/s${i}.yaml`,
          `name: s${i}\nturns:\n  - user: where is my order 1000${i}\n    expect:\n      judge: { rubric: status ${i} }\n`,
        ]),
      )
      const dir = await project({
        'banter.config.yaml': `judge:\n  url: ${slowJudge.url}/good/v1\n  model: m\n  concurrency: 2\n  cache: false\n`,
        ...scenarios,
      })
      const report = await run({ cwd: dir, env: {}, configFile: 'banter.config.yaml', concurrency: 8 })
      expect(report.summary.passed).toBe(8)
      expect(slowJudge.requests).toHaveLength(8)
      expect(slowJudge.maxInFlight).toBe(2)
    } finally {
      await slowJudge.close()
    }
  })
})

describe("the judge's own rate", () => {
  it("spaces judge requests by judge.rate, whatever the run's rate", async () => {
    const judge = await startFakeJudge()
    try {
      const scenarios = Object.fromEntries(
        Array.from({ length: 5 }, (_, i) => [
          `scenarios/s${i}.yaml`,
          `name: s${i}\nturns:\n  - user: where is my order 2000${i}\n    expect:\n      judge: { rubric: status ${i} }\n`,
        ]),
      )
      const dir = await project({
        'banter.config.yaml': `judge:\n  url: ${judge.url}/good/v1\n  model: m\n  rate: 10\n  concurrency: 5\n  cache: false\n`,
        ...scenarios,
      })
      await run({ cwd: dir, env: {}, configFile: 'banter.config.yaml', concurrency: 5 })
      expect(judge.arrivals).toHaveLength(5)
      // 10 per second is one every 100 ms: five requests are sent over at least 400 ms. Arrivals
      // jitter by a connection set-up each, so allow 200 ms; a busy machine only makes it longer.
      expect(judge.arrivals.at(-1)! - judge.arrivals[0]!).toBeGreaterThan(200)
    } finally {
      await judge.close()
    }
  })
})

describe('judge expectations with no judge to grade them', () => {
  it('are an input error at load time, located at each expectation, when the run targets another endpoint', async () => {
    const dir = await project({
      'banter.config.yaml': 'endpoint:\n  url: http://127.0.0.1:9/chat\n',
      'scenarios/order.yaml': ORDER_SCENARIO,
    })
    const err = await run({ cwd: dir, env: {}, configFile: 'banter.config.yaml' }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(InputError)
    expect((err as InputError).diagnostics).toMatchObject([
      { code: 'JUDGE_NOT_CONFIGURED', loc: { file: 'scenarios/order.yaml', line: 5, col: 7 }, hint: expect.stringContaining('judge:') },
    ])
    const viaFlag = await run({ cwd: dir, env: {}, paths: ['scenarios'], endpoint: 'http://127.0.0.1:9/chat' }).catch((e: unknown) => e)
    expect((viaFlag as InputError).diagnostics[0]!.code).toBe('JUDGE_NOT_CONFIGURED')
  })
})

describe('structured replies end to end', () => {
  let bot: FakeServer
  beforeAll(async () => {
    bot = await startFakeServer((_req, body, res) => {
      const message = (JSON.parse(body) as { message: string }).message
      const reply =
        message === 'prose'
          ? 'Your order has shipped.'
          : JSON.stringify({ status: 'shipped', items: [{ sku: 'A1', qty: message === 'bad' ? 0 : 2 }] })
      json(res, 200, { reply })
    })
  })
  afterAll(async () => {
    await bot.close()
  })

  it('validates the reply text against a schema file and checks fields by path', async () => {
    const schema = JSON.stringify({
      type: 'object',
      required: ['status', 'items'],
      properties: {
        status: { enum: ['pending', 'shipped'] },
        items: { type: 'array', items: { type: 'object', properties: { qty: { type: 'integer', minimum: 1 } } } },
      },
    })
    const scenario = (name: string) =>
      `- name: ${name}\n  turns:\n    - user: ${name}\n      expect:\n        reply:\n          json_schema: schemas/order.json\n          json_path: { $.status: shipped, "$.items[0].qty": 2 }\n`
    const dir = await project({
      'scenarios/schemas/order.json': schema,
      'scenarios/orders.yaml': ['good', 'bad', 'prose'].map(scenario).join(''),
    })
    const report: RunReport = await run({ cwd: dir, env: {}, paths: ['scenarios'], endpoint: `${bot.url}/chat` })
    const codes = Object.fromEntries(report.cases.map((c) => [c.name, c.turns[0]!.verdicts.map((v) => v.code)]))
    expect(codes).toEqual({
      good: ['REPLY_SCHEMA_OK', 'REPLY_JSON_PATH_OK', 'REPLY_JSON_PATH_OK'],
      bad: ['REPLY_SCHEMA_VIOLATION', 'REPLY_JSON_PATH_OK', 'REPLY_JSON_PATH_MISMATCH'],
      prose: ['REPLY_NOT_JSON'],
    })
    const bad = report.cases.find((c) => c.name === 'bad')!.turns[0]!.verdicts[0]!
    expect(bad).toMatchObject({
      check: 'json_schema',
      loc: { file: 'scenarios/orders.yaml', line: 13 },
      expected: { keyword: 'minimum' },
      actual: { path: '$.items[0].qty', value: 0 },
    })
  })
})
