import { afterEach, describe, expect, it } from 'vitest'
import { createHttpAdapter, DEFAULT_BODY } from '../../../src/adapters/http.js'
import { retryDelayMs, withRetries } from '../../../src/execute/retry.js'
import { createTransport } from '../../../src/execute/transport.js'
import { json, startFakeServer, type FakeServer } from '../../helpers/fake-server.js'

let server: FakeServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

/** Answers with the given statuses in order, then 200 with a reply. */
async function serverAnswering(statuses: number[], headers: Record<string, string> = {}) {
  let i = 0
  server = await startFakeServer((_req, _body, res) => {
    const status = statuses[i++]
    if (status === undefined) return json(res, 200, { reply: 'ok', intent: { name: 'greeting', confidence: 1 } })
    res.writeHead(status, { 'content-type': 'application/json', ...headers })
    res.end('{"error":"busy"}')
  })
  return server
}

async function send(url: string, retries?: number, abort?: AbortSignal) {
  const transport = withRetries(createTransport({ connections: 1 }), { retries, abort, baseDelayMs: 10 })
  const adapter = createHttpAdapter({ url, method: 'POST', headers: {}, body: DEFAULT_BODY, timeoutMs: 5_000 }, transport, (s) => s)
  try {
    const session = await adapter.open({ sessionId: 's', userId: 'u' })
    return await session.send({ message: 'hi', turn: 0, vars: {} })
  } finally {
    await adapter.close()
  }
}

describe('retries of 503 and 429', () => {
  it('retries a 503 (honouring Retry-After) and a 429, and counts the retries', async () => {
    const s = await serverAnswering([503, 429], { 'retry-after': '0' })
    const out = await send(`${s.url}/chat`)
    expect(out.retries).toBe(2)
    expect(out.reply.text).toBe('ok')
    expect(s.requests).toHaveLength(3)
  })

  it('gives up after the configured retries; 0 disables them', async () => {
    let s = await serverAnswering([503, 503, 503])
    await expect(send(`${s.url}/chat`)).rejects.toMatchObject({ code: 'HTTP_STATUS', status: 503, retries: 2 })
    expect(s.requests).toHaveLength(3)
    await s.close()
    s = await serverAnswering([503])
    await expect(send(`${s.url}/chat`, 0)).rejects.toMatchObject({ status: 503 })
    expect(s.requests).toHaveLength(1)
  })

  it('never retries a 500: the turn may have been processed', async () => {
    const s = await serverAnswering([500])
    await expect(send(`${s.url}/chat`)).rejects.toMatchObject({ status: 500 })
    expect(s.requests).toHaveLength(1)
  })

  it('does not wait for a Retry-After longer than the cap, nor past an abort', async () => {
    const s = await serverAnswering([503], { 'retry-after': '120' })
    await expect(send(`${s.url}/chat`)).rejects.toMatchObject({ status: 503 })
    expect(s.requests).toHaveLength(1)
    const abort = new AbortController()
    await s.close()
    const s2 = await serverAnswering([503], { 'retry-after': '4' })
    setTimeout(() => abort.abort('stop'), 100)
    const started = Date.now()
    await expect(send(`${s2.url}/chat`, 2, abort.signal)).rejects.toMatchObject({ status: 503 })
    expect(Date.now() - started).toBeLessThan(3_000)
  })

  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(retryDelayMs({ headers: { 'retry-after': '2' } }, 0)).toBe(2000)
    expect(retryDelayMs({ headers: {} }, 2, { baseDelayMs: 100 })).toBe(400)
    const soon = new Date(Date.now() + 60_000).toUTCString()
    expect(retryDelayMs({ headers: { 'retry-after': soon } }, 0, { maxWaitMs: 120_000 })).toBeGreaterThan(50_000)
    expect(retryDelayMs({ headers: { 'retry-after': 'soon-ish' } }, 0, { baseDelayMs: 10 })).toBe(10)
  })
})
