import { afterEach, describe, expect, it } from 'vitest'
import { createTransport, type Transport } from '../../../src/network/transport.js'
import { json, startFakeServer, type FakeServer } from '../../helpers/fake-server.js'

/*
 * The run's connections (src/network/client-pool.ts): at most `connections` per origin, kept
 * alive and reused, each carrying one request at a time; a request that finds them all busy takes
 * the first one given back.
 */

const open: (Transport | FakeServer)[] = []
afterEach(async () => {
  for (const o of open.splice(0)) await o.close()
})

/** A server that answers after `?ms=` milliseconds and records which client port asked. */
async function server(): Promise<FakeServer & { ports: Set<number> }> {
  const ports = new Set<number>()
  const s = await startFakeServer((req, _body, res) => {
    ports.add(req.socket.remotePort!)
    const ms = Number(new URL(req.url!, 'http://x').searchParams.get('ms') ?? 0)
    setTimeout(() => json(res, 200, { reply: 'ok' }), ms)
  })
  open.push(s)
  return Object.assign(s, { ports })
}

function transport(connections: number): Transport {
  const t = createTransport({ connections })
  open.push(t)
  return t
}

const post = (t: Transport, url: string) => t.send({ url, method: 'POST', headers: {}, body: '{}', timeoutMs: 30_000 })

describe('the run’s connections', () => {
  it('opens at most `connections` to an origin and keeps reusing them', async () => {
    const s = await server()
    const t = transport(4)
    for (let round = 0; round < 3; round++) {
      const answers = await Promise.all(Array.from({ length: 8 }, () => post(t, `${s.url}/chat?ms=20`)))
      expect(answers.map((a) => a.status)).toEqual(Array(8).fill(200))
    }
    expect(s.requests).toHaveLength(24)
    expect(s.ports.size).toBe(4)
  })

  it('one worker sending turn after turn uses one connection', async () => {
    const s = await server()
    const t = transport(16)
    for (let i = 0; i < 5; i++) await post(t, `${s.url}/chat`)
    expect(s.ports.size).toBe(1)
  })

  it('a request that finds every connection busy takes the first one freed, not one still busy', async () => {
    const s = await server()
    const t = transport(2)
    const started = performance.now()
    const quick = post(t, `${s.url}/chat?ms=100`)
    const slow = post(t, `${s.url}/chat?ms=1500`)
    // Both connections are busy now; this one must wait for the quick request's connection.
    const waiting = post(t, `${s.url}/chat?ms=100`).then(() => performance.now() - started)
    const waited = await waiting
    // Behind the slow request it would end after ~1,600 ms; behind the quick one, after ~200 ms.
    expect(waited).toBeLessThan(1000)
    await Promise.all([slow, quick])
    expect(s.ports.size).toBe(2)
  })

  it('each origin has connections of its own', async () => {
    const [a, b] = [await server(), await server()]
    const t = transport(1)
    const started = performance.now()
    await Promise.all([post(t, `${a.url}/chat?ms=400`), post(t, `${b.url}/chat?ms=400`)])
    // Sharing one connection, the two would take ~800 ms one after the other.
    expect(performance.now() - started).toBeLessThan(750)
    expect([a.ports.size, b.ports.size]).toEqual([1, 1])
  })

  it('an invalid URL is a NETWORK error that names it', async () => {
    const t = transport(1)
    await expect(post(t, 'not a url')).rejects.toMatchObject({ code: 'NETWORK', message: 'invalid URL: not a url' })
  })
})
