import { afterEach, describe, expect, it } from 'vitest'
import { arrivalRate } from '../../src/options/parse-value.js'
import { cycle } from '../../src/execute/arrival-rate.js'
import type { Conversation } from '../../src/scenario/compiled-conversation.js'
import { run } from '../../src/run.js'
import { runCli } from '../helpers/in-process-cli.js'
import { json, startFakeServer, type FakeServer } from '../helpers/fake-server.js'

let server: FakeServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

/**
 * An assistant that answers one request at a time, `serviceMs` each: about 1000/serviceMs
 * replies a second, however many arrive. Requests beyond that queue in the server.
 */
async function startSerialAssistant(serviceMs: number): Promise<FakeServer> {
  let free = Promise.resolve()
  return startFakeServer((_req, _body, res) => {
    free = free.then(
      () =>
        new Promise<void>((done) =>
          setTimeout(() => {
            json(res, 200, {
              reply: 'Let me check that order.',
              intent: { name: 'order_status', confidence: 0.9 },
              entities: [],
              action: 'retrieve_order',
            })
            done()
          }, serviceMs),
        ),
    )
  })
}

const base = { cwd: process.cwd(), env: {}, paths: ['fixtures/bench/one-turn.yaml'], generate: 1, seed: 1 }

describe('open-loop load (--arrival-rate)', () => {
  it('against a slowed assistant, latency counts from the scheduled start and shows the queueing a closed run hides', async () => {
    server = await startSerialAssistant(30)
    const endpoint = `${server.url}/chat`
    const closed = await run({ ...base, endpoint, generate: 20, concurrency: 1 })
    // 60 conversations a second for 1 s into an assistant that serves about 33 a second.
    const open = await run({ ...base, endpoint, arrivalRate: 60, durationMs: 1_000 })
    const a = open.run.arrival!
    expect(a).toMatchObject({ target_rate: 60, scheduled: 60, started: 60, dropped: 0, not_run: 0, max_in_flight: 1000 })
    expect(a.achieved_rate).toBeGreaterThan(40)
    expect(open.summary).toMatchObject({ conversations: 60, passed: 60 })
    // The closed run (one at a time) sees the service time; the open run sees the queue build up.
    expect(closed.metrics!.response_time.p50).toBeLessThan(200)
    expect(open.metrics!.response_time.p95).toBeGreaterThan(400)
    expect(open.metrics!.response_time.p95).toBeGreaterThan(5 * closed.metrics!.response_time.p50)
    // Both figures are reported: from the scheduled start (response_time) and the request alone (service_time).
    expect(open.metrics!.service_time!.p95).toBeGreaterThan(0)
    expect(open.metrics!.response_time.max).toBeGreaterThanOrEqual(open.metrics!.service_time!.max)
    expect(open.cases.every((c) => c.turns.every((t) => t.serviceMs !== undefined && t.latencyMs! >= t.serviceMs))).toBe(true)
    expect(closed.metrics!.service_time).toBeUndefined()
    expect(closed.run.arrival).toBeUndefined()
  }, 60_000)

  it('starts due while --max-in-flight conversations run are dropped, counted and warned about', async () => {
    server = await startSerialAssistant(50)
    const report = await run({ ...base, endpoint: `${server.url}/chat`, arrivalRate: 50, durationMs: 1_000, maxInFlight: 3 })
    const a = report.run.arrival!
    expect(a.scheduled).toBe(50)
    expect(a.dropped).toBeGreaterThan(10)
    expect(a.started + a.dropped).toBe(50)
    expect(report.summary.conversations).toBe(a.started)
    expect(a.achieved_rate).toBeLessThan(50 * 0.95)
    const warning = report.warnings?.find((w) => w.code === 'ARRIVAL_RATE_MISSED')
    expect(warning?.message).toContain(`${a.dropped} starts dropped at --max-in-flight 3`)
  }, 60_000)

  it('cycles the conversations to fill the schedule; later passes get #<pass> ids', () => {
    const conv = (id: string) => ({ id }) as Conversation
    expect([...cycle([conv('a'), conv('b')], 5)].map((c) => c.id)).toEqual(['a', 'b', 'a#2', 'b#2', 'a#3'])
    expect([...cycle([conv('a'), conv('b'), conv('c')], 2)].map((c) => c.id)).toEqual(['a', 'b'])
    expect([...cycle([], 3)]).toEqual([])
  })

  it('parses rates per second, minute and hour; rejects anything else', () => {
    expect(arrivalRate('50/s')).toBe(50)
    expect(arrivalRate('50')).toBe(50)
    expect(arrivalRate('120/m')).toBe(2)
    expect(arrivalRate('3600/h')).toBe(1)
    expect(arrivalRate('0.5/s')).toBe(0.5)
    for (const bad of ['0', '-1/s', '5/x', 'fast', '', '5/s/s'])
      expect(() => arrivalRate(bad), bad).toThrow(/expected conversations per second/)
  })

  it('the CLI: bad rates and --duration or --max-in-flight without --arrival-rate exit 2', async () => {
    const bad = await runCli(['run', '--arrival-rate', '5/x'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain("'--arrival-rate <rate>' argument '5/x' is invalid")
    const duration = await runCli(['run', '--duration', '30s'])
    expect(duration.code).toBe(2)
    expect(duration.stderr).toContain('error[ARRIVAL_RATE_REQUIRED]: --duration needs --arrival-rate')
    const inflight = await runCli(['run', '--max-in-flight', '10'])
    expect(inflight.code).toBe(2)
    expect(inflight.stderr).toContain('error[ARRIVAL_RATE_REQUIRED]: --max-in-flight needs --arrival-rate')
  }, 60_000)
})
