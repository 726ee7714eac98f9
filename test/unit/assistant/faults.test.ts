import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { faultConfigFrom, parseFaultSpec, type FaultConfig } from '../../../src/assistant/fault-spec.js'
import { injectFaults, pickFault, seededRandom } from '../../../src/assistant/faults.js'
import { createRouter } from '../../../src/assistant/router.js'
import { startAssistant, type RunningAssistant } from '../../../src/assistant/server.js'
import { InputError } from '../../../src/core/errors.js'
import { parsePrometheus } from '../../helpers/prometheus.js'

let assistant: RunningAssistant | undefined
afterEach(async () => {
  await assistant?.close()
  assistant = undefined
})

async function serve(spec: string, seed = 7): Promise<RunningAssistant> {
  assistant = await startAssistant({ faults: parseFaultSpec(spec, seed) })
  return assistant
}

const chat = (url: string, n = 0, signal?: AbortSignal) =>
  fetch(`${url}/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ session_id: `s${n}`, message: 'hello' }),
    signal,
  })

function invalid(spec: string): string {
  try {
    parseFaultSpec(spec)
  } catch (err) {
    expect(err).toBeInstanceOf(InputError)
    const [d] = (err as InputError).diagnostics
    expect(d!.code).toBe('FAULT_SPEC_INVALID')
    return d!.message
  }
  throw new Error(`"${spec}" parsed`)
}

describe('fault specs', () => {
  it('parses every kind, percentages, latency ranges and settings', () => {
    const c = parseFaultSpec(
      'latency=50-200ms,error500=0.05,error503=2%,retry_after=3,reset=0.01,truncate=0.01,garbage=0.01,hang=0.005,trickle=0.01,trickle_ms=500',
      42,
    )
    expect(c).toEqual({
      latency: { minMs: 50, maxMs: 200 },
      rates: { error500: 0.05, error503: 0.02, reset: 0.01, truncate: 0.01, garbage: 0.01, hang: 0.005, trickle: 0.01 },
      retryAfterS: 3,
      trickleMs: 500,
      seed: 42,
    })
    expect(parseFaultSpec('latency=1s').latency).toEqual({ minMs: 1000, maxMs: 1000 })
    expect(faultConfigFrom({ error500: 0.5, seed: 9 })).toMatchObject({ rates: { error500: 0.5 }, seed: 9 })
  })

  it('rejects bad specs with a message naming the problem', () => {
    expect(invalid('error500')).toContain('expected kind=value, got "error500"')
    expect(invalid('eror500=0.1')).toContain('unknown fault "eror500"')
    expect(invalid('error500=1.5')).toContain('error500: expected a probability between 0 and 1')
    expect(invalid('hang=abc')).toContain('hang: expected a probability')
    expect(invalid('latency=fast')).toContain('latency: expected a duration or a range')
    expect(invalid('latency=200-50ms')).toContain('ends before it starts')
    expect(invalid('error500=0.6,error503=0.6')).toContain('add up to 1.2, more than 1')
    expect(invalid('retry_after=-1')).toContain('retry_after: expected a non-negative number')
  })

  it('lays probability ranges end to end', () => {
    const c: FaultConfig = { rates: { error500: 0.1, hang: 0.1 }, retryAfterS: 1, trickleMs: 1, seed: 1 }
    expect(pickFault(c, 0.05)).toBe('error500')
    expect(pickFault(c, 0.15)).toBe('hang')
    expect(pickFault(c, 0.25)).toBeUndefined()
  })

  it('the seeded PRNG is reproducible and roughly uniform', () => {
    const a = seededRandom(3)
    const b = seededRandom(3)
    const xs = Array.from({ length: 10_000 }, () => a())
    expect(xs.slice(0, 50)).toEqual(Array.from({ length: 50 }, () => b()))
    expect(seededRandom(4)()).not.toBe(xs[0])
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length
    expect(mean).toBeGreaterThan(0.45)
    expect(mean).toBeLessThan(0.55)
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true)
  })
})

describe('the assistant with faults', () => {
  it('gives the same status sequence for the same seed and request order', async () => {
    const statuses = async () => {
      const { url } = await serve('error500=0.3,error503=0.3', 11)
      const out: number[] = []
      for (let i = 0; i < 30; i++) out.push((await chat(url, i)).status)
      await assistant!.close()
      return out
    }
    const first = await statuses()
    expect(await statuses()).toEqual(first)
    expect(new Set(first)).toEqual(new Set([200, 500, 503]))
  })

  it('500 and 503 with Retry-After; /health is never faulted', async () => {
    let { url } = await serve('error503=1,retry_after=4')
    const res = await chat(url)
    expect(res.status).toBe(503)
    expect(res.headers.get('retry-after')).toBe('4')
    expect((await fetch(`${url}/health`)).status).toBe(200)
    await assistant!.close()
    ;({ url } = await serve('error500=1'))
    expect((await chat(url)).status).toBe(500)
  })

  it('garbage and truncated bodies are not JSON', async () => {
    let { url } = await serve('garbage=1')
    let res = await chat(url)
    expect(res.status).toBe(200)
    await expect(res.json()).rejects.toThrow()
    await assistant!.close()
    ;({ url } = await serve('truncate=1'))
    res = await chat(url)
    const text = await res.text()
    expect(text.startsWith('{"session_id":"s0"')).toBe(true)
    expect(() => JSON.parse(text)).toThrow()
  })

  it('a reset cuts the connection mid-response', async () => {
    const { url } = await serve('reset=1')
    await expect(chat(url).then((r) => r.text())).rejects.toThrow()
  })

  it('a trickle delivers the whole body, slowly; latency delays the answer', async () => {
    let { url } = await serve('trickle=1,trickle_ms=600')
    let started = Date.now()
    const res = await chat(url)
    expect(JSON.parse(await res.text())).toMatchObject({ session_id: 's0' })
    expect(Date.now() - started).toBeGreaterThanOrEqual(400)
    await assistant!.close()
    ;({ url } = await serve('latency=300ms'))
    started = Date.now()
    expect((await chat(url)).status).toBe(200)
    expect(Date.now() - started).toBeGreaterThanOrEqual(250)
  })

  it('a hang never answers, and close() still returns promptly', async () => {
    const { url } = await serve('hang=1')
    const pending = chat(url, 0, AbortSignal.timeout(20_000)).then(
      () => 'answered',
      () => 'cut',
    )
    const raced = await Promise.race([pending, new Promise((r) => setTimeout(() => r('still waiting'), 500))])
    expect(raced).toBe('still waiting')
    const started = Date.now()
    await assistant!.close()
    expect(Date.now() - started).toBeLessThan(1500)
    expect(await pending).toBe('cut')
  })
})

describe("the assistant's /metrics under faults", () => {
  it('the response-time histogram includes injected latency, as the client waited', async () => {
    const a = await serve('latency=60-80ms')
    for (let i = 0; i < 5; i++) expect((await chat(a.url, i)).status).toBe(200)
    const m = parsePrometheus(await (await fetch(`${a.url}/metrics`)).text())
    const samples = m.get('banter_assistant_response_time_seconds')!.samples
    const count = samples.find((x) => x.name.endsWith('_count'))!.value
    const sum = samples.find((x) => x.name.endsWith('_sum'))!.value
    expect(count).toBe(5)
    // Every answer waited at least the 60 ms minimum delay: none in the buckets up to 50 ms.
    expect(sum / count).toBeGreaterThanOrEqual(0.06)
    expect(samples.find((x) => x.name.endsWith('_bucket') && x.labels.le === '0.05')!.value).toBe(0)
  })

  it('counts faults by kind', async () => {
    const a = await serve('error500=0.5,error503=0.5', 11)
    const statuses: number[] = []
    for (let i = 0; i < 20; i++) statuses.push((await chat(a.url, i)).status)
    const m = parsePrometheus(await (await fetch(`${a.url}/metrics`)).text())
    const faults = m.get('banter_assistant_faults_total')!
    expect(faults.type).toBe('counter')
    const byKind = Object.fromEntries(faults.samples.map((x) => [x.labels.kind, x.value]))
    expect(byKind).toEqual({ error500: statuses.filter((s) => s === 500).length, error503: statuses.filter((s) => s === 503).length })
    expect(byKind.error500! + byKind.error503!).toBe(20)
  })
})

describe('injected latency', () => {
  it('a handler that fails after the delay is answered 500 by the router, not left as an unhandled rejection', async () => {
    const failing = async () => {
      throw new Error('the store is down')
    }
    const { routes } = injectFaults({ '/chat': { POST: failing } }, parseFaultSpec('latency=20ms', 1))
    const server = createServer(createRouter(routes))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      const { port } = server.address() as AddressInfo
      const res = await fetch(`http://127.0.0.1:${port}/chat`, { method: 'POST', body: '{}' })
      expect(res.status).toBe(500)
      expect(await res.json()).toEqual({ error: 'internal error: the store is down' })
    } finally {
      await new Promise((resolve) => server.close(resolve))
    }
  })
})
