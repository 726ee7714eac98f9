import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_RETRY } from '../../src/network/retry.js'
import { runCli, startCli } from '../helpers/in-process-cli.js'
import { json, startFakeServer, type FakeServer } from '../helpers/fake-server.js'
import { tempDir } from '../helpers/temp-dir.js'

/*
 * Every wait banter takes (Retry-After, backoff, --rate, --think-time) ends on SIGINT, SIGTERM
 * and --max-duration, and the run then writes its reports with the right state and exit code.
 * Before, `Retry-After: 99999` waited 30 s per retry and these runs took 20-60 s; the bounds below
 * are generous but far below that.
 */

const STACK = /\n\s+at .+:\d+:\d+/
const ANSWER = { reply: 'hi', intent: { name: 'greeting', confidence: 1 }, entities: [], action: 'greet' }

let dir: string
let oneTurn: string
let twoTurns: string
const servers: FakeServer[] = []

beforeAll(async () => {
  dir = await tempDir('banter-waits-')
  oneTurn = path.join(dir, 'one-turn.yaml')
  twoTurns = path.join(dir, 'two-turns.yaml')
  const turn = '    - user: Hi\n      expect:\n        intent: greeting\n'
  await writeFile(oneTurn, Array.from({ length: 5 }, (_, i) => `- name: One turn ${i}\n  turns:\n${turn}`).join(''))
  await writeFile(twoTurns, Array.from({ length: 3 }, (_, i) => `- name: Two turns ${i}\n  turns:\n${turn}${turn}`).join(''))
})
afterAll(async () => {
  for (const s of servers) await s.close()
})

/** A loopback server answering every request with `status` and `Retry-After: retryAfter`, or 200 when status is 200. */
async function server(status: number, retryAfter?: string, delayMs = 0): Promise<FakeServer & { firstRequest: Promise<void> }> {
  let first!: () => void
  const firstRequest = new Promise<void>((resolve) => {
    first = resolve
  })
  const s = await startFakeServer((_req, _body, res) => {
    first()
    setTimeout(() => {
      if (status === 200) return json(res, 200, ANSWER)
      res
        .writeHead(status, { 'content-type': 'application/json', ...(retryAfter ? { 'retry-after': retryAfter } : {}) })
        .end('{"error":"busy"}')
    }, delayMs)
  })
  servers.push(s)
  return Object.assign(s, { firstRequest })
}

async function report(out: string) {
  return JSON.parse(await readFile(path.join(out, 'banter-report.json'), 'utf8')) as {
    run: { interrupted?: { reason: string; message: string; notRun: number } }
    cases: { status: string; turns: { status: string; retries: number; error?: { code: string; message: string } }[] }[]
    summary: { conversations: number }
  }
}

describe('one rule for a long Retry-After: not waited for, the failure stands', () => {
  it('503 with Retry-After: 99999 → one request per conversation, each errored HTTP_STATUS saying why, at once', async () => {
    const s = await server(503, '99999')
    const out = path.join(dir, 'ra-99999')
    const started = performance.now()
    const r = await runCli(['run', oneTurn, '--endpoint', `${s.url}/chat`, '-j', '1', '--reporter', 'json,junit', '--out', out])
    expect(r.code).toBe(3)
    expect(performance.now() - started).toBeLessThan(15_000)
    expect(s.requests).toHaveLength(5)
    const rep = await report(out)
    expect(rep.run.interrupted).toBeUndefined()
    for (const c of rep.cases) {
      expect(c.turns[0]).toMatchObject({ status: 'errored', retries: 0, error: { code: 'HTTP_STATUS' } })
      expect(c.turns[0]!.error!.message).toBe(
        'HTTP 503: {"error":"busy"} (not retried: Retry-After asks for 99999 s, longer than retry.max_delay_ms (5 s))',
      )
    }
    expect(await readFile(path.join(out, 'junit.xml'), 'utf8')).toContain('not retried: Retry-After asks for 99999 s')
  }, 30_000)

  it('429 with Retry-After: 99999 and --max-duration 1s → the same, well inside the deadline', async () => {
    const s = await server(429, '99999')
    const out = path.join(dir, 'ra-99999-maxdur')
    const r = await runCli([
      'run',
      oneTurn,
      '--endpoint',
      `${s.url}/chat`,
      '-j',
      '2',
      '--max-duration',
      '1s',
      '--reporter',
      'json',
      '--out',
      out,
    ])
    expect(r.code).toBe(3)
    expect(s.requests).toHaveLength(5)
    expect((await report(out)).cases.every((c) => c.turns[0]!.error?.message.includes('not retried: Retry-After asks for 99999 s'))).toBe(
      true,
    )
  }, 30_000)

  it('a Retry-After within the cap that would end after --max-duration is not started: exit 3, max_duration, reports written', async () => {
    const s = await server(429, '5')
    const out = path.join(dir, 'ra-5-maxdur')
    const r = await runCli([
      'run',
      oneTurn,
      '--endpoint',
      `${s.url}/chat`,
      '-j',
      '1',
      '--max-duration',
      '1s',
      '--reporter',
      'json,junit,markdown',
      '--out',
      out,
    ])
    expect(r.code).toBe(3)
    expect(r.stderr).toContain('error: --max-duration of 1000 ms would pass during a retry wait of 5 s; 4 conversations not run')
    expect(r.stderr).not.toMatch(STACK)
    // Nothing waited 5 s: the one conversation's 429 stands, and no other conversation started.
    expect(s.requests).toHaveLength(1)
    const rep = await report(out)
    expect(rep.run.interrupted).toMatchObject({ reason: 'max_duration', notRun: 4 })
    expect(rep.cases[0]!.turns[0]!.error!.message).toBe(
      'HTTP 429: {"error":"busy"} (not retried: retry wait of 5 s not started: it would end after the --max-duration deadline (1 s))',
    )
    expect(await readFile(path.join(out, 'junit.xml'), 'utf8')).toContain('<testsuites')
    expect(await readFile(path.join(out, 'summary.md'), 'utf8')).toContain('### Metrics')
  }, 30_000)
})

describe('the rule is stated once, the same way, in --help and the docs', () => {
  it('the default cap is the one both name, and both say a longer Retry-After is not waited for', async () => {
    const seconds = DEFAULT_RETRY.maxDelayMs / 1000
    const help = (await runCli(['run', '--help'])).stdout.replace(/\s+/g, ' ')
    expect(help).toContain(
      `waits for Retry-After up to retry.max_delay_ms (${seconds}s), a longer one is not waited for and the failure stands`,
    )
    const readme = await readFile(path.resolve('docs/config-and-adapters.md'), 'utf8')
    const retries = readme.slice(readme.indexOf('## Retries'), readme.indexOf('## Pacing'))
    expect(retries).toContain(`max_delay_ms: ${DEFAULT_RETRY.maxDelayMs} `)
    expect(retries.replace(/\s+/g, ' ')).toContain(
      `A \`Retry-After\` longer than \`max_delay_ms\` (default ${seconds} s) is not waited for: the attempt's failure stands`,
    )
    expect(readme).not.toMatch(/whatever Retry-After says|a longer wait is not retried/)
  })
})

describe('--think-time and --rate waits end at the deadline', () => {
  it('--think-time 60s with --max-duration 1s: the second turn is not sent, ABORTED; exit 3 in a few seconds', async () => {
    const s = await server(200)
    const out = path.join(dir, 'think-maxdur')
    const started = performance.now()
    const r = await runCli([
      'run',
      twoTurns,
      '--endpoint',
      `${s.url}/chat`,
      '-j',
      '1',
      '--think-time',
      '60000',
      '--max-duration',
      '1s',
      '--reporter',
      'json',
      '--out',
      out,
    ])
    expect(r.code).toBe(3)
    expect(performance.now() - started).toBeLessThan(15_000)
    expect(r.stderr).toContain('error: --max-duration of 1000 ms would pass during a think time of 60 s; 2 conversations not run')
    const rep = await report(out)
    expect(rep.run.interrupted).toMatchObject({ reason: 'max_duration', notRun: 2 })
    expect(rep.cases).toHaveLength(1)
    expect(rep.cases[0]!.turns.map((t) => t.status)).toEqual(['passed', 'errored'])
    expect(rep.cases[0]!.turns[1]!.error).toEqual({
      code: 'ABORTED',
      message: 'turn not sent: think time of 60 s not started: it would end after the --max-duration deadline (1 s)',
    })
    expect(s.requests).toHaveLength(1)
  }, 30_000)

  it('--rate 0.1 with --max-duration 1s: requests whose slot comes after the deadline are not sent; exit 3 in a few seconds', async () => {
    const s = await server(200)
    const out = path.join(dir, 'rate-maxdur')
    const started = performance.now()
    const r = await runCli([
      'run',
      oneTurn,
      '--endpoint',
      `${s.url}/chat`,
      '-j',
      '3',
      '--rate',
      '0.1',
      '--max-duration',
      '1s',
      '--reporter',
      'json',
      '--out',
      out,
    ])
    expect(r.code).toBe(3)
    expect(performance.now() - started).toBeLessThan(15_000)
    expect(s.requests).toHaveLength(1)
    const rep = await report(out)
    expect(rep.run.interrupted?.reason).toBe('max_duration')
    expect(rep.cases.length + rep.run.interrupted!.notRun).toBe(5)
    const aborted = rep.cases.filter((c) => c.turns[0]!.error?.code === 'ABORTED')
    expect(aborted.length).toBeGreaterThanOrEqual(1)
    expect(aborted[0]!.turns[0]!.error!.message).toMatch(
      /^request not sent: wait for a --rate slot of \d+(\.\d)? s not started: it would end after the --max-duration deadline \(1 s\)$/,
    )
  }, 30_000)
})

describe('SIGINT and SIGTERM end every wait that would outlast the grace', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)(
    '%s during a 5 s Retry-After wait with --grace 2s: ends at once, exit 130, reports written',
    async (signal) => {
      const s = await server(503, '5')
      const out = path.join(dir, `ra-${signal}`)
      const { interrupt, done } = startCli([
        'run',
        oneTurn,
        '--endpoint',
        `${s.url}/chat`,
        '-j',
        '1',
        '--grace',
        '2s',
        '--reporter',
        'json,junit',
        '--out',
        out,
      ])
      await s.firstRequest
      const signalled = performance.now()
      interrupt(signal)
      const r = await done
      expect(r.code).toBe(130)
      // Before, the 5 s wait ran out and the retry was sent; now the wait is cut at the signal.
      expect(r.exitedAt - signalled).toBeLessThan(4_000)
      expect(r.stderr).toContain(`${signal}: starting no new conversations`)
      expect(r.stderr).not.toMatch(STACK)
      expect(s.requests).toHaveLength(1)
      const rep = await report(out)
      expect(rep.run.interrupted).toMatchObject({ reason: 'interrupted', notRun: 4 })
      expect(rep.cases[0]!.turns[0]!.error!.message).toMatch(
        /^HTTP 503: \{"error":"busy"\} \(not retried: retry wait of 5 s (cut short|not started): it would end after the 2 s grace period after the interrupt\)$/,
      )
      expect(await readFile(path.join(out, 'junit.xml'), 'utf8')).toContain('<testsuites')
    },
    30_000,
  )

  it.each(['SIGINT', 'SIGTERM'] as const)(
    '%s while slow 503s with Retry-After: 99999 come in: in-flight answers stand unretried, exit 130',
    async (signal) => {
      const s = await server(503, '99999', 300)
      const out = path.join(dir, `ra-99999-${signal}`)
      const { interrupt, done } = startCli(['run', oneTurn, '--endpoint', `${s.url}/chat`, '-j', '2', '--reporter', 'json', '--out', out])
      await s.firstRequest
      const signalled = performance.now()
      interrupt(signal)
      const r = await done
      expect(r.code).toBe(130)
      expect(r.exitedAt - signalled).toBeLessThan(5_000)
      const rep = await report(out)
      expect(rep.run.interrupted?.reason).toBe('interrupted')
      expect(rep.cases.length + rep.run.interrupted!.notRun).toBe(5)
      expect(s.requests).toHaveLength(rep.cases.length)
      for (const c of rep.cases) expect(c.turns[0]!.error!.message).toContain('not retried: Retry-After asks for 99999 s')
    },
    30_000,
  )

  it('SIGINT during a 60 s think time with --grace 30s: the think time is cut at once, not after the grace', async () => {
    const s = await server(200)
    const out = path.join(dir, 'think-sigint')
    const { interrupt, done } = startCli([
      'run',
      twoTurns,
      '--endpoint',
      `${s.url}/chat`,
      '-j',
      '1',
      '--think-time',
      '60000',
      '--grace',
      '30s',
      '--reporter',
      'json',
      '--out',
      out,
    ])
    await s.firstRequest
    const signalled = performance.now()
    interrupt('SIGINT')
    const r = await done
    expect(r.code).toBe(130)
    expect(r.exitedAt - signalled).toBeLessThan(8_000)
    const rep = await report(out)
    expect(rep.run.interrupted).toMatchObject({ reason: 'interrupted', notRun: 2 })
    expect(rep.cases[0]!.turns[1]!.error).toMatchObject({ code: 'ABORTED' })
    expect(rep.cases[0]!.turns[1]!.error!.message).toMatch(
      /^turn not sent: think time of 60 s (cut short|not started): it would end after the 30 s grace period after the interrupt$/,
    )
  }, 30_000)

  it('SIGTERM while conversations queue for --rate 0.1 slots with --grace 2s: the queue is cut, exit 130', async () => {
    const s = await server(200)
    const out = path.join(dir, 'rate-sigterm')
    const { interrupt, done } = startCli([
      'run',
      oneTurn,
      '--endpoint',
      `${s.url}/chat`,
      '-j',
      '3',
      '--rate',
      '0.1',
      '--grace',
      '2s',
      '--reporter',
      'json',
      '--out',
      out,
    ])
    await s.firstRequest
    const signalled = performance.now()
    interrupt('SIGTERM')
    const r = await done
    expect(r.code).toBe(130)
    // The queued slots were 10 s and 20 s away.
    expect(r.exitedAt - signalled).toBeLessThan(5_000)
    expect(s.requests).toHaveLength(1)
    const rep = await report(out)
    expect(rep.run.interrupted?.reason).toBe('interrupted')
    expect(rep.cases.length + rep.run.interrupted!.notRun).toBe(5)
    // The first conversation was answered; those queued behind it (2 or 3, as the signal raced the next start) were cut.
    expect(rep.cases.filter((c) => c.status === 'passed')).toHaveLength(1)
    const aborted = rep.cases.filter((c) => c.turns[0]!.error?.code === 'ABORTED')
    expect(aborted.length).toBeGreaterThanOrEqual(2)
    expect(aborted.length).toBe(rep.cases.length - 1)
  }, 30_000)
})
