import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { parse as parseJunit } from 'junit2json'
import type { RunReport } from '../../src/report/model.js'
import { runCli } from '../helpers/in-process-cli.js'
import { tempDir } from '../helpers/temp-dir.js'

const STACK = /\n\s+at .+:\d+:\d+/
let out: string
beforeAll(async () => {
  out = await tempDir('banter-shard-')
})

const readReport = async (file: string): Promise<RunReport> => JSON.parse(await readFile(file, 'utf8')) as RunReport
const statuses = (r: RunReport) => Object.fromEntries(r.cases.map((c) => [c.id, c.status]))

describe('banter run --shard and banter merge (embedded assistant)', () => {
  it("generated shards skip each other's cases and merge to the whole run's counts, even with passes omitted", async () => {
    const args = ['run', 'scenarios/generators', '--generate', '300', '--seed', '9', '--quiet', '--reporter', 'json']
    const whole = await runCli([...args, '--out', path.join(out, 'gen-whole')])
    expect(whole.code, whole.stderr).toBe(0)
    const files: string[] = []
    for (let i = 1; i <= 2; i++) {
      const r = await runCli([...args, '--shard', `${i}/2`, '--out', path.join(out, `gen-${i}`)])
      expect(r.code, r.stderr).toBe(0)
      files.push(path.join(out, `gen-${i}`, 'banter-report.json'))
    }
    const shards = await Promise.all(files.map(readReport))
    // Each generated report keeps 100 passes at most; the rest are counted, not listed.
    expect(shards.some((s) => (s.run.casesOmitted ?? 0) > 0)).toBe(true)
    const merge = await runCli(['merge', ...files, '--reporter', 'json', '--out', path.join(out, 'gen-merged')])
    expect(merge.code, merge.stderr).toBe(0)
    expect(merge.stderr).toContain('omit')
    const merged = await readReport(path.join(out, 'gen-merged', 'banter-report.json'))
    const unsharded = await readReport(path.join(out, 'gen-whole', 'banter-report.json'))
    expect(merged.summary).toEqual(unsharded.summary)
    expect(merged.run.casesOmitted).toBe(shards.reduce((n, s) => n + (s.run.casesOmitted ?? 0), 0))
  }, 120_000)

  it('four shards merged equal the unsharded run in counts, case ids and statuses', async () => {
    const whole = await runCli(['run', '--reporter', 'json', '--out', path.join(out, 'whole')])
    expect(whole.code).toBe(0)
    const unsharded = await readReport(path.join(out, 'whole', 'banter-report.json'))

    const files: string[] = []
    for (let i = 1; i <= 4; i++) {
      const dir = path.join(out, `shard-${i}`)
      const r = await runCli(['run', '--shard', `${i}/4`, '--reporter', 'json', '--out', dir])
      expect(r.code, r.stderr).toBe(0)
      const report = await readReport(path.join(dir, 'banter-report.json'))
      expect(report.run.shard).toEqual({ index: i, total: 4 })
      files.push(path.join(dir, 'banter-report.json'))
    }
    const sizes = await Promise.all(files.map(async (f) => (await readReport(f)).cases.length))
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1)

    const mergedDir = path.join(out, 'merged')
    const merge = await runCli(['merge', ...files.reverse(), '--reporter', 'console,json,junit', '--out', mergedDir])
    expect(merge.code, merge.stderr).toBe(0)
    expect(merge.stdout).toContain(`${unsharded.summary.passed} passed, 0 failed, 0 errored`)
    const merged = await readReport(path.join(mergedDir, 'banter-report.json'))
    expect(merged.summary).toEqual(unsharded.summary)
    expect(statuses(merged)).toEqual(statuses(unsharded))
    expect(merged.cases).toHaveLength(unsharded.cases.length)
    expect(merged.run.merged).toEqual({ reports: 4 })
    // Metrics are recomputed from the merged turns, never averaged across shards.
    const m = merged.metrics!
    const u = unsharded.metrics!
    expect([m.conversations, m.turns, m.intent_accuracy, m.fallback_rate, m.completion_rate, m.entity_f1]).toEqual([
      u.conversations,
      u.turns,
      u.intent_accuracy,
      u.fallback_rate,
      u.completion_rate,
      u.entity_f1,
    ])
    expect(m.confusion).toEqual(u.confusion)
    expect(merged.alerts).toEqual(unsharded.alerts)
    // banter's own load cannot be rebuilt from the shards: each figure is the worst shard's, and the report says of how many.
    const loads = (await Promise.all(files.map(readReport))).map((r) => r.metrics!.runner!)
    expect(m.runner).toMatchObject({
      shards: 4,
      event_loop_lag_p99_ms: Math.max(...loads.map((l) => l.event_loop_lag_p99_ms)),
      queueing_p99_ms: Math.max(...loads.map((l) => l.queueing_p99_ms!)),
      saturated: loads.some((l) => l.saturated),
    })
    expect(u.runner).not.toHaveProperty('shards')
    const junit = (await parseJunit(await readFile(path.join(mergedDir, 'junit.xml'), 'utf8'))) as { tests: number }
    // One testcase per conversation, plus the `thresholds` suite's one per threshold in force.
    expect(junit.tests).toBe(unsharded.summary.conversations + unsharded.thresholds!.length)
  }, 120_000)

  it('--shard auto reads the Kubernetes and GitLab variables', async () => {
    const k8s = await runCli(['run', '--shard', 'auto', '--reporter', 'json', '--out', path.join(out, 'k8s')], {
      env: { JOB_COMPLETION_INDEX: '1', BANTER_SHARD_TOTAL: '3' },
    })
    expect(k8s.code, k8s.stderr).toBe(0)
    expect((await readReport(path.join(out, 'k8s', 'banter-report.json'))).run.shard).toEqual({ index: 2, total: 3 })
    const gitlab = await runCli(['run', '--shard', 'auto', '--reporter', 'json', '--out', path.join(out, 'gitlab')], {
      env: { CI_NODE_INDEX: '3', CI_NODE_TOTAL: '3' },
    })
    expect(gitlab.code, gitlab.stderr).toBe(0)
    expect((await readReport(path.join(out, 'gitlab', 'banter-report.json'))).run.shard).toEqual({ index: 3, total: 3 })
  }, 60_000)

  it('bad --shard values and missing variables exit 2 with a clear message and no stack', async () => {
    const clean = { JOB_COMPLETION_INDEX: '', CI_NODE_INDEX: '', CI_NODE_TOTAL: '', BANTER_SHARD_TOTAL: '' }
    for (const [args, message] of [
      [['--shard', '5/4'], 'shard index must be between 1 and 4, got 5'],
      [['--shard', 'two'], '--shard: expected i/n or auto, got "two"'],
      [['--shard', 'auto'], '--shard auto: no shard variables found'],
      [['--shard-total', '0'], 'expected a positive integer'],
      [['--shard-total', '4'], '--shard-total needs --shard auto'],
    ] as const) {
      const r = await runCli(['run', ...args], { env: clean })
      expect(r.code, args.join(' ')).toBe(2)
      expect(r.stderr).toContain(message)
      expect(r.stderr).not.toMatch(STACK)
    }
  })

  it('merge refuses bad input with exit 2 and a message naming the file', async () => {
    const missing = await runCli(['merge', path.join(out, 'nope.json')])
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain('nope.json: cannot read report (ENOENT)')
    const mixed = await runCli(['merge', path.join(out, 'k8s', 'banter-report.json'), path.join(out, 'shard-1', 'banter-report.json')])
    expect(mixed.code).toBe(2)
    expect(mixed.stderr).toMatch(
      /MERGE_SHARD_TOTAL.*shard-1[/\\]banter-report.json: shard of 4, but .*k8s[/\\]banter-report.json is a shard of 3/,
    )
    expect(mixed.stderr).not.toMatch(STACK)
    const partial = await runCli(['merge', path.join(out, 'k8s', 'banter-report.json')])
    expect(partial.code).toBe(2)
    expect(partial.stderr).toContain('missing shards 1/3, 3/3')
    expect((await runCli(['merge', path.join(out, 'k8s', 'banter-report.json'), '--allow-missing'])).code).toBe(0)
    const none = await runCli(['merge'])
    expect(none.code).toBe(2)
  })
})
