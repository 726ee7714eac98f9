import { afterEach, describe, expect, it } from 'vitest'
import { createHttpAdapter, DEFAULT_BODY } from '../../src/adapters/http.js'
import { parseFaultSpec } from '../../src/assistant/fault-spec.js'
import { startAssistant, type RunningAssistant } from '../../src/assistant/server.js'
import { executeCases } from '../../src/execute/run-cases.js'
import { createRunControl } from '../../src/execute/run-control.js'
import { DEFAULT_RETRY } from '../../src/network/retry.js'
import { createTransport } from '../../src/network/transport.js'
import { summarize } from '../../src/metrics/tally.js'
import type { CaseResult } from '../../src/report/model.js'
import { closedPort } from '../helpers/fake-server.js'
import { manyConversations } from '../helpers/many-conversations.js'

let assistant: RunningAssistant | undefined
afterEach(async () => {
  await assistant?.close()
  assistant = undefined
})

function adapterFor(url: string, timeoutMs: number, abort?: AbortSignal) {
  // The default retry policy: refused connections, 429 and 503 (honouring Retry-After).
  const endpoint = { url, method: 'POST', headers: {}, body: DEFAULT_BODY, timeoutMs, retry: DEFAULT_RETRY }
  return createHttpAdapter({ endpoint, transport: createTransport({ connections: 16, abort }), redact: (s: string) => s })
}

/** Every turn has a verdict: passed/failed with verdicts, errored with a code, skipped with a reason. */
function expectEveryTurnJudged(results: CaseResult[]) {
  for (const c of results) {
    for (const t of c.turns) {
      if (t.status === 'errored') expect(t.error?.code).toMatch(/^[A-Z_]+$/)
      else if (t.status === 'skipped') expect(t.skipReason).toBeTruthy()
      else expect(t.verdicts.length).toBeGreaterThan(0)
    }
  }
}

describe('the runner under faults', () => {
  // 100 conversations with more frequent resets and hangs show what 300 at 1% and 0.5% did (it was one of the slowest tests).
  it('100 conversations at 5% errors, 3% resets, 2% hangs: bounded, all judged, totals add up', async () => {
    assistant = await startAssistant({
      faults: parseFaultSpec(
        'latency=0-5ms,error500=0.03,error503=0.02,retry_after=0,reset=0.03,hang=0.02,truncate=0.005,garbage=0.005',
        5,
      ),
    })
    const conversations = await manyConversations(100)
    const adapter = adapterFor(`${assistant.url}/chat`, 1_000)
    const started = Date.now()
    const run = await executeCases(conversations, { adapter, concurrency: 16, control: createRunControl() })
    await adapter.close()
    expect(Date.now() - started).toBeLessThan(60_000)
    expect(run.results).toHaveLength(100)
    expect(run.notRun).toBe(0)
    expect(run.results.map((r) => r.id)).toEqual(conversations.map((c) => c.id))
    const summary = summarize(run.results)
    expect(summary.passed + summary.failed + summary.errored + summary.skipped).toBe(100)
    expect(summary.errored).toBeGreaterThan(0)
    expect(summary.passed).toBeGreaterThan(summary.errored)
    const codes = new Set(run.results.flatMap((r) => r.turns.map((t) => t.error?.code).filter(Boolean)))
    expect(codes).toContain('HTTP_STATUS')
    expect(codes).toContain('CONNECTION_RESET')
    expect(codes).toContain('TIMEOUT')
    const retries = run.results.flatMap((r) => r.turns).reduce((n, t) => n + t.retries, 0)
    expect(retries).toBeGreaterThan(0)
    expectEveryTurnJudged(run.results)
  }, 90_000)

  it('an endpoint that is down stops the run after a few connection failures', async () => {
    const conversations = await manyConversations(500)
    const control = createRunControl()
    const adapter = adapterFor(`http://127.0.0.1:${await closedPort()}/chat`, 1_000)
    const run = await executeCases(conversations, { adapter, concurrency: 4, control, downAfter: 5 })
    await adapter.close()
    expect(control.stopped?.reason).toBe('endpoint_down')
    expect(control.stopped?.message).toContain('5 connections failed in a row (connection refused)')
    expect(run.results.length).toBeLessThan(20)
    expect(run.results.length + run.notRun).toBe(500)
    expectEveryTurnJudged(run.results)
  })

  it('--max-duration stops starting conversations and cancels in-flight turns as ABORTED', async () => {
    assistant = await startAssistant({ faults: parseFaultSpec('hang=1') })
    const conversations = await manyConversations(40)
    const control = createRunControl({ maxDurationMs: 400 })
    const adapter = adapterFor(`${assistant.url}/chat`, 30_000, control.abort)
    const started = Date.now()
    const run = await executeCases(conversations, { adapter, concurrency: 4, control })
    await adapter.close()
    control.dispose()
    expect(Date.now() - started).toBeLessThan(5_000)
    expect(control.stopped?.reason).toBe('max_duration')
    expect(run.results).toHaveLength(4)
    expect(run.notRun).toBe(36)
    for (const r of run.results) {
      expect(r.status).toBe('errored')
      expect(r.turns[0]!.error).toMatchObject({ code: 'ABORTED' })
      expect(r.turns[0]!.error!.message).toContain('--max-duration of 400 ms reached')
    }
    expectEveryTurnJudged(run.results)
  })

  it('an interrupt lets in-flight conversations finish within the grace period', async () => {
    assistant = await startAssistant({ faults: parseFaultSpec('latency=300ms') })
    const conversations = await manyConversations(30)
    const interrupt = new AbortController()
    const control = createRunControl({ signal: interrupt.signal, graceMs: 10_000 })
    const adapter = adapterFor(`${assistant.url}/chat`, 10_000, control.abort)
    setTimeout(() => interrupt.abort(), 100)
    const run = await executeCases(conversations, { adapter, concurrency: 3, control })
    await adapter.close()
    control.dispose()
    expect(control.stopped?.reason).toBe('interrupted')
    expect(run.results).toHaveLength(3)
    expect(run.results.every((r) => r.status !== 'errored')).toBe(true)
    expect(run.notRun).toBe(27)
  })
})
