import { afterEach, describe, expect, it } from 'vitest'
import { createRateLimiter } from '../../../src/network/rate-limit.js'
import { createTransport, type Transport } from '../../../src/network/transport.js'
import { json, startFakeServer, type FakeServer } from '../../helpers/fake-server.js'

/*
 * Latency is measured from the moment a request is written to its connection, so time a request
 * spends queued inside banter (waiting for a free pooled connection, or for a --rate slot) is
 * not counted as the assistant's.
 */

const open: (Transport | FakeServer)[] = []
afterEach(async () => {
  for (const o of open.splice(0)) await o.close()
})

const DELAY = 300

async function slowServer(): Promise<FakeServer> {
  const server = await startFakeServer((_req, _body, res) => {
    setTimeout(() => json(res, 200, { reply: 'ok' }), DELAY)
  })
  open.push(server)
  return server
}

describe('latency counts from the moment the request is written, not queued', () => {
  it("4 requests at once over 1 connection: each reports the server's delay, not its place in the queue", async () => {
    const server = await slowServer()
    const transport = createTransport({ connections: 1 })
    open.push(transport)
    const started = performance.now()
    const answers = await Promise.all(
      Array.from({ length: 4 }, () => transport.send({ url: server.url, method: 'POST', headers: {}, body: '{}', timeoutMs: 30_000 })),
    )
    const wall = performance.now() - started
    // One connection: the requests ran one after another, so the last waited ~3 delays in the pool.
    expect(wall).toBeGreaterThanOrEqual(4 * DELAY - 20)
    for (const a of answers) {
      expect(a.latencyMs).toBeGreaterThanOrEqual(DELAY - 20)
      // Queued time included, they would report ~1, 2, 3 and 4 × DELAY; measured from the write,
      // each is ~1 × DELAY (the bound leaves room for a loaded machine).
      expect(a.latencyMs).toBeLessThan(2.5 * DELAY)
    }
  })

  it("time waiting for a --rate slot before the first attempt is not the assistant's", async () => {
    const server = await startFakeServer((_req, _body, res) => json(res, 200, { reply: 'ok' }))
    open.push(server)
    const transport = createTransport({ connections: 4, rate: createRateLimiter(5) })
    open.push(transport)
    const started = performance.now()
    const answers = await Promise.all(
      Array.from({ length: 4 }, () => transport.send({ url: server.url, method: 'POST', headers: {}, body: '{}', timeoutMs: 30_000 })),
    )
    // 5 per second: the 4th request left ~600 ms after the first.
    expect(performance.now() - started).toBeGreaterThanOrEqual(550)
    for (const a of answers) expect(a.latencyMs).toBeLessThan(400)
  })

  it('sentAt and lastSentAt are when the first and the final attempt went out', async () => {
    let calls = 0
    const server = await startFakeServer((_req, _body, res) => {
      if (++calls === 1) return void res.writeHead(503, { 'retry-after': '0' }).end()
      setTimeout(() => json(res, 200, {}), DELAY)
    })
    open.push(server)
    const transport = createTransport({ connections: 1 })
    open.push(transport)
    const before = performance.now()
    const res = await transport.send({
      url: server.url,
      method: 'POST',
      headers: {},
      body: '{}',
      timeoutMs: 30_000,
      retry: { attempts: 2, on: [503], baseDelayMs: 0, maxDelayMs: 1_000 },
    })
    const after = performance.now()
    expect(res.sentAt).toBeGreaterThanOrEqual(before)
    expect(res.lastSentAt).toBeGreaterThan(res.sentAt)
    expect(res.latencyMs).toBeCloseTo(
      res.attempts!.reduce((sum, a) => sum + a.latencyMs + (a.waitMs ?? 0), 0),
      6,
    )
    expect(res.sentAt + res.latencyMs).toBeLessThanOrEqual(after)
    expect(res.attempts!.at(-1)!.latencyMs).toBeGreaterThanOrEqual(DELAY - 20)
  })
})
