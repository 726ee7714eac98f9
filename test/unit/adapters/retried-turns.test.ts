import { afterEach, describe, expect, it } from 'vitest'
import type { EndpointConfig } from '../../../src/adapters/endpoint.js'
import { createAdapter } from '../../../src/adapters/registry.js'
import { DEFAULT_RETRY } from '../../../src/network/retry.js'
import { createRunControl } from '../../../src/execute/run-control.js'
import { createTransport, EndpointError } from '../../../src/network/transport.js'
import type { Waits } from '../../../src/network/waits.js'
import { startFakeDirectLine } from '../../helpers/fake-directline.js'
import { startFakeServer } from '../../helpers/fake-server.js'

// How the presets report a retried turn's time, and how their own waits end with the run.
const cleanup: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const c of cleanup.splice(0)) await c()
})

const chunk = (content: string) =>
  `data: ${JSON.stringify({ object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`

describe('openai streaming after a 503', () => {
  it('streams only the answer that succeeded, and counts time to first token from the first send', async () => {
    let calls = 0
    const server = await startFakeServer((_req, _body, res) => {
      if (++calls === 1) {
        // A busy answer whose body looks like a stream must not leak into the reply.
        res.writeHead(503, { 'retry-after': '1', 'content-type': 'text/event-stream' }).end(chunk('BUSY '))
        return
      }
      res.writeHead(200, { 'content-type': 'text/event-stream' })
      res.end(`${chunk('hello')}${chunk(' there')}data: [DONE]\n\n`)
    })
    cleanup.push(() => server.close())
    const endpoint: EndpointConfig = {
      adapter: 'openai',
      url: server.url,
      method: 'POST',
      headers: {},
      timeoutMs: 5_000,
      retry: DEFAULT_RETRY,
      openai: { model: 'm', stream: true },
    }
    const adapter = createAdapter({ endpoint, transport: createTransport({ connections: 1 }), redact: (s) => s })
    cleanup.push(() => adapter.close())
    const out = await (await adapter.open({ sessionId: 's', userId: 'u' })).send({ message: 'hi', turn: 0, vars: {} })
    expect(out.reply.text).toBe('hello there')
    expect(out.retries).toBe(1)
    expect(out.attempts?.map((a) => a.status)).toEqual([503, 200])
    expect(out.latencyMs).toBeGreaterThanOrEqual(990)
    // The first token came after the 1 s Retry-After wait: the user waited for it all along.
    expect(out.ttftMs).toBeGreaterThanOrEqual(990)
    expect(out.ttftMs!).toBeLessThanOrEqual(out.latencyMs)
  })
})

describe('directline polling', () => {
  it('a bot that never answers: the poll wait ends as soon as the run is aborted (ABORTED), not at the turn timeout', async () => {
    const bot = await startFakeDirectLine({ secret: 's3cret' })
    bot.silent = true
    cleanup.push(() => bot.close())
    const control = createRunControl()
    cleanup.push(() => control.dispose())
    const endpoint: EndpointConfig = {
      adapter: 'directline',
      url: bot.url,
      method: 'POST',
      headers: {},
      timeoutMs: 60_000,
      retry: DEFAULT_RETRY,
      directline: { secret: 's3cret', poll_interval_ms: 30_000 },
    }
    // The run's waits, telling the test when the adapter starts waiting between polls.
    let polling!: () => void
    const waiting = new Promise<void>((resolve) => {
      polling = resolve
    })
    const waits: Waits = {
      wait: (ms, what) => {
        polling()
        return control.wait(ms, what)
      },
    }
    const adapter = createAdapter({
      endpoint,
      transport: createTransport({ connections: 2, abort: control.abort, waits: control }),
      redact: (s) => s,
      waits,
    })
    cleanup.push(() => adapter.close())
    const session = await adapter.open({ sessionId: 's', userId: 'u' })
    const pending = session.send({ message: 'hello', turn: 0, vars: {} }).catch((e: unknown) => e)
    // The message is posted and the first poll answered with nothing: the adapter now waits 30 s.
    await waiting
    expect(bot.requests).toHaveLength(3)
    const halted = performance.now()
    control.halt('interrupted', 'interrupted', 0)
    const err = await pending
    expect(performance.now() - halted).toBeLessThan(1_000)
    expect(err).toBeInstanceOf(EndpointError)
    expect(err).toMatchObject({ code: 'ABORTED' })
    expect((err as Error).message).toMatch(/^no reply yet: Direct Line poll interval of 30 s cut short: interrupted$/)
  })

  it("latency runs from posting the message to the bot's reply, its delay included", async () => {
    const bot = await startFakeDirectLine({ secret: 's3cret', replyDelayMs: 150 })
    cleanup.push(() => bot.close())
    const endpoint: EndpointConfig = {
      adapter: 'directline',
      url: bot.url,
      method: 'POST',
      headers: {},
      timeoutMs: 10_000,
      retry: DEFAULT_RETRY,
      directline: { secret: 's3cret', poll_interval_ms: 20 },
    }
    const adapter = createAdapter({ endpoint, transport: createTransport({ connections: 2 }), redact: (s) => s })
    cleanup.push(() => adapter.close())
    const out = await (await adapter.open({ sessionId: 's', userId: 'u' })).send({ message: 'hello', turn: 0, vars: {} })
    expect(out.latencyMs).toBeGreaterThanOrEqual(140)
    expect(out.attempts).toBeUndefined()
  })
})
