import { afterEach, describe, expect, it } from 'vitest'
import { createRateLimiter } from '../../../src/network/rate-limit.js'
import { DEFAULT_RETRY, parseRetryAfter, retryWait, shouldRetry } from '../../../src/network/retry.js'
import { createTransport, EndpointError, type Transport } from '../../../src/network/transport.js'
import { closedPort, json, startFakeServer, type FakeServer } from '../../helpers/fake-server.js'

const open: (Transport | FakeServer)[] = []
afterEach(async () => {
  for (const o of open.splice(0)) await o.close()
})

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

  it('backs off exponentially with full jitter, capped at max_delay_ms', () => {
    const policy = { ...DEFAULT_RETRY, baseDelayMs: 100, maxDelayMs: 1_000 }
    expect(retryWait(policy, 1, undefined, () => 0.999)).toEqual({ ms: 99 })
    expect(retryWait(policy, 3, undefined, () => 0.999)).toEqual({ ms: 399 })
    expect(retryWait(policy, 10, undefined, () => 0.999)).toEqual({ ms: 999 })
    expect(retryWait(policy, 1, undefined, () => 0)).toEqual({ ms: 0 })
  })

  it('waits exactly what Retry-After asks up to max_delay_ms; a longer one is not waited for', () => {
    const policy = { ...DEFAULT_RETRY, maxDelayMs: 1_000 }
    expect(retryWait(policy, 1, 700)).toEqual({ ms: 700 })
    expect(retryWait(policy, 1, 1_000)).toEqual({ ms: 1_000 })
    expect(retryWait(policy, 1, 0)).toEqual({ ms: 0 })
    expect(retryWait(policy, 1, 1_001)).toEqual({ skip: 'Retry-After asks for 1 s, longer than retry.max_delay_ms (1 s)' })
    expect(retryWait(DEFAULT_RETRY, 2, 99_999_000)).toEqual({ skip: 'Retry-After asks for 99999 s, longer than retry.max_delay_ms (5 s)' })
  })

  it('the default cap is 5 s, as --help and the docs say', () => {
    expect(DEFAULT_RETRY.maxDelayMs).toBe(5_000)
    expect(retryWait(DEFAULT_RETRY, 1, 5_000)).toEqual({ ms: 5_000 })
    expect('skip' in retryWait(DEFAULT_RETRY, 1, 6_000)).toBe(true)
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
    const res = await transport().send({
      url: server.url,
      method: 'POST',
      headers: {},
      body: '{}',
      timeoutMs: 5_000,
      retry: { ...DEFAULT_RETRY, baseDelayMs: 1 },
    })
    const waited = performance.now() - started
    expect(res).toMatchObject({ status: 200, retries: 1 })
    expect(waited).toBeGreaterThanOrEqual(950)
    expect(waited).toBeLessThan(5_000)
    // The caller's latency is the whole wait, and each attempt is kept: 429, a ~1 s wait, 200.
    expect(res.latencyMs).toBeGreaterThanOrEqual(950)
    expect(res.latencyMs).toBeLessThanOrEqual(waited)
    expect(res.attempts).toHaveLength(2)
    const [first, second] = res.attempts!
    expect(first).toMatchObject({ status: 429 })
    expect(first!.waitMs).toBeGreaterThanOrEqual(950)
    expect(second).toMatchObject({ status: 200 })
    expect(second!.waitMs).toBeUndefined()
    // The attempts and the waits between them add up to the caller's wait.
    expect(first!.latencyMs + first!.waitMs! + second!.latencyMs).toBeCloseTo(res.latencyMs, 6)
  })

  it('a Retry-After longer than max_delay_ms is not waited for: the 503 stands, at once, saying why', async () => {
    const server = await startFakeServer((_req, _body, res) => {
      res.writeHead(503, { 'retry-after': '99999' }).end('busy')
    })
    open.push(server)
    const started = performance.now()
    const res = await transport().send({ url: server.url, method: 'POST', headers: {}, body: '{}', timeoutMs: 5_000, retry: DEFAULT_RETRY })
    expect(performance.now() - started).toBeLessThan(2_000)
    expect(server.requests).toHaveLength(1)
    expect(res).toMatchObject({ status: 503, retries: 0, notRetried: 'Retry-After asks for 99999 s, longer than retry.max_delay_ms (5 s)' })
    expect(res.attempts).toBeUndefined()
  })

  it('an HTTP-date Retry-After in the past is retried at once', async () => {
    let calls = 0
    const server = await startFakeServer((_req, _body, res) => {
      if (++calls === 1) return void res.writeHead(503, { 'retry-after': new Date(Date.now() - 60_000).toUTCString() }).end()
      json(res, 200, {})
    })
    open.push(server)
    const res = await transport().send({ url: server.url, method: 'GET', headers: {}, timeoutMs: 5_000, retry: DEFAULT_RETRY })
    expect(res).toMatchObject({ status: 200, retries: 1 })
    expect(res.attempts![0]!.waitMs).toBeLessThan(1_000)
  })

  it('does not retry a 500 by default; does when configured; gives up after the attempts with the count', async () => {
    const server = await startFakeServer((_req, _body, res) => json(res, 500, { error: 'boom' }))
    open.push(server)
    const t = transport()
    expect(await t.send({ url: server.url, method: 'GET', headers: {}, timeoutMs: 2_000, retry: DEFAULT_RETRY })).toMatchObject({
      status: 500,
      retries: 0,
    })
    expect(server.requests).toHaveLength(1)
    const res = await t.send({
      url: server.url,
      method: 'GET',
      headers: {},
      timeoutMs: 2_000,
      retry: { attempts: 4, on: [500], baseDelayMs: 5, maxDelayMs: 20 },
    })
    expect(res).toMatchObject({ status: 500, retries: 3 })
    expect(server.requests).toHaveLength(5)
  })

  it('retries a refused connection and reports how many retries were made', async () => {
    const port = await closedPort()
    const err = await transport()
      .send({ url: `http://127.0.0.1:${port}/`, method: 'GET', headers: {}, timeoutMs: 2_000, retry: { ...DEFAULT_RETRY, baseDelayMs: 5 } })
      .catch((e: unknown) => e as EndpointError)
    expect(err).toBeInstanceOf(EndpointError)
    expect(err).toMatchObject({ code: 'CONNECTION_REFUSED', retries: 2 })
    expect(err.attempts?.map((a) => a.code)).toEqual(['CONNECTION_REFUSED', 'CONNECTION_REFUSED', 'CONNECTION_REFUSED'])
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
