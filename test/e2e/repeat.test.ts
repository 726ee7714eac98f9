import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse as parseJunit } from 'junit2json'
import { runCli } from '../helpers/cli.js'
import { alternate, always, erroring, hanging, never, onlyAt, startFlakyBot, type FlakyBot } from '../helpers/fake-flaky-bot.js'
import { JUNIT_XSD, JUNIT_XSD_WITH_FILE_LINE, xsdErrors } from '../helpers/junit-xsd.js'
import { tempDir } from '../helpers/temp-dir.js'
import type { RunReport } from '../../src/report/model.js'

const STACK = /\n\s+at .+:\d+:\d+/

let out: string
let bot: FlakyBot
beforeAll(async () => {
  out = await tempDir('banter-repeat-')
  bot = await startFlakyBot({
    stable: always,
    flaky: alternate,
    broken: never,
    down: erroring,
    'sometimes down': onlyAt(0, 'error'),
    hang: hanging,
  })
})
afterAll(() => bot.close())

async function run(name: string, args: string[], opts: { timeoutMs?: number } = {}) {
  const dir = path.join(out, name)
  const r = await runCli(['run', '--endpoint', `${bot.url}/chat`, '--out', dir, ...args], opts)
  const read = (file: string) => readFile(path.join(dir, file), 'utf8')
  return { ...r, dir, read, report: async () => JSON.parse(await read('banter-report.json')) as RunReport }
}

type Testcase = {
  name: string
  failure?: unknown[]
  flakyFailure?: { message: string; type: string }[]
  rerunFailure?: { message: string }[]
  'system-out'?: string[]
}

describe('banter run --repeat against an assistant that answers on a fixed schedule', () => {
  it('passed, flaky and failed conversations, pass counts in every report, and exit 1 for the one that never passed', async () => {
    // stable passes 4/4, flaky every other time (2/4), broken never (0/4).
    const r = await run('mixed', [
      'fixtures/repeat/flaky.yaml',
      '--repeat',
      '4',
      '-j',
      '3',
      '--reporter',
      'console,json,junit,junit-strict,markdown,html,prometheus',
    ])
    expect(r.stderr).not.toMatch(STACK)
    expect(r.code).toBe(1)
    const report = await r.report()
    expect(report.run.repeat).toBe(4)
    expect(report.cases).toHaveLength(12)
    expect(
      report.cases
        .filter((c) => c.name === 'Flaky')
        .map((c) => c.repeat!.index)
        .sort(),
    ).toEqual([1, 2, 3, 4])
    // Each run is a fresh session.
    expect(new Set(report.cases.map((c) => c.sessionId)).size).toBe(12)
    expect(report.summary).toMatchObject({
      conversations: 12,
      passed: 6,
      failed: 6,
      outcomes: { conversations: 3, passed: 1, flaky: 1, failed: 1, errored: 0, skipped: 0 },
    })
    expect(report.conversations!.map((c) => [c.name, c.outcome, c.passed, c.runs, c.pass_rate])).toEqual([
      ['Stable', 'passed', 4, 4, 1],
      ['Flaky', 'flaky', 2, 4, 0.5],
      ['Broken', 'failed', 0, 4, 0],
    ])
    expect(report.metrics).toMatchObject({ pass_rate: 0.5, flaky_rate: 1 / 3 })

    expect(r.stdout).toContain('banter running 3 conversations × 4 runs from 1 file')
    expect(r.stdout).toMatch(/ ✗ Flaky fixtures\/repeat\/flaky\.yaml:8 · run \d\/4/)
    expect(r.stdout).toContain('✗ Flaky (fixtures/repeat/flaky.yaml:8 · run ')
    expect(r.stdout).toContain(' ~ Flaky fixtures/repeat/flaky.yaml:8 2/4 runs passed flaky')
    expect(r.stdout).toContain(' ✗ Broken fixtures/repeat/flaky.yaml:13 0/4 runs passed failed')
    expect(r.stdout).toMatch(
      /1 passed, 1 flaky, 1 failed, 0 errored, 0 skipped \(3 conversations × 4 runs: 12 runs, 12 turns; pass rate 50\.0%\)/,
    )

    const junitXml = await r.read('junit.xml')
    const strictXml = await r.read('junit-strict.xml')
    expect(await xsdErrors(strictXml, JUNIT_XSD)).toEqual([])
    expect(await xsdErrors(junitXml, JUNIT_XSD_WITH_FILE_LINE)).toEqual([])
    const junit = (await parseJunit(junitXml)) as unknown as {
      tests: number
      failures: number
      errors: number
      testsuite: { name: string; tests: number; failures: number; testcase: Testcase[] }[]
    }
    const suite = junit.testsuite.find((s) => s.name === 'fixtures/repeat/flaky.yaml')!
    // One testcase per conversation; the flaky one passes with a <flakyFailure> per failed run.
    expect(suite).toMatchObject({ tests: 3, failures: 1 })
    const byName = Object.fromEntries(suite.testcase.map((t) => [t.name, t]))
    expect(byName.Stable!.failure).toBeUndefined()
    expect(byName.Flaky!.failure).toBeUndefined()
    expect(byName.Flaky!.flakyFailure).toHaveLength(2)
    expect(byName.Flaky!.flakyFailure![0]).toMatchObject({
      type: 'INTENT_MISMATCH',
      message: expect.stringMatching(/^run \d\/4: turn 1: intent/),
    })
    expect(byName.Flaky!['system-out']![0]).toMatch(/^runs: 2\/4 passed \(flaky\)/)
    expect(byName.Broken!.failure).toHaveLength(1)
    expect(byName.Broken!.rerunFailure).toHaveLength(3)
    expect(junit.failures).toBe(1)

    const md = await r.read('summary.md')
    expect(md).toContain('## banter: ❌ Failed')
    expect(md).toContain('1 passed, 1 flaky, 1 failed, 0 errored, 0 skipped (3 conversations × 4 runs: 12 runs, 12 turns)')
    expect(md).toContain('| failed | Broken | `fixtures/repeat/flaky.yaml:13` | 0/4 | 0.0% |')
    expect(md).toContain('| flaky | Flaky | `fixtures/repeat/flaky.yaml:8` | 2/4 | 50.0% |')
    expect(md).toContain('1 conversation passed every run.')

    const html = await r.read('report.html')
    expect(html).toContain('<section id="repeats"><h2>Repeats: 4 runs per conversation</h2>')
    expect(html).toMatch(/<tr data-outcome="flaky">.*?<td data-testid="passes">2\/4<\/td>/)
    expect(html).toMatch(/<tr data-outcome="failed">.*?<td class="runs"[^>]*>✗✗✗✗<\/td>/)

    const prom = await r.read('metrics.prom')
    expect(prom).toContain('banter_pass_rate{suite="fixtures/repeat/flaky.yaml"} 0.5')
    expect(prom).toMatch(/banter_flaky_rate\{suite="fixtures\/repeat\/flaky\.yaml"\} 0\.333/)
    expect(prom).toContain('banter_conversation_outcomes{suite="fixtures/repeat/flaky.yaml",outcome="flaky"} 1')
  })

  it('a flaky conversation does not fail the run by default; flaky_rate and pass_rate thresholds make it fail', async () => {
    const base = ['fixtures/repeat/flaky.yaml', '--grep', '^(Stable|Flaky)$', '--repeat', '2', '-j', '1', '--reporter', 'json']
    const lenient = await run('lenient', base)
    expect(lenient.code).toBe(0)
    expect((await lenient.report()).summary.outcomes).toMatchObject({ passed: 1, flaky: 1, failed: 0 })
    // The closing line without the console reporter says PASSED, and still lists the flaky run.
    expect(lenient.stdout).toMatch(/PASSED 1 passed, 1 flaky, 0 failed/)

    const strict = await run('strict-flaky', [...base, '--threshold', 'flaky_rate > 0'])
    expect(strict.code).toBe(1)
    expect((await strict.report()).alerts).toEqual([expect.objectContaining({ metric: 'flaky_rate', value: 0.5 })])
    const rate = await run('strict-pass-rate', [...base, '--threshold', 'pass_rate < 0.95'])
    expect(rate.code).toBe(1)
    expect((await rate.report()).alerts).toEqual([expect.objectContaining({ metric: 'pass_rate', value: 0.75 })])
  })

  it('errored runs count as not passing: all errored is errored (exit 3), errored once then passing is flaky', async () => {
    const r = await run('errors', [
      'fixtures/repeat/errors.yaml',
      '--repeat',
      '3',
      '-j',
      '1',
      '--retries',
      '0',
      '--reporter',
      'console,json,github',
    ])
    expect(r.code).toBe(3)
    const report = await r.report()
    expect(report.conversations!.map((c) => [c.name, c.outcome, c.passed, c.errored])).toEqual([
      ['Down', 'errored', 0, 3],
      ['Sometimes down', 'flaky', 2, 1],
    ])
    expect(report.summary.outcomes).toMatchObject({ errored: 1, flaky: 1 })
    expect(report.metrics!.pass_rate).toBeCloseTo(2 / 6)
    // GitHub: one annotation per conversation, an error for the one that never passed, a warning for the flaky one.
    const annotations = r.stdout.split('\n').filter((l) => l.startsWith('::'))
    expect(annotations.filter((l) => l.startsWith('::error')).map((l) => l.includes('title=banter%3A Down'))).toEqual([true])
    expect(annotations.filter((l) => l.startsWith('::warning') && l.includes('Sometimes down'))).toHaveLength(1)
    expect(annotations.find((l) => l.includes('Sometimes down'))).toContain('runs: 2/3 passed (flaky)')
  })

  it('a stopped run reports the runs that finished: partial conversations keep their counts, the rest are counted as not run', async () => {
    // One at a time: Stable's 3 runs, then Hangs' first run never gets an answer.
    const r = await run(
      'deadline',
      ['fixtures/repeat/hang.yaml', '--repeat', '3', '-j', '1', '--max-duration', '3s', '--grace', '1s', '--reporter', 'json'],
      { timeoutMs: 30_000 },
    )
    expect(r.code).toBe(3)
    const report = await r.report()
    expect(report.run.interrupted).toMatchObject({ reason: 'max_duration', notRun: 2 })
    expect(r.stderr).toContain('2 conversation runs not run')
    expect(report.conversations!.map((c) => [c.name, c.outcome, c.runs])).toEqual([
      ['Stable', 'passed', 3],
      ['Hangs', 'errored', 1],
    ])
    expect(report.metricState!.parts.repeats).toEqual({ runs: 4, passing_runs: 3, conversations: 2, flaky: 0, repeated: 1 })
  })

  it('config `repeat:` repeats every run; --repeat 1 overrides it', async () => {
    const dir = path.join(out, 'config')
    const config = path.join(out, 'repeat.config.yaml')
    await writeFile(config, 'repeat: 3\n')
    const byConfig = await runCli([
      'run',
      path.resolve('fixtures/repeat/flaky.yaml'),
      '--grep',
      '^Stable$',
      '--config',
      config,
      '--endpoint',
      `${bot.url}/chat`,
      '--reporter',
      `json:${dir}/a.json`,
    ])
    expect(byConfig.code).toBe(0)
    expect(JSON.parse(await readFile(`${dir}/a.json`, 'utf8')).cases).toHaveLength(3)
    const once = await runCli([
      'run',
      path.resolve('fixtures/repeat/flaky.yaml'),
      '--grep',
      '^Stable$',
      '--config',
      config,
      '--repeat',
      '1',
      '--endpoint',
      `${bot.url}/chat`,
      '--reporter',
      `json:${dir}/b.json`,
    ])
    expect(once.code).toBe(0)
    const single = JSON.parse(await readFile(`${dir}/b.json`, 'utf8')) as RunReport
    expect(single.cases).toHaveLength(1)
    expect(single.run.repeat).toBeUndefined()
    expect(single.conversations).toBeUndefined()
    expect(single.metrics!.flaky_rate).toBeNull()
  })
})

describe('--repeat with generated conversations, shards and replay', () => {
  it('a generated case keeps its content in every run, and its replay command repeats it', async () => {
    const dir = path.join(out, 'generated')
    const r = await runCli([
      'run',
      'scenarios/generators/greeting.yaml',
      '--generate',
      '3',
      '--seed',
      '7',
      '--repeat',
      '2',
      '--reporter',
      'json',
      '--out',
      dir,
    ])
    expect(r.code).toBe(0)
    const report = JSON.parse(await readFile(path.join(dir, 'banter-report.json'), 'utf8')) as RunReport
    expect(report.cases).toHaveLength(6)
    for (const id of new Set(report.cases.map((c) => c.id))) {
      const runs = report.cases.filter((c) => c.id === id)
      expect(runs).toHaveLength(2)
      expect(runs[0]!.turns.map((t) => t.user)).toEqual(runs[1]!.turns.map((t) => t.user))
    }
    const id = report.cases[0]!.id
    const replay = await runCli([
      'run',
      'scenarios/generators/greeting.yaml',
      '--case',
      id,
      '--seed',
      '7',
      '--repeat',
      '2',
      '--reporter',
      'json',
      '--out',
      path.join(dir, 'replay'),
    ])
    expect(replay.code).toBe(0)
    const replayed = JSON.parse(await readFile(path.join(dir, 'replay', 'banter-report.json'), 'utf8')) as RunReport
    expect(replayed.cases.map((c) => [c.id, c.repeat?.index])).toEqual([
      [id, 1],
      [id, 2],
    ])
    expect(replayed.cases[0]!.turns.map((t) => t.user)).toEqual(report.cases[0]!.turns.map((t) => t.user))
  })

  it('shards hold every run of their conversations and merge to the unsharded outcomes', async () => {
    const dir = path.join(out, 'shards')
    const args = (i: number) => [
      'run',
      'fixtures/repeat/flaky.yaml',
      '--endpoint',
      `${bot.url}/chat`,
      '--repeat',
      '2',
      '--shard',
      `${i}/2`,
      '--reporter',
      `json:${dir}/s${i}.json`,
    ]
    // flaky alternates: with two runs of each conversation, it passes exactly once whichever shard runs it.
    const [a, b] = [await runCli(args(1)), await runCli(args(2))]
    expect([a.stderr, b.stderr].join('')).not.toMatch(STACK)
    const shards = await Promise.all([1, 2].map(async (i) => JSON.parse(await readFile(`${dir}/s${i}.json`, 'utf8')) as RunReport))
    for (const s of shards) for (const c of s.conversations!) expect(s.cases.filter((x) => x.id === c.id)).toHaveLength(2)
    const merged = await runCli(['merge', `${dir}/s1.json`, `${dir}/s2.json`, '--reporter', `json:${dir}/merged.json`])
    expect(merged.code).toBe(1)
    const report = JSON.parse(await readFile(`${dir}/merged.json`, 'utf8')) as RunReport
    expect(report.summary.outcomes).toEqual({ conversations: 3, passed: 1, flaky: 1, failed: 1, errored: 0, skipped: 0 })
    expect(report.metrics).toMatchObject({ pass_rate: 0.5, flaky_rate: 1 / 3 })
    expect(report.conversations!.map((c) => c.name)).toEqual(['Stable', 'Flaky', 'Broken'])
  })
})

describe('--repeat: bad values and combinations are input errors (exit 2), before anything runs', () => {
  it.each(['0', '-1', 'abc', '1.5', '10001', '99999999999999999999', ''])('--repeat %j', async (value) => {
    const before = bot.requests.length
    const r = await runCli(['run', 'fixtures/repeat/flaky.yaml', '--endpoint', `${bot.url}/chat`, `--repeat=${value}`])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain(`option '--repeat <n>' argument '${value}' is invalid. expected a whole number of runs from 1 to 10000`)
    expect(r.stderr).not.toMatch(STACK)
    expect(bot.requests.length).toBe(before)
  })

  it('--repeat with --arrival-rate is refused with a hint', async () => {
    const r = await runCli(['run', 'fixtures/repeat/flaky.yaml', '--endpoint', `${bot.url}/chat`, '--repeat', '3', '--arrival-rate', '5/s'])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('--repeat 3 (or config repeat:) cannot be combined with --arrival-rate')
    expect(r.stderr).toContain('REPEAT_WITH_ARRIVAL_RATE')
  })

  it('config `repeat: 0` is a located config error', async () => {
    const config = path.join(out, 'bad-repeat.config.yaml')
    await writeFile(config, 'repeat: 0\n')
    const r = await runCli(['run', 'fixtures/repeat/flaky.yaml', '--config', config, '--endpoint', `${bot.url}/chat`])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/bad-repeat\.config\.yaml:1:\d+/)
    expect(r.stderr).toMatch(/repeat/)
  })
})
