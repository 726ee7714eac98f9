import { afterEach, describe, expect, it } from 'vitest'
import type { Adapter } from '../../../src/adapters/adapter.js'
import type { EndpointConfig } from '../../../src/adapters/endpoint.js'
import { createAdapter } from '../../../src/adapters/registry.js'
import { NO_RETRY } from '../../../src/network/retry.js'
import { createTransport, EndpointError } from '../../../src/network/transport.js'
import { startFakeDirectLine } from '../../helpers/fake-directline.js'
import { startFakeOpenAi } from '../../helpers/fake-openai.js'
import { startFakeRasa } from '../../helpers/fake-rasa.js'
import { startFakeServer, type FakeServer } from '../../helpers/fake-server.js'

// Each preset against its fake server (sources of the protocol shapes in test/helpers/fake-*.ts).
const cleanup: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const c of cleanup.splice(0)) await c()
})

function adapterFor(
  server: FakeServer,
  endpoint: Omit<EndpointConfig, 'timeoutMs' | 'method' | 'headers' | 'url'> & { url?: string; timeoutMs?: number },
): Adapter {
  const adapter = createAdapter({
    endpoint: { method: 'POST', headers: {}, url: server.url, timeoutMs: 3_000, retry: NO_RETRY, ...endpoint },
    transport: createTransport({ connections: 2 }),
    redact: (s) => s,
  })
  cleanup.push(
    () => adapter.close(),
    () => server.close(),
  )
  return adapter
}

async function say(adapter: Adapter, ...messages: string[]) {
  const session = await adapter.open({ sessionId: 's-1', userId: 'u-1' })
  const out = []
  for (const [turn, message] of messages.entries()) out.push(await session.send({ message, turn, vars: {} }))
  return out
}

describe('rasa preset', () => {
  it('sends {sender, message} with ?token=, joins the bot messages, and reads intent, entities and action from the tracker', async () => {
    const server = await startFakeRasa({ token: 'rasa-tok' })
    const [, second] = await say(adapterFor(server, { adapter: 'rasa', rasa: { token: 'rasa-tok' } }), 'hello', 'where is order 12345')
    expect(second!.reply).toMatchObject({
      text: 'echo: where is order 12345 (#2)\nAnything else?',
      intent: 'order_status',
      confidence: 0.93,
      entities: [{ type: 'order_id', value: '12345' }],
      action: 'action_lookup_order',
    })
    expect(server.requests[0]).toMatchObject({ method: 'POST', url: '/webhooks/rest/webhook?token=rasa-tok' })
    expect(JSON.parse(server.requests[0]!.body)).toEqual({ sender: 'u-1', message: 'hello' })
    expect(server.requests[1]!.url).toBe('/conversations/u-1/tracker?token=rasa-tok')
  })

  it('with nlu: parse, reads intent and entities from /model/parse; reply_mode any keeps each message', async () => {
    const server = await startFakeRasa({ token: 't0k' })
    const [out] = await say(
      adapterFor(server, { adapter: 'rasa', rasa: { token: 't0k', nlu: 'parse' }, response: { reply_mode: 'any' } }),
      'hi, order 777',
    )
    expect(out!.reply).toMatchObject({
      intent: 'greet',
      entities: [{ type: 'order_id', value: '777' }],
      messages: { mode: 'any', texts: ['echo: hi, order 777 (#1)', 'Anything else?'] },
    })
    expect(out!.reply.action).toBeUndefined()
    expect(server.requests[1]!.url).toBe('/model/parse?token=t0k')
  })
})

describe('openai preset', () => {
  it('sends the whole history with the system prompt and model every turn; a tool call becomes action and entities', async () => {
    const server = await startFakeOpenAi({ apiKey: 'sk-1' })
    const [first, second] = await say(
      adapterFor(server, { adapter: 'openai', openai: { model: 'm-1', api_key: 'sk-1', system: 'Be brief.', intent: 'tool' } }),
      'hello',
      'order 4242 please',
    )
    expect(first!.reply.text).toBe('echo: hello (#1) [system: Be brief.]')
    expect(second!.reply).toMatchObject({
      text: '',
      action: 'lookup_order',
      intent: 'lookup_order',
      entities: [{ type: 'order_id', value: '4242' }],
    })
    const sent = JSON.parse(server.requests[1]!.body)
    expect(sent.model).toBe('m-1')
    expect(sent.messages.map((m: { role: string }) => m.role)).toEqual(['system', 'user', 'assistant', 'user'])
    expect(server.requests[0]!.headers.authorization).toBe('Bearer sk-1')
  })

  it('streams: assembles the deltas, records time to first token before the full latency, and answers tool calls in the history', async () => {
    const server = await startFakeOpenAi({ apiKey: 'sk-2', chunkDelayMs: 40 })
    const [text, tool, after] = await say(
      adapterFor(server, { adapter: 'openai', openai: { model: 'm', api_key: 'sk-2', stream: true } }),
      'hello stream',
      'order 99999',
      'thanks',
    )
    expect(text!.reply.text).toBe('echo: hello stream (#1) [system: none]')
    expect(text!.ttftMs).toBeGreaterThan(0)
    expect(text!.ttftMs!).toBeLessThan(text!.latencyMs)
    expect(tool!.reply).toMatchObject({ action: 'lookup_order', entities: [{ type: 'order_id', value: '99999' }] })
    expect(after!.reply.text).toContain('(#3)')
    const roles = JSON.parse(server.requests[2]!.body).messages.map((m: { role: string }) => m.role)
    expect(roles).toEqual(['user', 'assistant', 'user', 'assistant', 'tool', 'user'])
  })

  it('takes the intent from a path into JSON content when configured (and accepts a base URL ending in /v1)', async () => {
    const server = await startFakeOpenAi({ apiKey: 'k' })
    const [out] = await say(
      adapterFor(server, {
        adapter: 'openai',
        url: `${server.url}/v1`,
        openai: { model: 'm', api_key: 'k', system: 'Answer in JSON.', intent: '$.intent' },
      }),
      'hello',
    )
    expect(out!.reply.intent).toBe('greet')
  })
})

describe('openai preset: errors inside the stream', () => {
  /** An OpenAI-compatible server whose stream is the given SSE text. */
  async function streaming(body: string) {
    const server = await startFakeServer((_req, _body, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' })
      res.end(body)
    })
    return adapterFor(server, { adapter: 'openai', openai: { model: 'm', api_key: 'k', stream: true } })
  }

  it("an error object in the stream (OpenAI's form) is STREAM_ERROR with the server's message, also after some content", async () => {
    const chunk = JSON.stringify({ object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content: 'Hel' } }] })
    const adapter = await streaming(
      `data: ${chunk}\n\ndata: {"error":{"message":"The server had an error while processing your request.","type":"server_error"}}\n\n`,
    )
    const session = await adapter.open({ sessionId: 's', userId: 'u' })
    const err = await session.send({ message: 'hi', turn: 0, vars: {} }).catch((e: unknown) => e as EndpointError)
    expect(err).toMatchObject({
      code: 'STREAM_ERROR',
      message: 'the server reported an error in the stream (server_error): The server had an error while processing your request.',
    })
  })

  it('an `event: error` event is STREAM_ERROR with its message, not "stream ended without any chunk"', async () => {
    const adapter = await streaming('event: error\ndata: {"message":"model is overloaded, retry later"}\n\n')
    const session = await adapter.open({ sessionId: 's', userId: 'u' })
    const err = await session.send({ message: 'hi', turn: 0, vars: {} }).catch((e: unknown) => e as EndpointError)
    expect(err).toMatchObject({
      code: 'STREAM_ERROR',
      message: 'the server reported an error in the stream: model is overloaded, retry later',
    })
    const plain = await streaming('event: error\ndata: upstream timed out\n\n')
    const e2 = await (await plain.open({ sessionId: 's', userId: 'u' }))
      .send({ message: 'hi', turn: 0, vars: {} })
      .catch((e: unknown) => e as EndpointError)
    expect(e2).toMatchObject({ code: 'STREAM_ERROR', message: 'the server reported an error in the stream: upstream timed out' })
  })
})

describe('directline preset', () => {
  it('starts a conversation, posts the activity with the conversation token, polls with the watermark, and maps channelData', async () => {
    const server = await startFakeDirectLine({ secret: 'dl-secret', replyDelayMs: 60 })
    const [first, second] = await say(
      adapterFor(server, { adapter: 'directline', directline: { secret: 'dl-secret', poll_interval_ms: 20 } }),
      'hello',
      'order 31337',
    )
    expect(first!.reply.text).toBe('echo: hello (#1)')
    expect(second!.reply).toMatchObject({
      intent: 'order_status',
      confidence: 0.93,
      entities: [{ type: 'order_id', value: '31337' }],
      action: 'action_lookup_order',
    })
    const posted = server.requests.find((r) => r.method === 'POST' && r.url!.endsWith('/activities'))!
    expect(JSON.parse(posted.body)).toEqual({ type: 'message', from: { id: 'u-1' }, text: 'hello' })
    expect(posted.headers.authorization).toBe('Bearer tok-conv1-9')
    expect(server.requests.some((r) => /activities\?watermark=\d+$/.test(r.url!))).toBe(true)
  })

  it('offline-directline: a configurable base path, and numeric watermarks honoured (each poll reads only what is new)', async () => {
    const server = await startFakeDirectLine({ secret: 'dl-secret', replyDelayMs: 60, basePath: '/directline', numericWatermark: true })
    const [first, second, third] = await say(
      adapterFor(server, { adapter: 'directline', directline: { secret: 'dl-secret', poll_interval_ms: 20, base_path: '/directline' } }),
      'hello',
      'order 31337',
      'thanks',
    )
    expect(first!.reply.text).toBe('echo: hello (#1)')
    expect(second!.reply.text).toBe('echo: order 31337 (#2)')
    expect(third!.reply.text).toBe('echo: thanks (#3)')
    const paths = server.requests.map((r) => new URL(r.url!, 'http://x').pathname)
    expect(paths.every((p) => p.startsWith('/directline/conversations'))).toBe(true)
    // After the first page, every poll carries the numeric watermark it was given: never the whole history again.
    const polls = server.requests.filter((r) => r.method === 'GET').map((r) => new URL(r.url!, 'http://x').searchParams.get('watermark'))
    expect(polls[0]).toBeNull()
    expect(polls.slice(1).every((w) => w !== null && /^\d+$/.test(w))).toBe(true)
    const marks = polls.slice(1).map(Number)
    expect(marks).toEqual([...marks].sort((a, b) => a - b))
    expect(Math.max(...marks)).toBeGreaterThanOrEqual(6)
  })

  it("the default base path is Azure's /v3/directline; a Direct Line served elsewhere is a clear HTTP error", async () => {
    const server = await startFakeDirectLine({ secret: 'dl-secret', basePath: '/directline' })
    const adapter = adapterFor(server, { adapter: 'directline', directline: { secret: 'dl-secret', poll_interval_ms: 20 } })
    const err = await adapter.open({ sessionId: 's', userId: 'u' }).catch((e: unknown) => e as EndpointError)
    expect(err).toMatchObject({ code: 'HTTP_STATUS' })
    expect(String((err as Error).message)).toContain('404')
  })

  it('a bot that never answers is a TIMEOUT after the turn timeout', async () => {
    const server = await startFakeDirectLine({ secret: 'dl-secret' })
    server.silent = true
    const adapter = adapterFor(server, { adapter: 'directline', timeoutMs: 600, directline: { secret: 'dl-secret', poll_interval_ms: 20 } })
    const session = await adapter.open({ sessionId: 's', userId: 'u' })
    const err = await session.send({ message: 'anyone?', turn: 0, vars: {} }).catch((e: unknown) => e as EndpointError)
    expect(err).toMatchObject({ code: 'TIMEOUT' })
  })
})
