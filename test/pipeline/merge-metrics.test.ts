import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { RunMetrics, RunReport } from '../../src/report/model.js'
import { runCli } from '../helpers/in-process-cli.js'
import { tempDir } from '../helpers/temp-dir.js'

const STACK = /\n\s+at .+:\d+:\d+/
const readReport = async (file: string): Promise<RunReport> => JSON.parse(await readFile(file, 'utf8')) as RunReport
/** Everything but the figures that depend on timing (separate runs take different times). */
// Times vary run to run; `runner` measures a process (banter's own load), which a merge of several processes does not carry.
const timeless = (m: RunMetrics | undefined) => ({
  ...m,
  messages_per_second: undefined,
  response_time: undefined,
  response_time_histogram: undefined,
  attempt_time: undefined,
  time_to_first_token: undefined,
  runner: undefined,
})

/** The merged latency state holds exactly the shards' samples, and the merged figures come from it. */
function expectLatencyUnion(merged: RunReport, shards: RunReport[]) {
  const samples = (r: RunReport) =>
    r.metricState!.parts.response_time.us.flatMap((us, i) => Array<number>(r.metricState!.parts.response_time.counts[i]!).fill(us))
  const all = shards.flatMap(samples).sort((a, b) => a - b)
  expect(samples(merged)).toEqual(all)
  expect(merged.metrics!.response_time.p95).toBe(all[Math.ceil(0.95 * all.length) - 1]! / 1000)
  expect(merged.metrics!.response_time.max).toBe(all.at(-1)! / 1000)
}

// The embedded assistant answers order questions with intent order_status: counting that intent
// as a fallback (and no fallback action) gives a fallback rate the default names would not.
const CONFIG = `metrics:
  fallback_intents: [order_status]
  fallback_actions: []
thresholds:
  high_fallback_rate: false
  custom_fallback: fallback_rate > 0.1
`

let dir: string
let config: string
beforeAll(async () => {
  dir = await tempDir('banter-merge-metrics-')
  config = path.join(dir, 'custom.config.yaml')
  await writeFile(config, CONFIG)
})

/** Runs the one-run equivalent and `total` shards, merges them; returns both reports and exit codes. */
async function oneRunAndMerged(name: string, args: string[], total: number) {
  const common = ['run', ...args, '--config', config, '--quiet', '--reporter', 'json']
  const one = await runCli([...common, '--out', path.join(dir, `${name}-one`)])
  expect([0, 1], one.stderr).toContain(one.code)
  const files: string[] = []
  for (let i = 1; i <= total; i++) {
    const r = await runCli([...common, '--shard', `${i}/${total}`, '--out', path.join(dir, `${name}-${i}`)])
    expect(r.code, r.stderr).toBe(0) // a shard never alerts on its own
    files.push(path.join(dir, `${name}-${i}`, 'banter-report.json'))
  }
  const merge = await runCli(['merge', ...files, '--reporter', 'json', '--out', path.join(dir, `${name}-merged`)])
  return {
    one: { code: one.code, report: await readReport(path.join(dir, `${name}-one`, 'banter-report.json')) },
    merged: { code: merge.code, stderr: merge.stderr, report: await readReport(path.join(dir, `${name}-merged`, 'banter-report.json')) },
    shards: await Promise.all(files.map(readReport)),
    files,
  }
}

/** The scenario run and its two shards, run once for the tests of this file that need them. */
let scenarioRun: ReturnType<typeof oneRunAndMerged> | undefined
const scenarios = () => (scenarioRun ??= oneRunAndMerged('scenarios', ['scenarios'], 2))

describe("banter merge rebuilds the one-run metrics, alerts and exit code from the shards' metric state", () => {
  it("scenario shards: the config's fallback names and thresholds are carried and used (exit 1 like the one run)", async () => {
    const { one, merged, shards } = await scenarios()
    expect(one.report.metrics!.fallback_rate).toBeGreaterThan(0.1)
    expect(one.code).toBe(1)
    expect(shards[0]!.metricState!.definitions).toEqual({
      fallback_intents: ['order_status'],
      fallback_actions: [],
      escalation_actions: ['escalate_to_human'],
    })
    expect(merged.code, merged.stderr).toBe(1)
    expect(merged.report.alerts).toEqual(one.report.alerts)
    expect(merged.report.alerts!.map((a) => a.name)).toEqual(['custom_fallback'])
    expect(timeless(merged.report.metrics)).toEqual(timeless(one.report.metrics))
    expect(merged.report.summary).toEqual(one.report.summary)
    expectLatencyUnion(merged.report, shards)
  }, 180_000)

  it("generated shards that omit passes merge to exactly the one-run metrics (not the kept cases' only)", async () => {
    const { one, merged, shards } = await oneRunAndMerged('generated', ['scenarios/generators', '--generate', '300', '--seed', '11'], 3)
    expect(shards.reduce((n, s) => n + (s.run.casesOmitted ?? 0), 0)).toBeGreaterThan(0)
    expect(merged.code, merged.stderr).toBe(one.code)
    expect(merged.report.summary).toEqual(one.report.summary)
    expect(timeless(merged.report.metrics)).toEqual(timeless(one.report.metrics))
    expect(merged.report.alerts).toEqual(one.report.alerts)
    expect(merged.report.metrics!.conversations).toBe(300)
    expectLatencyUnion(merged.report, shards)
  }, 180_000)

  it('refuses shards run with different metric definitions or thresholds (exit 2, naming the field and both files)', async () => {
    const { files } = await scenarios()
    const edited = async (name: string, edit: (r: RunReport) => void) => {
      const r = await readReport(files[1]!)
      edit(r)
      const file = path.join(dir, name)
      await writeFile(file, JSON.stringify(r))
      return file
    }
    const defs = await runCli([
      'merge',
      files[0]!,
      await edited('other-defs.json', (r) => {
        r.metricState!.definitions.fallback_intents = ['fallback']
      }),
    ])
    expect(defs.code).toBe(2)
    expect(defs.stderr).toMatch(
      /MERGE_DIFFERENT_METRICS.*other-defs\.json: metricState\.definitions\.fallback_intents \["fallback"\] differs from .*scenarios-1[/\\]banter-report\.json's \["order_status"\]/,
    )
    expect(defs.stderr).not.toMatch(STACK)
    const limits = await runCli([
      'merge',
      files[0]!,
      await edited('other-limit.json', (r) => {
        r.thresholds![0]!.limit = 0.5
      }),
    ])
    expect(limits.code).toBe(2)
    expect(limits.stderr).toMatch(/MERGE_DIFFERENT_THRESHOLDS.*other-limit\.json: thresholds "slow_response_time|custom_fallback"/)
    const stateless = await runCli([
      'merge',
      files[0]!,
      await edited('no-state.json', (r) => {
        delete r.metricState
      }),
    ])
    expect(stateless.code).toBe(2)
    expect(stateless.stderr).toContain('no-state.json: no metricState')
    const version = await runCli([
      'merge',
      files[0]!,
      await edited('tool.json', (r) => {
        r.tool.version = '0.0.1'
      }),
    ])
    expect(version.code).toBe(2)
    expect(version.stderr).toMatch(/MERGE_DIFFERENT_TOOL_VERSION.*tool\.json: tool\.version "0\.0\.1" differs/)
  }, 180_000)
})

describe('merge and compare validate their input against schema/report.schema.json', () => {
  it('malformed reports exit 2 naming the file and the JSON path, never a stack trace', async () => {
    const { files } = await scenarios()
    const good = await readReport(files[0]!)
    const second = await readReport(files[1]!)
    const withCase = good.cases.length > 0 ? good : second
    const goodFile = withCase === good ? files[1]! : files[0]!
    const cases: [string, (r: RunReport) => void, RegExp][] = [
      [
        'empty-turn',
        (r) => {
          ;(r.cases[0]!.turns as unknown[])[0] = {}
        },
        /cases\[0\]\.turns\[0\]: missing index, user, status/,
      ],
      [
        'null-turn',
        (r) => {
          ;(r.cases[0]!.turns as unknown[])[0] = null
        },
        /cases\[0\]\.turns\[0\]: expected object, got null/,
      ],
      [
        'null-tags',
        (r) => {
          ;(r.cases[0] as unknown as { tags: null }).tags = null
        },
        /cases\[0\]\.tags: expected array, got null/,
      ],
      [
        'no-start',
        (r) => {
          delete (r.run as Partial<RunReport['run']>).startedAt
        },
        /run: missing startedAt/,
      ],
      [
        'string-shard',
        (r) => {
          ;(r.run as unknown as { shard: string }).shard = '2/3'
        },
        /run\.shard: expected object, got string "2\/3"/,
      ],
      [
        'shard-7-of-3',
        (r) => {
          r.run.shard = { index: 7, total: 3 }
        },
        /run\.shard: index 7 is greater than total 3/,
      ],
      [
        'format-2',
        (r) => {
          ;(r as unknown as { version: number }).version = 2
        },
        /REPORT_VERSION.*report version 2 is not supported/,
      ],
    ]
    for (const [name, edit, message] of cases) {
      const r = structuredClone(withCase)
      edit(r)
      const file = path.join(dir, `${name}.json`)
      await writeFile(file, JSON.stringify(r))
      for (const args of [
        ['merge', goodFile, file],
        ['compare', goodFile, file],
      ]) {
        const res = await runCli(args)
        expect(res.code, `${args[0]} ${name}: ${res.stderr}`).toBe(2)
        expect(res.stderr).toContain(`${name}.json`)
        expect(res.stderr).toMatch(message)
        expect(res.stderr).not.toMatch(STACK)
      }
    }
    const dup = await runCli(['merge', files[0]!, files[0]!])
    expect(dup.code).toBe(2)
    expect(dup.stderr).toMatch(/MERGE_DUPLICATE_SHARD.*shard 1\/2 appears twice/)
  }, 180_000)
})
