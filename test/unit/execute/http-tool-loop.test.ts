import { afterEach, describe, expect, it } from 'vitest'
import { InputError } from '../../../src/core/errors.js'
import { loadConfig } from '../../../src/config/load-config.js'
import type { RunReport, TurnResult } from '../../../src/report/model.js'
import { run } from '../../../src/run.js'
import { json, startFakeServer, type FakeServer } from '../../helpers/fake-server.js'
import { tempProject } from '../../helpers/temp-dir.js'

// The generic (http) adapter's tool loop end to end: scenario → run() → http adapter with
// `endpoint.tool_results` → a scripted loopback API → verdicts in the report.

const servers: FakeServer[] = []
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close()
})

type Body = Record<string, unknown> & { message?: string; tool_results?: unknown[] }

/**
 * A custom assistant API: a message gets the calls `calls(message)` decides (none: a text
 * reply); tool results get the text `after(results)` decides, or more calls.
 */
async function toolApi(script: { calls: (message: string) => unknown[]; after: (body: Body, n: number) => Record<string, unknown> }) {
  let answered = 0
  const server = await startFakeServer((_req, raw, res) => {
    const body = JSON.parse(raw) as Body
    if (body.message !== undefined) {
      const calls = script.calls(body.message)
      return json(res, 200, calls.length > 0 ? { text: '', tool_calls: calls } : { text: `you said ${body.message}` })
    }
    json(res, 200, script.after(body, ++answered))
  })
  servers.push(server)
  return server
}

const LOOKUP = [{ id: 'call_1', name: 'lookup_order', arguments: { order_id: '12345' } }]

function config(
  url: string,
  toolResults = '\n  tool_results:\n    body: { session_id: "{{session_id}}", tool_results: "{{tool_results}}" }',
): string {
  return `endpoint:
  url: ${url}/chat
  timeout_ms: 5000
  retry: { attempts: 1 }
  response:
    reply: $.text
    tool_calls: $.tool_calls${toolResults}
scenarios: [scenarios]
`
}

const SCENARIO = `name: lookup
turns:
  - user: Where is order 12345?
    tool_results:
      lookup_order: { status: shipped }
    expect:
      tool_calls: [{ name: lookup_order, arguments: { order_id: "12345" } }]
      reply: { contains: shipped }
  - user: thanks
    expect:
      reply: { contains: you said thanks }
`

async function runProject(files: Record<string, string>): Promise<RunReport> {
  const dir = await tempProject('banter-http-tools-', files)
  return run({ cwd: dir, env: {}, configFile: 'banter.config.yaml', concurrency: 1 })
}

const turn = (report: RunReport, i: number): TurnResult => report.cases[0]!.turns[i]!

describe('the http adapter’s tool loop (endpoint.tool_results)', () => {
  it('answers each call with the scenario’s result, maps the next answer, and checks calls and reply', async () => {
    const api = await toolApi({
      calls: (m) => (m.includes('order') ? LOOKUP : []),
      after: (body) => ({ text: `status: ${JSON.parse(String((body.tool_results![0] as { content: string }).content)).status}` }),
    })
    const report = await runProject({ 'banter.config.yaml': config(api.url), 'scenarios/a.yaml': SCENARIO })
    expect(report.summary).toMatchObject({ passed: 1, failed: 0, errored: 0 })
    expect(turn(report, 0).reply).toMatchObject({
      text: 'status: shipped',
      toolCalls: [{ name: 'lookup_order', arguments: { order_id: '12345' }, round: 1 }],
    })
    expect(turn(report, 0).verdicts.map((v) => v.code)).toEqual(['TOOL_CALL_OK', 'REPLY_CONTAINS_OK'])
    // The message, the results (one item per call: id, name, the result as text), the next message.
    const sent = api.requests.map((r) => JSON.parse(r.body) as Body)
    expect(sent).toHaveLength(3)
    expect(sent[1]).toEqual({
      session_id: sent[0]!.session_id,
      tool_results: [{ id: 'call_1', name: 'lookup_order', content: '{"status":"shipped"}' }],
    })
    expect(sent[2]!.message).toBe('thanks')
  })

  it('sends the results where and how tool_results says: url, method, headers and item shape', async () => {
    const api = await toolApi({ calls: () => LOOKUP, after: () => ({ text: 'done, shipped' }) })
    const report = await runProject({
      'banter.config.yaml': config(
        api.url,
        `\n  headers: { X-Api: base }\n  tool_results:\n    url: ${api.url}/tools/{{session_id}}\n    method: PUT\n    headers: { X-Tools: "yes" }\n    body: { outputs: "{{tool_results}}", turn: "{{turn}}" }\n    item: { call_id: "{{call.id}}", tool: "{{call.name}}", args: "{{call.arguments}}", output: "{{result}}" }`,
      ),
      'scenarios/a.yaml': `name: one\nturns:\n  - user: where is it\n    tool_results:\n      lookup_order: shipped today\n    expect:\n      reply: { contains: shipped }\n`,
    })
    expect(report.summary.passed).toBe(1)
    const results = api.requests[1]!
    const session = (JSON.parse(api.requests[0]!.body) as Body).session_id
    expect(results.method).toBe('PUT')
    expect(results.url).toBe(`/tools/${String(session)}`)
    expect(results.headers).toMatchObject({ 'x-api': 'base', 'x-tools': 'yes', 'content-type': 'application/json' })
    expect(JSON.parse(results.body)).toEqual({
      outputs: [{ call_id: 'call_1', tool: 'lookup_order', args: { order_id: '12345' }, output: 'shipped today' }],
      turn: 0,
    })
  })

  it('text written beside the calls is part of the turn, before the final answer, as with the openai adapter', async () => {
    const server = await startFakeServer((_req, raw, res) => {
      const body = JSON.parse(raw) as Body
      json(
        res,
        200,
        body.message !== undefined ? { text: 'I am sorry, let me look that up.', tool_calls: LOOKUP } : { text: 'It has shipped.' },
      )
    })
    servers.push(server)
    const report = await runProject({
      'banter.config.yaml': config(server.url),
      'scenarios/a.yaml': `name: s\nturns:\n  - user: where is order 12345\n    tool_results:\n      lookup_order: { status: shipped }\n    expect:\n      reply: { not_contains: sorry }\n      messages: [{ contains: look that up }, { contains: shipped }]\n`,
    })
    const t = turn(report, 0)
    expect(t.reply).toMatchObject({
      text: 'I am sorry, let me look that up.\nIt has shipped.',
      botMessages: ['I am sorry, let me look that up.', 'It has shipped.'],
    })
    // The apology before the tool call is caught; the messages check sees both, in order.
    expect(t.verdicts.map((v) => [v.code, v.pass])).toEqual([
      ['REPLY_FORBIDDEN_TEXT', false],
      ['MESSAGES_OK', true],
    ])
  })

  it('the results go by POST unless tool_results says otherwise, whatever the message’s method', async () => {
    const api = await toolApi({ calls: (m) => (m.includes('order') ? LOOKUP : []), after: () => ({ text: 'shipped' }) })
    const report = await runProject({
      'banter.config.yaml': config(api.url, '\n  method: PUT\n  tool_results:\n    body: { tool_results: "{{tool_results}}" }'),
      'scenarios/a.yaml': SCENARIO,
    })
    expect(report.summary.passed).toBe(1)
    expect(api.requests.map((r) => r.method)).toEqual(['PUT', 'POST', 'PUT'])
  })

  it('a call to a tool the turn has no result for stops the loop (TOOL_RESULT_MISSING) and sends nothing for it', async () => {
    const api = await toolApi({ calls: () => [{ id: 'c', name: 'refund_order', arguments: {} }], after: () => ({ text: 'refunded' }) })
    const report = await runProject({ 'banter.config.yaml': config(api.url), 'scenarios/a.yaml': SCENARIO })
    expect(turn(report, 0).status).toBe('failed')
    expect(turn(report, 0).verdicts.map((v) => v.code)).toContain('TOOL_RESULT_MISSING')
    // The first turn sent only its message; the second turn still ran.
    expect(api.requests.map((r) => (JSON.parse(r.body) as Body).message)).toEqual(['Where is order 12345?', 'thanks'])
  })

  it('calls still coming after max_rounds rounds of results fail the turn (TOOL_ROUNDS_EXCEEDED); every round’s calls are kept', async () => {
    const api = await toolApi({ calls: () => LOOKUP, after: () => ({ text: '', tool_calls: LOOKUP }) })
    const report = await runProject({
      'banter.config.yaml': config(api.url, '\n  tool_results:\n    body: { tool_results: "{{tool_results}}" }\n    max_rounds: 2'),
      'scenarios/a.yaml': SCENARIO,
    })
    expect(turn(report, 0).verdicts.map((v) => v.code)).toContain('TOOL_ROUNDS_EXCEEDED')
    expect(turn(report, 0).reply!.toolCalls!.map((c) => c.round)).toEqual([1, 2, 3])
    // The message, two rounds of results, then the second turn's message.
    expect(api.requests).toHaveLength(4)
  })

  it('a turn without tool_results does not loop: the reply that called the tools is the turn’s reply', async () => {
    const api = await toolApi({ calls: () => LOOKUP, after: () => ({ text: 'never' }) })
    const report = await runProject({
      'banter.config.yaml': config(api.url),
      'scenarios/a.yaml': `name: plain\nturns:\n  - user: where is my order\n    expect:\n      tool_calls: [{ name: lookup_order }]\n`,
    })
    expect(report.summary.passed).toBe(1)
    expect(api.requests).toHaveLength(1)
  })

  it('tool_results in a scenario without endpoint.tool_results is refused before anything is sent, and says how to configure it', async () => {
    const api = await toolApi({ calls: () => LOOKUP, after: () => ({ text: 'x' }) })
    const err = await runProject({ 'banter.config.yaml': config(api.url, ''), 'scenarios/a.yaml': SCENARIO }).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(err).toBeInstanceOf(InputError)
    const [d] = (err as InputError).diagnostics
    expect(d).toMatchObject({ code: 'TOOL_RESULTS_UNSUPPORTED', loc: { line: 4 } })
    expect(d!.hint).toContain('endpoint.tool_results')
    expect(api.requests).toHaveLength(0)
  })
})

describe('endpoint.tool_results in the config', () => {
  const load = async (endpoint: string) => {
    const dir = await tempProject('banter-http-tools-config-', { 'banter.config.yaml': `endpoint:\n${endpoint}` })
    return loadConfig('banter.config.yaml', dir, {}).then(
      () => [],
      (e: unknown) => (e as InputError).diagnostics.map((d) => [d.code, `${d.loc?.line}:${d.loc?.col}`, d.message]),
    )
  }

  it('is refused with a preset adapter, and without response.tool_calls to read calls from', async () => {
    expect(await load('  adapter: openai\n  url: http://127.0.0.1:1\n  openai: { model: m }\n  tool_results: { body: {} }\n')).toEqual([
      ['CONFIG_TOOL_RESULTS', '5:3', 'endpoint.tool_results is only used with the http adapter (the adapter is openai)'],
    ])
    expect(await load('  url: http://127.0.0.1:1/chat\n  tool_results: { body: {} }\n')).toEqual([
      ['CONFIG_TOOL_RESULTS', '3:3', 'endpoint.tool_results needs endpoint.response.tool_calls: the path of the tool calls in a reply'],
    ])
  })

  it('its url must be an http(s) URL, like the endpoint’s', async () => {
    expect(
      await load('  url: http://127.0.0.1:1/chat\n  response: { tool_calls: $.calls }\n  tool_results: { url: ftp://x/tools, body: {} }\n'),
    ).toEqual([['CONFIG_INVALID_URL', '4:24', 'endpoint.tool_results.url: not an http(s) URL: "ftp://x/tools"']])
  })

  it('needs a body and a whole number of rounds', async () => {
    const codes = async (e: string) => (await load(e)).map(([code]) => code)
    expect(
      await codes('  url: http://127.0.0.1:1/chat\n  response: { tool_calls: $.calls }\n  tool_results: { url: http://127.0.0.1:1/t }\n'),
    ).toEqual(['MISSING_KEY'])
    expect(
      await codes('  url: http://127.0.0.1:1/chat\n  response: { tool_calls: $.calls }\n  tool_results: { body: {}, max_rounds: 0 }\n'),
    ).toEqual(['OUT_OF_RANGE'])
  })
})
