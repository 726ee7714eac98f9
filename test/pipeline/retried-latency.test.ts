import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../helpers/in-process-cli.js'
import { json, startFakeServer, type FakeServer } from '../helpers/fake-server.js'
import { parsePrometheus } from '../helpers/prometheus.js'
import { tempDir } from '../helpers/temp-dir.js'

/*
 * A retried turn's latency is what the user waited: first request sent → final answer, retries
 * and the Retry-After wait included. Before, a turn that got 503 + Retry-After: 1 and then
 * succeeded reported ~5 ms and passed max_latency_ms: 200.
 */

const ANSWER = { reply: 'hi', intent: { name: 'greeting', confidence: 1 }, entities: [], action: 'greet' }
const ASSISTANT_MS = 40

let dir: string
let server: FakeServer
let report: {
  cases: {
    status: string
    turns: {
      status: string
      latencyMs: number
      retries: number
      attempts?: { status?: number; latencyMs: number; waitMs?: number }[]
      verdicts: { code: string; actual?: unknown }[]
    }[]
  }[]
  metrics: Record<string, unknown> & { response_time: Record<string, number>; attempt_time: Record<string, number> }
  alerts: { name: string; metric: string; value: number }[]
}
let code: number | null
let out: string

beforeAll(async () => {
  dir = await tempDir('banter-retried-')
  const file = path.join(dir, 'retried.yaml')
  // Every conversation's first request gets 503 + Retry-After: 1, the retry is answered in ~40 ms.
  await writeFile(
    file,
    Array.from(
      { length: 3 },
      (_, i) =>
        `- name: Retried ${i}\n  turns:\n    - user: Hi ${i}\n      expect:\n        intent: greeting\n        max_latency_ms: 200\n`,
    ).join(''),
  )
  const seen = new Set<string>()
  server = await startFakeServer((_req, body, res) => {
    const message = (JSON.parse(body) as { message: string }).message
    if (!seen.has(message)) {
      seen.add(message)
      return void res.writeHead(503, { 'retry-after': '1', 'content-type': 'application/json' }).end('{"error":"busy"}')
    }
    setTimeout(() => json(res, 200, ANSWER), ASSISTANT_MS)
  })
  out = path.join(dir, 'out')
  const r = await runCli([
    'run',
    file,
    '--endpoint',
    `${server.url}/chat`,
    '-j',
    '3',
    '--threshold',
    'slow: response_time_p95 > 500',
    '--threshold',
    'slow_attempt: attempt_time_p95 > 500',
    '--reporter',
    'json,prometheus,markdown,html',
    '--out',
    out,
  ])
  code = r.code
  report = JSON.parse(await readFile(path.join(out, 'banter-report.json'), 'utf8'))
}, 60_000)
afterAll(() => server.close())

describe('a retried turn reports what the user waited', () => {
  it('latencyMs spans the 503, the 1 s Retry-After wait and the retry; each attempt is kept', () => {
    expect(server.requests).toHaveLength(6)
    for (const c of report.cases) {
      const t = c.turns[0]!
      expect(t.retries).toBe(1)
      expect(t.latencyMs).toBeGreaterThanOrEqual(1_000 + ASSISTANT_MS - 10)
      expect(t.attempts).toHaveLength(2)
      expect(t.attempts![0]).toMatchObject({ status: 503 })
      expect(t.attempts![0]!.waitMs).toBeGreaterThanOrEqual(990)
      expect(t.attempts![1]).toMatchObject({ status: 200 })
      expect(t.attempts![1]!.latencyMs).toBeGreaterThanOrEqual(ASSISTANT_MS - 10)
      expect(t.attempts![1]!.latencyMs).toBeLessThan(t.latencyMs - 900)
    }
  })

  it("max_latency_ms: 200 judges the user's wait: the turn fails with LATENCY_EXCEEDED; exit 1", () => {
    expect(code).toBe(1)
    for (const c of report.cases) {
      expect(c.status).toBe('failed')
      const latency = c.turns[0]!.verdicts.find((v) => v.code.startsWith('LATENCY_'))!
      expect(latency.code).toBe('LATENCY_EXCEEDED')
      expect(latency.actual).toBeGreaterThanOrEqual(1_000)
    }
  })

  it("response_time_* is the user's wait and alerts; attempt_time_* is the final attempt alone and does not", () => {
    expect(report.metrics.response_time.p95).toBeGreaterThanOrEqual(1_000)
    expect(report.metrics.attempt_time.p95).toBeGreaterThanOrEqual(ASSISTANT_MS - 10)
    expect(report.metrics.attempt_time.p95).toBeLessThan(500)
    expect(report.alerts.map((a) => a.name)).toEqual(['slow'])
    expect(report.metrics.retries).toBe(3)
  })

  it('Prometheus, Markdown and HTML show both figures', async () => {
    const families = parsePrometheus(await readFile(path.join(out, 'metrics.prom'), 'utf8'))
    const value = (name: string) => families.get(name)?.samples[0]?.value
    expect(value('banter_response_time_p95_seconds')).toBeGreaterThanOrEqual(1)
    expect(value('banter_attempt_time_p95_seconds')).toBeLessThan(0.5)
    const md = await readFile(path.join(out, 'summary.md'), 'utf8')
    expect(md).toMatch(/\| response_time_p95 \| 1\d{3}\.\d ms \|/)
    expect(md).toMatch(/\| attempt_time_p95 \| \d{2,3}\.\d ms \|/)
    const html = await readFile(path.join(out, 'report.html'), 'utf8')
    expect(html).toContain('data-metric="p95 final attempt"')
  })
})
