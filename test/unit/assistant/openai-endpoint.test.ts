import { afterEach, describe, expect, it } from 'vitest'
import { startAssistant, type RunningAssistant, type StartAssistantOptions } from '../../../src/assistant/server.js'
import { createStreamAccumulator } from '../../../src/adapters/openai-stream.js'
import { REPLIES } from '../../../src/assistant/dialogue.js'

// The reference assistant's POST /v1/chat/completions, over loopback HTTP.
const running: RunningAssistant[] = []
afterEach(async () => {
  for (const a of running.splice(0)) await a.close()
})

async function start(options: StartAssistantOptions = {}): Promise<RunningAssistant> {
  const a = await startAssistant(options)
  running.push(a)
  return a
}

const TOOLS = [
  { type: 'function', function: { name: 'lookup_order', parameters: { type: 'object' } } },
  { type: 'function', function: { name: 'cancel_order' } },
]
type Msg = Record<string, unknown>
/** The parts of a chat completion (or an error) these tests read. */
interface Completion {
  choices: { finish_reason: string; message: Msg & { content: string | null; tool_calls?: unknown[] } }[]
  usage: { total_tokens: number }
  error?: Msg
}

async function complete(
  a: RunningAssistant,
  body: Record<string, unknown>,
): Promise<{ status: number; json: Completion; text: string; type: string }> {
  const res = await fetch(`${a.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
  const text = await res.text()
  const type = res.headers.get('content-type') ?? ''
  return { status: res.status, json: (type.includes('json') ? JSON.parse(text) : undefined) as Completion, text, type }
}

const user = (content: string): Msg => ({ role: 'user', content })

describe('POST /v1/chat/completions', () => {
  it('calls lookup_order when the tool is offered and the user gives an order number, then answers from the tool result', async () => {
    const a = await start()
    const first = await complete(a, { model: 'm', messages: [user('where is my order 12345?')], tools: TOOLS })
    expect(first.status).toBe(200)
    const choice = first.json.choices[0]!
    expect(choice.finish_reason).toBe('tool_calls')
    expect(choice.message.tool_calls).toEqual([
      { id: 'call_1_1', type: 'function', function: { name: 'lookup_order', arguments: '{"order_id":"12345"}' } },
    ])
    expect(first.json.usage.total_tokens).toBeGreaterThan(0)
    const history = [
      user('where is my order 12345?'),
      choice.message,
      { role: 'tool', tool_call_id: 'call_1_1', content: '{"status":"in customs"}' },
    ]
    const second = await complete(a, { model: 'm', messages: history, tools: TOOLS })
    expect(second.json.choices[0]!).toMatchObject({
      finish_reason: 'stop',
      message: { role: 'assistant', content: 'I found order 12345. Its status is in customs.' },
    })
    const missing = await complete(a, {
      model: 'm',
      messages: [...history.slice(0, 2), { role: 'tool', tool_call_id: 'call_1_1', content: 'not json' }],
      tools: TOOLS,
    })
    expect(missing.json.choices[0]!.message.content).toContain("could not read the order system's answer")
  })

  it('answers from the dialogue, without tools, when none are offered; the history is replayed for context', async () => {
    const a = await start()
    const r = await complete(a, {
      model: 'm',
      messages: [
        { role: 'system', content: 'be nice' },
        user('I want to cancel my order'),
        { role: 'assistant', content: 'x' },
        user('12347'),
      ],
    })
    expect(r.json.choices[0]!.message).toMatchObject({ content: REPLIES.cancelled('12347') })
    expect(r.json.choices[0]!.message.tool_calls).toBeUndefined()
  })

  it('streams chunks: content in pieces, tool calls as deltas by index, the finish reason, usage when asked, then [DONE]', async () => {
    const a = await start()
    const text = await complete(a, { model: 'm', messages: [user('hello')], stream: true, stream_options: { include_usage: true } })
    expect(text.type).toContain('text/event-stream')
    expect(text.text.trimEnd().endsWith('data: [DONE]')).toBe(true)
    const events = text.text
      .split('\n\n')
      .filter((e) => e.startsWith('data: {'))
      .map((e) => JSON.parse(e.slice(6)))
    expect(events.filter((e) => e.choices[0]?.delta?.content).length).toBeGreaterThan(2)
    expect(events.at(-1)).toMatchObject({ choices: [], usage: { completion_tokens: expect.any(Number) } })
    const acc = createStreamAccumulator(
      () => 0,
      (s) => s,
    )
    acc.push(text.text)
    expect(acc.finish().message.content).toBe(REPLIES.greet)

    const tool = await complete(a, { model: 'm', messages: [user('cancel order 12345')], tools: TOOLS, stream: true })
    const chunks = tool.text
      .split('\n\n')
      .filter((e) => e.startsWith('data: {'))
      .map((e) => JSON.parse(e.slice(6)).choices[0])
    expect(chunks.filter((c) => c.delta.tool_calls).length).toBe(3)
    expect(chunks.at(-1).finish_reason).toBe('tool_calls')
    const calls = createStreamAccumulator(
      () => 0,
      (s) => s,
    )
    calls.push(tool.text)
    expect(calls.finish().message.tool_calls).toEqual([
      { id: 'call_1_1', type: 'function', function: { name: 'cancel_order', arguments: '{"order_id":"12345"}' } },
    ])
  })

  it("refuses bad requests with 400 and OpenAI's error shape naming the parameter", async () => {
    const a = await start()
    const cases: [unknown, string | null][] = [
      ['{nope', null],
      [{ messages: [user('x')] }, 'model'],
      [{ model: 'm', messages: [] }, 'messages'],
      [{ model: 'm', messages: [{ role: 'robot', content: 'x' }] }, 'messages[0].role'],
      [{ model: 'm', messages: [user('x')], temperature: 3 }, 'temperature'],
      [{ model: 'm', messages: [user('x')], tools: [{ type: 'function' }] }, 'tools[0]'],
      [{ model: 'm', messages: [user('x'), { role: 'tool', tool_call_id: 'c9', content: '{}' }] }, 'messages[1].tool_call_id'],
      [
        {
          model: 'm',
          messages: [
            user('x'),
            { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' } }] },
            user('y'),
          ],
        },
        'messages[2]',
      ],
    ]
    for (const [body, param] of cases) {
      const r = await complete(a, body as Record<string, unknown>)
      expect(r.status, JSON.stringify(body)).toBe(400)
      expect(r.json.error).toMatchObject({ type: 'invalid_request_error', param, message: expect.any(String) })
    }
  })
})

describe('temperature', () => {
  const ask = (a: RunningAssistant, extra: Record<string, unknown> = {}) =>
    complete(a, { model: 'm', messages: [user('hello')], ...extra }).then((r) => r.json.choices[0]!.message.content!)
  const answers = async (a: RunningAssistant, n: number, extra: Record<string, unknown> = {}) => {
    const out: string[] = []
    for (let i = 0; i < n; i++) out.push(await ask(a, extra))
    return out
  }

  it('0 (the default) always gives the same answer', async () => {
    expect(new Set(await answers(await start(), 10))).toEqual(new Set([REPLIES.greet]))
  })

  it('above 0, answers vary (rephrased or misrouted) the same way for the same seed, and otherwise for another seed', async () => {
    const one = await answers(await start({ temperature: 1, seed: 42 }), 40)
    const again = await answers(await start({ temperature: 1, seed: 42 }), 40)
    const other = await answers(await start({ temperature: 1, seed: 7 }), 40)
    expect(again).toEqual(one)
    expect(other).not.toEqual(one)
    expect(new Set(one)).toEqual(new Set([REPLIES.greet, REPLIES.fallback, 'Hi there! What can I do for you today?']))
    // About half deviate at temperature 1 (probability 1/2); far from none and from all.
    const deviated = one.filter((t) => t !== REPLIES.greet).length
    expect(deviated).toBeGreaterThan(8)
    expect(deviated).toBeLessThan(32)
  })

  it("a request's own temperature and seed win: temperature 0 is stable, a seed gives the same answer every time", async () => {
    const a = await start({ temperature: 2, seed: 1 })
    expect(new Set(await answers(a, 10, { temperature: 0 }))).toEqual(new Set([REPLIES.greet]))
    expect(new Set(await answers(a, 10, { seed: 5 })).size).toBe(1)
  })
})

describe('temperature on POST /chat, through the embedded assistant of a run', () => {
  it('0 passes the bundled scenarios; above 0 some fail, the same ones again for the same seed', async () => {
    const { run } = await import('../../../src/run.js')
    const { embeddedAssistant } = await import('../../../src/cli/embedded-assistant.js')
    const statuses = async (assistant?: { temperature: number; seed: number }) => {
      const report = await run({
        cwd: process.cwd(),
        env: {},
        paths: ['scenarios'],
        concurrency: 1,
        defaultEndpoint: embeddedAssistant(assistant),
      })
      return report.cases.map((c) => `${c.name}: ${c.status}`)
    }
    expect((await statuses()).every((s) => s.endsWith('passed'))).toBe(true)
    const warm = await statuses({ temperature: 1, seed: 11 })
    expect(warm.some((s) => s.endsWith('failed'))).toBe(true)
    expect(await statuses({ temperature: 1, seed: 11 })).toEqual(warm)
  })
})
