import { mkdir, writeFile } from 'node:fs/promises'
import type http from 'node:http'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunReport } from '../../../src/report/model.js'
import { run } from '../../../src/run.js'
import { json, startFakeServer, type FakeServer } from '../../helpers/fake-server.js'
import { tempDir } from '../../helpers/temp-dir.js'

// Text an OpenAI-compatible assistant sends beside its tool calls ("Let me look that up.") is part
// of the turn: one bot message per round that had text, the reply text joining them; JSON checks
// read the last message (the final answer). Plain and streamed (SSE) answers, over tool rounds.

interface Sent {
  role: string
  content: string | null
  tool_calls?: unknown[]
  tool_call_id?: string
}
type Answer = { content: string | null; calls?: [id: string, name: string, args: string][] }

let fake: FakeServer
let stream = false
/** What the fake answers, given the messages of the request. */
let script: (messages: Sent[]) => Answer
const requests: Sent[][] = []

beforeAll(async () => {
  fake = await startFakeServer((_req, body, res) => {
    const messages = (JSON.parse(body) as { messages: Sent[] }).messages
    requests.push(messages)
    const answer = script(messages)
    if (stream) sse(res, answer)
    else json(res, 200, { choices: [{ index: 0, message: { role: 'assistant', ...plain(answer) } }] })
  })
})
afterAll(async () => {
  await fake.close()
})

function plain(a: Answer) {
  const calls = (a.calls ?? []).map(([id, name, args]) => ({ id, type: 'function', function: { name, arguments: args } }))
  return { content: a.content, ...(calls.length ? { tool_calls: calls } : {}) }
}

/** As OpenAI streams: the role, the text a few characters a chunk, each call's name then its arguments in two pieces. */
function sse(res: http.ServerResponse, a: Answer) {
  res.writeHead(200, { 'content-type': 'text/event-stream' })
  const chunk = (delta: unknown) => res.write(`data: ${JSON.stringify({ choices: [{ index: 0, delta }] })}\n\n`)
  chunk({ role: 'assistant', content: a.content === null ? null : '' })
  for (const piece of a.content?.match(/.{1,5}/gs) ?? []) chunk({ content: piece })
  for (const [index, [id, name, args]] of (a.calls ?? []).entries()) {
    chunk({ tool_calls: [{ index, id, type: 'function', function: { name, arguments: args.slice(0, 4) } }] })
    chunk({ tool_calls: [{ index, function: { arguments: args.slice(4) } }] })
  }
  res.end('data: [DONE]\n\n')
}

async function runScenario(scenario: string): Promise<RunReport> {
  const dir = await tempDir('banter-tool-text-')
  await mkdir(path.join(dir, 'scenarios'))
  await writeFile(
    path.join(dir, 'banter.config.yaml'),
    `endpoint:\n  adapter: openai\n  url: ${fake.url}\n  timeout_ms: 5000\n  retry: { attempts: 1 }\n  openai:\n    model: m\n    stream: ${stream}\nscenarios: [scenarios]\n`,
  )
  await writeFile(path.join(dir, 'scenarios/a.yaml'), scenario)
  return run({ cwd: dir, env: {}, configFile: 'banter.config.yaml', concurrency: 1 })
}

/** The tool rounds answered since the last user message. */
const toolRounds = (messages: Sent[]) =>
  messages.slice(messages.findLastIndex((m) => m.role === 'user')).filter((m) => m.role === 'assistant' && m.tool_calls).length

for (const mode of ['plain', 'streamed'] as const) {
  describe(`${mode}: text beside tool calls`, () => {
    beforeAll(() => {
      stream = mode === 'streamed'
    })

    it('each round with text is one bot message, in order; reply checks see them joined; JSON checks read the final answer', async () => {
      // Round 1: text and a call; round 2: a call only; round 3: the answer, as JSON.
      script = (messages) => {
        const rounds = toolRounds(messages)
        if (rounds === 0) return { content: 'Let me look that up.', calls: [['c1', 'lookup_order', '{"order_id":"12345"}']] }
        if (rounds === 1) return { content: null, calls: [['c2', 'lookup_order', '{"order_id":"12346"}']] }
        return { content: '{"status":"shipped"}' }
      }
      const before = requests.length
      const report = await runScenario(`name: narrated
turns:
  - user: where are my orders
    tool_results: { lookup_order: { status: shipped } }
    expect:
      reply: { contains: look that up, not_contains: sorry, json_path: { $.status: shipped } }
      messages: [{ equals: Let me look that up. }, { contains: shipped }]
      tool_calls: [{ name: lookup_order }, { name: lookup_order }]
`)
      const turn = report.cases[0]!.turns[0]!
      expect(turn.verdicts.filter((v) => !v.pass)).toEqual([])
      expect(report.summary.passed).toBe(1)
      expect(turn.reply!.text).toBe('Let me look that up.\n{"status":"shipped"}')
      expect(turn.reply!.botMessages).toEqual(['Let me look that up.', '{"status":"shipped"}'])
      expect(turn.reply!.toolCalls!.map((c) => c.round)).toEqual([1, 2])
      // The history keeps the text beside the call, and null (not "") beside a call without text.
      const sent = requests.slice(before)
      expect(sent).toHaveLength(3)
      expect(sent[2]!.filter((m) => m.role === 'assistant').map((m) => m.content)).toEqual(['Let me look that up.', null])
      expect(sent[2]!.filter((m) => m.role === 'assistant').every((m) => m.tool_calls?.length === 1)).toBe(true)
    })

    it('a reply check fails on text sent beside a call, and messages checks see it as a message of its own', async () => {
      script = (messages) =>
        toolRounds(messages) === 0
          ? { content: 'Sorry, one moment.', calls: [['c1', 'lookup_order', '{}']] }
          : { content: 'It has shipped.' }
      const report = await runScenario(`name: sorry
turns:
  - user: where is my order
    tool_results: { lookup_order: { status: shipped } }
    expect:
      reply: { not_contains: Sorry }
      messages: [{ contains: one moment }, { contains: shipped }]
`)
      const turn = report.cases[0]!.turns[0]!
      expect(turn.verdicts.filter((v) => !v.pass)).toEqual([
        expect.objectContaining({ code: 'REPLY_FORBIDDEN_TEXT', actual: 'Sorry, one moment.\nIt has shipped.' }),
      ])
      expect(turn.verdicts.find((v) => v.check === 'messages')!.code).toBe('MESSAGES_OK')
      expect(report.cases[0]!.status).toBe('failed')
    })

    it('without tool_results, text beside the call is the reply, and a later turn still sees one message', async () => {
      script = (messages) =>
        messages.at(-1)!.role === 'user' && messages.filter((m) => m.role === 'user').length === 1
          ? { content: 'Checking order 12345.', calls: [['c1', 'lookup_order', '{"order_id":"12345"}']] }
          : { content: 'Anything else?' }
      const report = await runScenario(`name: no results
turns:
  - user: where is order 12345
    expect:
      reply: { equals: Checking order 12345. }
      tool_calls: [{ name: lookup_order, arguments: { order_id: "12345" } }]
  - user: thanks
    expect:
      reply: { equals: Anything else? }
`)
      expect(report.cases[0]!.turns.map((t) => t.reply!.botMessages)).toEqual([undefined, undefined])
      expect(report.summary.passed).toBe(1)
    })
  })
}
