import { describe, expect, it, vi } from 'vitest'
import { startEmbeddedAssistant } from '../../src/cli/embedded-assistant.js'
import { SATURATION_WARNING, type LoopMeasure } from '../../src/execute/runner-load.js'
import { run } from '../../src/run.js'

/**
 * A busy machine, simulated deterministically: the runner's watch reports the figures it is given
 * instead of what this machine measured, and the real run judges them against its real latencies.
 */
const watched = vi.hoisted(() => ({ measure: undefined as LoopMeasure | undefined }))
vi.mock('../../src/execute/runner-load.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/execute/runner-load.js')>()
  return {
    ...actual,
    watchRunner: () => {
      const real = actual.watchRunner()
      return { stop: () => ({ ...real.stop(), ...watched.measure }) }
    },
  }
})

const base = { cwd: process.cwd(), env: {}, paths: ['scenarios/order-status.yaml'], defaultEndpoint: startEmbeddedAssistant }

describe('runner saturation on a busy machine', () => {
  it('a short, healthy run on a loaded CI machine does not warn, though its loop lagged', async () => {
    // What a loaded shared runner measures in a one-conversation run of 400 ms: every 20 ms timer
    // 3 ms late, one 70 ms GC pause, the loop busy most of the time, a fraction of a core.
    watched.measure = {
      wallMs: 400,
      cpuMs: 120,
      utilization: 0.92,
      lagP99Ms: 70,
      lagMaxMs: 70,
      lags: [
        { ms: 3, intervals: 14 },
        { ms: 70, intervals: 1 },
      ],
    }
    const report = await run(base)
    const runner = report.metrics!.runner!
    expect(runner).toMatchObject({ event_loop_lag_p99_ms: 70, event_loop_utilization: 0.92, cpu_percent: 30, saturated: false })
    expect(report.warnings).toBeUndefined()
  }, 60_000)

  it('the same run, had its loop lagged on every interval for 2.4 s, warns', async () => {
    watched.measure = {
      wallMs: 2400,
      cpuMs: 2300,
      utilization: 0.99,
      lagP99Ms: 200,
      lagMaxMs: 200,
      lags: [
        { ms: 180, intervals: 10 },
        { ms: 200, intervals: 2 },
      ],
    }
    const report = await run(base)
    expect(report.metrics!.runner!.saturated).toBe(true)
    expect(report.warnings).toEqual([{ code: 'RUNNER_SATURATED', message: SATURATION_WARNING }])
  }, 60_000)
})
