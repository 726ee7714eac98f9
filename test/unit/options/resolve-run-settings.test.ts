import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { ResolvedConfig } from '../../../src/config/load-config.js'
import { InputError } from '../../../src/core/errors.js'
import { resolveRunSettings } from '../../../src/options/resolve-run-settings.js'
import { RUN_OPTIONS } from '../../../src/options/run-options.js'

const CWD = path.resolve('/work/here')
const noConfig: ResolvedConfig = { base: CWD, secrets: new Set(), missingEnv: [] }
const config: ResolvedConfig = {
  file: '../cfg/banter.config.yaml',
  base: path.resolve('/work/cfg'),
  secrets: new Set(),
  missingEnv: [],
  concurrency: 3,
  rate: 2,
  thinkTimeMs: 250,
  suite: 'nightly',
  out: 'out/reports',
  reporters: ['json', 'junit:ci/junit.xml'],
  scenarios: ['suites/'],
  endpoint: { url: 'http://127.0.0.1:1/chat', method: 'POST', headers: {}, timeoutMs: 4000 },
}

describe('flag > config > default, in one place', () => {
  it('without flags or config: the table defaults', () => {
    const s = resolveRunSettings({}, noConfig, CWD)
    expect(s).toMatchObject({
      concurrency: 8,
      timeoutMs: 10_000,
      graceMs: 5000,
      maxInFlight: 1000,
      thinkTimeMs: 0,
      reporter: ['console'],
      out: 'reports',
    })
    expect(s.rate).toBeUndefined()
    expect(s.suite).toBeUndefined()
    expect(s.sources).toMatchObject({ concurrency: 'default', timeoutMs: 'default', rate: 'default' })
    expect(s.outDir).toBe(path.join(CWD, 'reports'))
    expect(s.scenarios).toMatchObject({ paths: ['scenarios'], base: CWD })
  })

  it('the config wins over the defaults', () => {
    const s = resolveRunSettings({}, config, CWD)
    expect(s).toMatchObject({
      concurrency: 3,
      rate: 2,
      thinkTimeMs: 250,
      suite: 'nightly',
      timeoutMs: 4000,
      reporter: ['json', 'junit:ci/junit.xml'],
    })
    expect(s.sources).toMatchObject({ concurrency: 'config', rate: 'config', timeoutMs: 'config', reporter: 'config', out: 'config' })
    // Paths written in the config are relative to its folder.
    expect(s.outDir).toBe(path.resolve('/work/cfg/out/reports'))
    expect(s.reporterBase).toBe(path.resolve('/work/cfg'))
    expect(s.scenarios).toMatchObject({ paths: ['suites/'], base: path.resolve('/work/cfg') })
  })

  it('a flag wins over the config; its paths are relative to the working directory', () => {
    const s = resolveRunSettings(
      { concurrency: 40, rate: 0.5, thinkTimeMs: 0, suite: 'pr', timeoutMs: 900, out: 'mine', reporter: ['html'], paths: ['a.yaml'] },
      config,
      CWD,
    )
    expect(s).toMatchObject({ concurrency: 40, rate: 0.5, thinkTimeMs: 0, suite: 'pr', timeoutMs: 900, reporter: ['html'] })
    expect(s.sources).toMatchObject({ concurrency: 'flag', thinkTimeMs: 'flag', out: 'flag', reporter: 'flag' })
    expect(s.outDir).toBe(path.join(CWD, 'mine'))
    expect(s.reporterBase).toBe(CWD)
    expect(s.scenarios).toMatchObject({ paths: ['a.yaml'], base: CWD })
  })

  it('--out from the flag and reporters from the config: each path keeps its own base', () => {
    const s = resolveRunSettings({ out: 'mine' }, config, CWD)
    expect(s.outDir).toBe(path.join(CWD, 'mine'))
    expect(s.reporterBase).toBe(path.resolve('/work/cfg'))
  })

  it('--threshold adds to the built-in thresholds and replaces one of the same name', () => {
    const base = resolveRunSettings({}, noConfig, CWD).thresholdRules
    const s = resolveRunSettings({ thresholds: ['slow: response_time_p95 > 900', `${base[0]!.name}: fallback_rate > 0.9`] }, noConfig, CWD)
    expect(s.thresholdRules).toHaveLength(base.length + 1)
    expect(s.thresholdRules.find((t) => t.name === base[0]!.name)).toMatchObject({ metric: 'fallback_rate', limit: 0.9 })
  })

  it('a bad --threshold is an input error (exit 2)', () => {
    expect(() => resolveRunSettings({ thresholds: ['latency_p95_ms >> 1'] }, noConfig, CWD)).toThrow(InputError)
  })

  it("--retries is the flag's or none: the config's retry policy stays with its endpoint", () => {
    expect(resolveRunSettings({}, config, CWD).retries).toBeUndefined()
    expect(resolveRunSettings({ retries: 0 }, config, CWD)).toMatchObject({ retries: 0, sources: { retries: 'flag' } })
  })

  it('covers every row of the table', () => {
    const s = resolveRunSettings({}, noConfig, CWD)
    expect(Object.keys(s.sources).sort()).toEqual(Object.keys(RUN_OPTIONS).sort())
  })
})
