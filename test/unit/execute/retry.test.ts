import { afterEach, describe, expect, it } from 'vitest'
import { createRateLimiter } from '../../../src/execute/rate-limit.js'
import { DEFAULT_RETRY, parseRetryAfter, retryDelay, shouldRetry } from '../../../src/execute/retry.js'
import { createTransport, EndpointError, type Transport } from '../../../src/execute/transport.js'
import { closedPort, json, startFakeServer, type FakeServer } from '../../helpers/fake-server.js'

const open: (Transport | FakeServer)[] = []
afterEach(async () => { for (const o of open.splice(0)) await o.close() })

function transport(): Transport {
  const t = createTransport({ connections: 2 })
  open.push(t)
  return t
}

describe('retry policy', () => {
  it('retries by default only what was certainly not processed: connection refused, 429, 503', () => {
    expect(shouldRetry(DEFAULT_RETRY, 1, { code: 'CONNECTION_REFUSED' })).toBe(true)
    expect(shouldRetry(DEFAULT_RETRY, 1, { status: 429 })).toBe(true)
    expect(shouldRetry(DEFAULT_RETRY, 1, { status: 503 })).toBe(true)
    for (const status of [200, 400, 401, 500, 502, 504]) expect(shouldRetry(DEFAULT_RETRY, 1, { status })).toBe(false)
    for (const code of ['TIMEOUT', 'CONNECTION_RESET', 'BAD_RESPONSE'] as const) expect(shouldRetry(DEFAULT_RETRY, 1, { code })).toBe(false)
    expect(shouldRetry(DEFAULT_RETRY, DEFAULT_RETRY.attempts, { status: 503 })).toBe(false)
  })

  it('parses Retry-After as seconds or an HTTP date, and ignores garbage', () => {
    expect(parseRetryAfter('2')).toBe(2000)
    expect(parseRetryAfter(new Date(61_000).toUTCString(), 1_000)).toBe(60_000)
    expect(parseRetryAfter(new Date(0).toUTCString(), 5_000)).toBe(0)
    expect(parseRetryAfter('soon')).toBeUndefined()
    expect(parseRetryAfter(undefined)).toBeUndefined()
  })

  it('backs off exponentially with full jitter, capped; Retry-After wins but is capped too', () => {
    const policy = { ...DEFAULT_RETRY, baseDelayMs: 100, maxDelayMs: 1_000 }
    expect(retryDelay(policy, 1, undefined, () => 0.999)).toBe(99)
    expect(retryDelay(policy, 3, undefined, () => 0.999)).toBe(399)
    expect(retryDelay(policy, 10, undefined, () => 0.999)).toBe(999)
    expect(retryDelay(policy, 1, undefined, () => 0)).toBe(0)
    expect(retryDelay(policy, 1, 700)).toBe(700)
    expect(retryDelay(policy, 1, 60_000)).toBe(1_000)
  })
})

describe('transport retries', () => {
  it('waits as long as Retry-After asks on 429, then succeeds and counts the retry', async () => {
    let calls = 0
    const server = await startFakeServer((_req, _body, res) => {
      if (++calls === 1) {
        res.writeHead(429, { 'retry-after': '1' }).end()
        return
      }
      json(res, 200, { reply: 'ok' })
    })
    open.push(server)
    const started = performance.now()
    const res = await transport().send({ url: server.url, method: 'POST', headers: {}, body: '{}', timeoutMs: 5_000, retry: { ...DEFAULT_RETRY, baseDelayMs: 1 } })
    const waited = performance.now() - started
    expect(res).toMatchObject({ status: 200, retries: 1 })
    expect(waited).toBeGreaterThanOrEqual(950)
    expect(waited).toBeLessThan(5_000)
  })

  it('does not retry a 500 by default; does when configured; gives up after the attempts with the count', async () => {
    const server = await startFakeServer((_req, _body, res) => json(res, 500, { error: 'boom' }))
    open.push(server)
    const t = transport()
    expect(await t.send({ url: server.url, method: 'GET', headers: {}, timeoutMs: 2_000, retry: DEFAULT_RETRY })).toMatchObject({ status: 500, retries: 0 })
    expect(server.requests).toHaveLength(1)
    const res = await t.send({ url: server.url, method: 'GET', headers: {}, timeoutMs: 2_000, retry: { attempts: 4, on: [500], baseDelayMs: 5, maxDelayMs: 20 } })
    expect(res).toMatchObject({ status: 500, retries: 3 })
    expect(server.requests).toHaveLength(5)
  })

  it('retries a refused connection and reports how many retries were made', async () => {
    const port = await closedPort()
    const err = await transport().send({ url: `http://127.0.0.1:${port}/`, method: 'GET', headers: {}, timeoutMs: 2_000, retry: { ...DEFAULT_RETRY, baseDelayMs: 5 } }).catch((e: unknown) => e as EndpointError)
    expect(err).toBeInstanceOf(EndpointError)
    expect(err).toMatchObject({ code: 'CONNECTION_REFUSED', retries: 2 })
  })
})

describe('rate limiter', () => {
  it('spaces requests evenly: 6 takes at 20/s need at least 5 intervals of 50 ms', async () => {
    const limiter = createRateLimiter(20)
    const started = performance.now()
    await Promise.all(Array.from({ length: 6 }, () => limiter.take()))
    expect(performance.now() - started).toBeGreaterThanOrEqual(240)
  })
})
