import { symlink } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startAssistant, type RunningAssistant } from '../../../src/assistant/server.js'
import { InputError } from '../../../src/core/errors.js'
import { describeVerdict } from '../../../src/evaluate/describe.js'
import type { RunReport, TurnResult } from '../../../src/report/model.js'
import { run } from '../../../src/run.js'
import { json, startFakeServer, type FakeServer } from '../../helpers/fake-server.js'
import { tempProject } from '../../helpers/temp-dir.js'

// The tool loop end to end: scenario → run() → openai adapter → a loopback server (the reference
// assistant's /v1/chat/completions, or a scripted fake) → verdicts in the report.

const TOOLS = `
    tools:
      - { type: function, function: { name: lookup_order, parameters: { type: object } } }
      - { type: function, function: { name: cancel_order, parameters: { type: object } } }`

let assistant: RunningAssistant
beforeAll(async () => {
  assistant = await startAssistant()
})
afterAll(async () => {
  await assistant.close()
})

const project = (files: Record<string, string>) => tempProject('banter-tools-', files)

function config(url: string, extra = '', tools = TOOLS): string {
  return `endpoint:\n  adapter: openai\n  url: ${url}\n  timeout_ms: 5000\n  retry: { attempts: 1 }\n  openai:\n    model: m${extra}${tools}\nscenarios: [scenarios]\n`
}

async function runProject(files: Record<string, string>): Promise<RunReport> {
  const dir = await project(files)
  return run({ cwd: dir, env: {}, configFile: 'banter.config.yaml', concurrency: 1 })
}

async function inputProblems(files: Record<string, string>) {
  const err = await runProject(files).then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(InputError)
  return (err as InputError).diagnostics.map((d) => ({ code: d.code, line: d.loc?.line, file: d.loc?.file, message: d.message }))
}

const turn = (report: RunReport, i: number): TurnResult => report.cases[0]!.turns[i]!
const failed = (t: TurnResult) => t.verdicts.filter((v) => !v.pass)

describe('tool calls against the reference assistant', () => {
  for (const stream of [false, true]) {
    it(`${stream ? 'streaming' : 'non-streaming'}: the call's parsed arguments, the scenario's result sent back, the follow-up answer checked`, async () => {
      const report = await runProject({
        'banter.config.yaml': config(assistant.url, stream ? '\n    stream: true' : ''),
        'scenarios/a.yaml': `name: lookup
variables: { order: "12345" }
turns:
  - user: Where is my order {{order}}?
    tool_results:
      lookup_order: { status: "{{status}}", eta: 2026-12-03 }
    expect:
      action: lookup_order
      tool_calls: [{ name: lookup_order, arguments: { order_id: "{{order}}" } }]
      reply: { contains: "status is delivered" }
  - user: thanks, bye
    expect:
      tool_calls: []
      reply: { contains: Goodbye }
`.replace('"{{status}}"', 'delivered'),
      })
      expect(report.summary).toMatchObject({ passed: 1, failed: 0, errored: 0 })
      expect(turn(report, 0).reply!.toolCalls).toEqual([{ name: 'lookup_order', arguments: { order_id: '12345' }, round: 1 }])
      expect(turn(report, 0).reply!.text).toContain('Expected delivery: 2026-12-03')
      expect(turn(report, 0).verdicts.map((v) => v.code)).toEqual(['ACTION_OK', 'TOOL_CALL_OK', 'REPLY_CONTAINS_OK'])
      expect(turn(report, 1).verdicts.map((v) => v.code)).toEqual(['TOOL_CALLS_OK', 'REPLY_CONTAINS_OK'])
    })
  }

  it('a wrong argument is a located verdict listing each difference; numbers match text as entity values do', async () => {
    const report = await runProject({
      'banter.config.yaml': config(assistant.url),
      'scenarios/a.yaml': `name: wrong args
turns:
  - user: cancel order 12345
    tool_results: { cancel_order: { cancelled: true } }
    expect:
      tool_calls:
        - name: cancel_order
          arguments: { order_id: 12354, reason: customer }
  - user: where is order 12346
    tool_results: { lookup_order: { status: shipped } }
    expect:
      tool_calls:
        - name: lookup_order
          arguments: { order_id: 12346 }
          strict: true
`,
    })
    const [bad] = failed(turn(report, 0))
    expect(bad).toMatchObject({ check: 'tool_calls', code: 'TOOL_CALL_ARGUMENTS_MISMATCH', loc: { file: 'scenarios/a.yaml', line: 7 } })
    expect(bad!.differences).toEqual([
      { path: '$.order_id', problem: 'different', expected: 12354, actual: '12345' },
      { path: '$.reason', problem: 'missing', expected: 'customer' },
    ])
    expect(describeVerdict(bad!)).toBe(
      'tool_calls: "cancel_order" arguments differ: $.order_id: expected 12354, got "12345"; $.reason: missing (expected "customer")',
    )
    expect(turn(report, 1).status).toBe('passed')
  })

  it('a call to a tool the turn has no result for fails TOOL_RESULT_MISSING at tool_results, and the conversation goes on', async () => {
    const report = await runProject({
      'banter.config.yaml': config(assistant.url),
      'scenarios/a.yaml': `name: missing result
turns:
  - user: where is order 12345
    tool_results:
      cancel_order: { cancelled: true }
  - user: hello
    expect: { reply: { contains: Hello } }
`,
    })
    expect(failed(turn(report, 0))).toEqual([
      expect.objectContaining({
        code: 'TOOL_RESULT_MISSING',
        expected: ['cancel_order'],
        actual: ['lookup_order'],
        loc: expect.objectContaining({ line: 4 }),
      }),
    ])
    expect(describeVerdict(failed(turn(report, 0))[0]!)).toContain(
      'the assistant called ["lookup_order"], and the turn has no result for it',
    )
    // The next request was accepted: the unanswered call got a tool message, as the API requires.
    expect(turn(report, 1).status).toBe('passed')
    expect(report.cases[0]!.status).toBe('failed')
  })

  it('a tool_results file is read relative to the scenario and sent as is', async () => {
    const report = await runProject({
      'banter.config.yaml': config(assistant.url),
      'scenarios/a.yaml':
        'name: file\nturns:\n  - user: cancel order 12345\n    tool_results: { cancel_order: "file://fixtures/no.json" }\n    expect: { reply: { contains: "couldn\'t cancel order 12345: too late" } }\n',
      'scenarios/fixtures/no.json': '{"cancelled": false, "reason": "too late"}',
    })
    expect(report.summary.passed).toBe(1)
  })
})

describe('tool loop edge cases against a scripted fake', () => {
  let fake: FakeServer
  let script: (
    body: { messages: { role: string; content: string | null; tool_call_id?: string }[]; stream?: boolean },
    res: Parameters<typeof json>[0],
  ) => void
  beforeAll(async () => {
    fake = await startFakeServer((_req, body, res) => script(JSON.parse(body), res))
  })
  afterAll(async () => {
    await fake.close()
  })

  const message = (content: string | null, calls: [string, string, string][] = []) => ({
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content,
          ...(calls.length
            ? { tool_calls: calls.map(([id, name, args]) => ({ id, type: 'function', function: { name, arguments: args } })) }
            : {}),
        },
      },
    ],
  })

  it('an assistant that never stops calling tools fails TOOL_ROUNDS_EXCEEDED after max_tool_rounds, without hanging', async () => {
    let n = 0
    script = (_b, res) => json(res, 200, message(null, [[`c${++n}`, 'lookup_order', '{"order_id":"1"}']]))
    const before = fake.requests.length
    const report = await runProject({
      'banter.config.yaml': config(fake.url, '\n    max_tool_rounds: 2'),
      'scenarios/a.yaml': 'name: loop\nturns:\n  - user: go\n    tool_results: { lookup_order: { status: shipped } }\n',
    })
    expect(fake.requests.length - before).toBe(3)
    expect(failed(turn(report, 0))).toEqual([
      expect.objectContaining({ code: 'TOOL_ROUNDS_EXCEEDED', expected: { max_tool_rounds: 2 }, actual: ['lookup_order'] }),
    ])
    expect(turn(report, 0).reply!.toolCalls!.map((c) => c.round)).toEqual([1, 2, 3])
  })

  it('streamed tool calls are assembled by index; arguments that are not JSON fail TOOL_CALL_ARGUMENTS_INVALID; each call gets its result with its id', async () => {
    const sent: unknown[] = []
    script = (b, res) => {
      sent.push(b.messages)
      if (b.messages.at(-1)!.role === 'tool') return json(res, 200, message('done'))
      res.writeHead(200, { 'content-type': 'text/event-stream' })
      const chunk = (delta: unknown) => res.write(`data: ${JSON.stringify({ choices: [{ index: 0, delta }] })}\n\n`)
      chunk({
        role: 'assistant',
        tool_calls: [{ index: 0, id: 'call_a', type: 'function', function: { name: 'lookup_order', arguments: '{"order_' } }],
      })
      chunk({ tool_calls: [{ index: 1, id: 'call_b', type: 'function', function: { name: 'cancel_', arguments: '{oops' } }] })
      chunk({ tool_calls: [{ index: 0, function: { arguments: 'id": 7}' } }] })
      chunk({ tool_calls: [{ index: 1, function: { name: 'order' } }] })
      res.end('data: [DONE]\n\n')
    }
    const report = await runProject({
      'banter.config.yaml': config(fake.url, '\n    stream: true'),
      'scenarios/a.yaml':
        'name: deltas\nturns:\n  - user: go\n    tool_results:\n      lookup_order: { status: shipped }\n      cancel_order: cancelled\n    expect: { reply: { equals: done } }\n',
    })
    expect(turn(report, 0).reply!.toolCalls).toEqual([
      { name: 'lookup_order', arguments: { order_id: 7 }, round: 1 },
      { name: 'cancel_order', invalidArguments: { text: '{oops', error: expect.any(String) }, round: 1 },
    ])
    expect(failed(turn(report, 0))).toEqual([
      expect.objectContaining({
        code: 'TOOL_CALL_ARGUMENTS_INVALID',
        actual: expect.objectContaining({ name: 'cancel_order', arguments: '{oops' }),
      }),
    ])
    expect((sent[1] as unknown[]).slice(-2)).toEqual([
      { role: 'tool', tool_call_id: 'call_a', content: '{"status":"shipped"}' },
      { role: 'tool', tool_call_id: 'call_b', content: 'cancelled' },
    ])
  })

  it("without tool_results the reply that calls the tool is the turn's reply (no follow-up request)", async () => {
    script = (_b, res) => json(res, 200, message(null, [['c1', 'lookup_order', '{"order_id":"12345"}']]))
    const before = fake.requests.length
    const report = await runProject({
      'banter.config.yaml': config(fake.url),
      'scenarios/a.yaml':
        'name: one\nturns:\n  - user: go\n    expect:\n      action: lookup_order\n      tool_calls: { contains: [{ name: lookup_order, arguments: { order_id: { matches: "^12" } } }] }\n',
    })
    expect(fake.requests.length - before).toBe(1)
    expect(report.summary.passed).toBe(1)
  })
})

describe('bad tool inputs are exit-2 problems with a code and a position', () => {
  const scenario = (toolResults: string) => `name: s\nturns:\n  - user: where is order 12345\n    tool_results:\n      ${toolResults}\n`

  it('a missing tool result file', async () => {
    expect(
      await inputProblems({ 'banter.config.yaml': config(assistant.url), 'scenarios/a.yaml': scenario('lookup_order: file://nope.json') }),
    ).toEqual([
      expect.objectContaining({
        code: 'FILE_UNREADABLE',
        file: 'scenarios/a.yaml',
        line: 5,
        message: expect.stringContaining('scenarios/nope.json'),
      }),
    ])
  })

  it('a tool result file outside the scenario folder, by path or by symlink', async () => {
    expect(
      await inputProblems({
        'banter.config.yaml': config(assistant.url),
        'scenarios/a.yaml': scenario('lookup_order: file://../secret.json'),
        'secret.json': '{}',
      }),
    ).toEqual([expect.objectContaining({ code: 'PATH_OUTSIDE_PROJECT', line: 5 })])
    const dir = await project({
      'banter.config.yaml': config(assistant.url),
      'scenarios/a.yaml': scenario('lookup_order: file://link.json'),
      'outside.json': '{}',
    })
    await symlink(path.join(dir, 'outside.json'), path.join(dir, 'scenarios/link.json'))
    const err = await run({ cwd: dir, env: {}, configFile: 'banter.config.yaml' }).catch((e: unknown) => e)
    expect((err as InputError).diagnostics.map((d) => d.code)).toEqual(['PATH_OUTSIDE_PROJECT'])
  })

  it('a result for a tool the config does not declare, with a suggestion', async () => {
    expect(
      await inputProblems({
        'banter.config.yaml': config(assistant.url),
        'scenarios/a.yaml': scenario('lookup_ordr: { status: shipped }'),
      }),
    ).toEqual([expect.objectContaining({ code: 'UNKNOWN_TOOL', line: 5 })])
  })

  it('tool_results with an adapter that has no tool loop', async () => {
    expect(
      await inputProblems({
        'banter.config.yaml': `endpoint:\n  url: ${assistant.url}/chat\nscenarios: [scenarios]\n`,
        'scenarios/a.yaml': scenario('lookup_order: {}'),
      }),
    ).toEqual([expect.objectContaining({ code: 'TOOL_RESULTS_UNSUPPORTED', line: 4 })])
  })

  it('a regex in expected arguments that RE2 cannot run, and a bad tool name', async () => {
    const problems = await inputProblems({
      'banter.config.yaml': config(assistant.url),
      'scenarios/a.yaml':
        'name: s\nturns:\n  - user: hi\n    tool_results: { "bad name": 1 }\n    expect:\n      tool_calls:\n        - name: x\n          arguments: { id: { matches: "(a)\\\\1" } }\n',
    })
    expect(problems.map((p) => [p.code, p.line])).toEqual([['INVALID_NAME', 4]])
    const regex = await inputProblems({
      'banter.config.yaml': config(assistant.url),
      'scenarios/a.yaml':
        'name: s\nturns:\n  - user: hi\n    expect:\n      tool_calls:\n        - name: x\n          arguments: { id: { matches: "(a)\\\\1" } }\n',
    })
    expect(regex.map((p) => [p.code, p.line])).toEqual([['UNSUPPORTED_REGEX', 7]])
  })
})
