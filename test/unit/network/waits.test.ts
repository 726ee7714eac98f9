import { afterEach, describe, expect, it } from 'vitest'
import { createRateLimiter } from '../../../src/network/rate-limit.js'
import { createRunControl, type RunControl } from '../../../src/execute/run-control.js'
import { WaitCancelled } from '../../../src/network/waits.js'

const controls: RunControl[] = []
afterEach(() => {
  for (const c of controls.splice(0)) c.dispose()
})

function control(opts: Parameters<typeof createRunControl>[0] = {}): RunControl {
  const c = createRunControl(opts)
  controls.push(c)
  return c
}

/** How long a promise takes to settle, and how. */
async function timed(p: Promise<unknown>): Promise<{ ms: number; error?: unknown }> {
  const started = performance.now()
  try {
    await p
    return { ms: performance.now() - started }
  } catch (error) {
    return { ms: performance.now() - started, error }
  }
}

describe("the run's waits", () => {
  it('a wait with no deadline takes its time', async () => {
    const r = await timed(control().wait(120, 'think time'))
    expect(r.error).toBeUndefined()
    expect(r.ms).toBeGreaterThanOrEqual(110)
  })

  it('a wait that would end after the --max-duration deadline is not started, and the run stops starting conversations', async () => {
    const c = control({ maxDurationMs: 60_000 })
    const r = await timed(c.wait(120_000, 'think time'))
    expect(r.ms).toBeLessThan(1_000)
    expect(r.error).toBeInstanceOf(WaitCancelled)
    expect((r.error as Error).message).toBe('think time of 120 s not started: it would end after the --max-duration deadline (60 s)')
    expect(c.stop.aborted).toBe(true)
    expect(c.abort.aborted).toBe(false)
    expect(c.stopped).toEqual({ reason: 'max_duration', message: '--max-duration of 60000 ms would pass during a think time of 120 s' })
  })

  it('a wait that ends before the deadline runs normally', async () => {
    const c = control({ maxDurationMs: 60_000 })
    expect((await timed(c.wait(50, 'retry wait'))).error).toBeUndefined()
    expect(c.stopped).toBeUndefined()
  })

  it('a wait that fits before the deadline finishes; once the deadline passes, no wait starts', async () => {
    const c = control({ maxDurationMs: 300 })
    const pending = c.wait(250, 'retry wait').then(() => 'done')
    // This one ends after the deadline, so it never starts.
    const refused = await timed(c.wait(5_000, 'wait for a --rate slot'))
    expect(refused.ms).toBeLessThan(200)
    expect(await pending).toBe('done')
    if (!c.abort.aborted) await new Promise((r) => c.abort.addEventListener('abort', r))
    const after = await timed(c.wait(10, 'think time'))
    expect((after.error as Error).message).toBe('think time not started: --max-duration of 300 ms reached')
  })

  it('an interrupt moves the deadline to the end of the grace: longer waits are cut at once, shorter ones finish', async () => {
    const interrupt = new AbortController()
    const c = control({ signal: interrupt.signal, graceMs: 2_000 })
    const long = timed(c.wait(60_000, 'think time'))
    const short = timed(c.wait(100, 'retry wait'))
    interrupt.abort('SIGINT')
    const cut = await long
    expect(cut.ms).toBeLessThan(1_000)
    expect((cut.error as Error).message).toBe('think time of 60 s cut short: it would end after the 2 s grace period after the interrupt')
    expect((await short).error).toBeUndefined()
    expect(c.stopped).toEqual({ reason: 'interrupted', message: 'interrupted' })
    // During the grace, a new wait that fits still runs; one that does not is refused.
    expect((await timed(c.wait(20, 'retry wait'))).error).toBeUndefined()
    expect((await timed(c.wait(10_000, 'retry wait'))).error).toBeInstanceOf(WaitCancelled)
  })

  it('aborting the run (the grace is over) ends every pending wait', async () => {
    const c = control()
    const pending = timed(c.wait(60_000, 'Direct Line poll interval'))
    c.halt('interrupted', 'interrupted', 0)
    const r = await pending
    expect(r.ms).toBeLessThan(1_000)
    expect((r.error as Error).message).toBe('Direct Line poll interval of 60 s cut short: interrupted')
  })

  it('dispose ends pending waits, so nothing keeps the process alive', async () => {
    const c = control()
    const pending = timed(c.wait(60_000, 'think time'))
    c.dispose()
    expect((await pending).error).toBeInstanceOf(WaitCancelled)
  })

  it('a wait longer than setTimeout allows (24.8 days) is not fired at once', async () => {
    let fired = false
    const c = control()
    const long = c.wait(2 ** 31 + 10_000, 'think time').then(
      () => {
        fired = true
      },
      () => undefined,
    )
    await new Promise((r) => setTimeout(r, 100))
    expect(fired).toBe(false)
    c.dispose()
    await long
  })
})

describe('the rate limiter waits as part of the run', () => {
  it('a slot after the deadline is refused at once instead of queueing for it', async () => {
    const c = control({ maxDurationMs: 2_000 })
    const limiter = createRateLimiter(0.1, c)
    await limiter.take()
    const r = await timed(limiter.take())
    expect(r.ms).toBeLessThan(500)
    expect((r.error as Error).message).toMatch(
      /^wait for a --rate slot of 10 s not started: it would end after the --max-duration deadline \(2 s\)$/,
    )
    expect(c.stopped?.reason).toBe('max_duration')
  })

  it('an interrupt cuts the queue for slots beyond the grace', async () => {
    const interrupt = new AbortController()
    const c = control({ signal: interrupt.signal, graceMs: 1_000 })
    const limiter = createRateLimiter(0.2, c)
    await limiter.take()
    const queued = timed(limiter.take())
    interrupt.abort('SIGTERM')
    const r = await queued
    expect(r.ms).toBeLessThan(500)
    expect(r.error).toBeInstanceOf(WaitCancelled)
  })
})
