import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../helpers/in-process-cli.js'
import { closedPort, startFakeServer, type FakeServer } from '../helpers/fake-server.js'
import { parsePrometheus } from '../helpers/prometheus.js'
import { tempDir } from '../helpers/temp-dir.js'

const STACK = /\n\s+at .+:\d+:\d+/
let out: string
let gateway: FakeServer
beforeAll(async () => {
  out = await tempDir('banter-metrics-')
  gateway = await startFakeServer((_req, _body, res) => {
    res.writeHead(202)
    res.end()
  })
})
afterAll(() => gateway.close())

describe('thresholds on the command line', () => {
  it('an alert on the bundled scenarios (one fallback turn) exits 1, shows it and lands in every report', async () => {
    const dir = path.join(out, 'alert')
    const summary = path.join(out, 'step-summary.md')
    await writeFile(summary, '# earlier step\n')
    const r = await runCli(
      [
        'run',
        '--threshold',
        'fallback_rate > 0.01',
        '-r',
        'console,json,junit,markdown,prometheus',
        '-o',
        dir,
        '--suite',
        'bundled',
        '--pushgateway',
        gateway.url,
      ],
      { env: { GITHUB_STEP_SUMMARY: summary } },
    )
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(/Alerts\n {2}✗ fallback_rate > 0\.01: fallback_rate = 0\.\d+ \([\d.]+%\) \(alert when > 0\.01\)/)
    expect(r.stdout).toMatch(/\d+ passed, 0 failed, 0 errored/)
    const report = JSON.parse(await readFile(path.join(dir, 'banter-report.json'), 'utf8'))
    expect(report.alerts).toEqual([
      { name: 'fallback_rate > 0.01', metric: 'fallback_rate', op: '>', limit: 0.01, value: report.metrics.fallback_rate },
    ])
    expect(report.metrics.fallback_rate).toBeGreaterThan(0)
    expect(report.metrics.intent_accuracy).toBe(1)
    expect(report.thresholds.map((t: { name: string }) => t.name)).toEqual([
      'high_fallback_rate',
      'slow_response_time',
      'fallback_rate > 0.01',
    ])
    expect(await readFile(path.join(dir, 'junit.xml'), 'utf8')).toMatch(/<testsuite name="thresholds" tests="3" failures="1"/)
    expect(await readFile(path.join(dir, 'summary.md'), 'utf8')).toContain('## banter: ❌ Failed')
    const prom = parsePrometheus(await readFile(path.join(dir, 'metrics.prom'), 'utf8'))
    expect(prom.get('banter_threshold_triggered')!.samples.find((s) => s.labels.name === 'fallback_rate > 0.01')).toMatchObject({
      labels: { suite: 'bundled' },
      value: 1,
    })
    const step = await readFile(summary, 'utf8')
    expect(step.startsWith('# earlier step\n## banter: ❌ Failed')).toBe(true)
    const push = gateway.requests.at(-1)!
    expect(push).toMatchObject({ method: 'PUT', url: '/metrics/job/banter/suite/bundled' })
    expect(r.stderr).toContain(`pushed metrics to ${gateway.url}`)
  })

  it('a malformed or unknown threshold exits 2 before anything runs, with the column and a hint', async () => {
    await expectUnknownMetric('fallbak_rate > 0.2', 'fallbak_rate', 'fallback_rate')
    const bad = await runCli(['run', '--threshold', 'fallback_rate ~ 0.2'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('--> --threshold:1:15')
  })

  it("thresholds on banter's own queueing fail the run (exit 1); an unknown runner metric exits 2 naming the closest", async () => {
    const dir = path.join(out, 'queueing')
    const r = await runCli([
      'run',
      '--threshold',
      'queued: runner_queueing_p99_ms >= 0',
      '--threshold',
      'runner_saturated > 1',
      '-r',
      'json,prometheus',
      '-o',
      dir,
    ])
    expect(r.code).toBe(1)
    const report = JSON.parse(await readFile(path.join(dir, 'banter-report.json'), 'utf8'))
    const p99 = report.metrics.runner.queueing_p99_ms
    expect(p99).toBeGreaterThanOrEqual(0)
    expect(report.alerts).toEqual([{ name: 'queued', metric: 'runner_queueing_p99_ms', op: '>=', limit: 0, value: p99 }])
    const prom = parsePrometheus(await readFile(path.join(dir, 'metrics.prom'), 'utf8'))
    expect(prom.value('banter_runner_queueing_p99_ms', { suite: 'scenarios' })).toBe(p99)
    expect(prom.value('banter_runner_saturated', { suite: 'scenarios' })).toBe(Number(report.metrics.runner.saturated))
    expect(prom.value('banter_threshold_triggered', { suite: 'scenarios', name: 'queued', metric: 'runner_queueing_p99_ms' })).toBe(1)

    await expectUnknownMetric('runner_queueing_p95_ms > 100', 'runner_queueing_p95_ms', 'runner_queueing_p99_ms')
  })

  it('a bad threshold in the config exits 2 with file:line:col', async () => {
    const dir = await mkdtemp(path.join(out, 'cfg-'))
    await writeFile(path.join(dir, 'banter.config.yaml'), 'scenarios: [x]\nthresholds:\n  too_slow: response_time_p59 > 100\n')
    const r = await runCli(['run'], { cwd: dir })
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('--> banter.config.yaml:3:13')
    expect(r.stderr).toContain('did you mean "response_time_p50"?')
  })

  it('a failed push is a warning: the run keeps its reports and exit code', async () => {
    const port = await closedPort()
    const r = await runCli(['run', '--pushgateway', `http://127.0.0.1:${port}`, '-r', 'json', '-o', path.join(out, 'nopush')])
    expect(r.code).toBe(0)
    expect(r.stderr).toContain('warning: could not push metrics to the Pushgateway')
    expect(JSON.parse(await readFile(path.join(out, 'nopush', 'banter-report.json'), 'utf8')).metrics.conversations).toBeGreaterThan(0)
  })
})

describe('banter compare', () => {
  let base: string
  let head: string
  beforeAll(async () => {
    base = path.join(out, 'base.json')
    head = path.join(out, 'head.json')
    await runCli(['run', '-r', `json:${base}`])
    await runCli(['run', 'fixtures/e2e/mixed.yaml', '-r', `json:${head}`])
  })

  it('exits 0 for a report against itself, with a metric table', async () => {
    const r = await runCli(['compare', base, base])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^metric\s+base\s+head\s+delta$/m)
    expect(r.stdout).toMatch(/^intent_accuracy\s+100\.0%\s+100\.0%\s+\+?0\.0%$/m)
    expect(r.stdout.trimEnd().endsWith('no regression')).toBe(true)
  })

  it('exits 1 on a newly failing scenario, and --json gives the data', async () => {
    const r = await runCli(['compare', base, head])
    expect(r.code).toBe(1)
    expect(r.stdout).toContain('Newly failing (1)')
    expect(r.stdout).toContain('Wrong expectation (fixtures/e2e/mixed.yaml): absent → failed')
    const j = await runCli(['compare', base, head, '--json'])
    expect(j.code).toBe(1)
    expect(JSON.parse(j.stdout)).toMatchObject({ regressed: true, newFailures: [{ name: 'Wrong expectation' }] })
  })

  it('exits 2 on a missing, non-JSON, foreign or incompatible report, and on a bad tolerance', async () => {
    const notJson = path.join(out, 'not.json')
    const foreign = path.join(out, 'foreign.json')
    const future = path.join(out, 'future.json')
    await writeFile(notJson, '{ nope')
    await writeFile(foreign, '{"hello": 1}')
    await writeFile(future, JSON.stringify({ ...JSON.parse(await readFile(base, 'utf8')), version: 2 }))
    for (const [args, message] of [
      [[path.join(out, 'missing.json'), base], 'REPORT_UNREADABLE'],
      [[notJson, base], 'is not JSON'],
      [[base, foreign], 'foreign.json: not a banter JSON report (tool.name is not "banter")'],
      [[base, future], 'future.json: report version 2 is not supported (this banter reads version 1)'],
      [[base, base, '--tolerance', 'latency=5'], 'unknown metric "latency"'],
      [[base, base, '--tolerance', 'runner_queueing_p99_ms=10%'], 'runner_queueing_p99_ms describes the run'],
    ] as const) {
      const r = await runCli(['compare', ...args])
      expect(r.code, message).toBe(2)
      expect(r.stderr).toContain(message)
      expect(r.stderr).not.toMatch(STACK)
    }
  })
})

/** `banter run --threshold RULE` with a misspelt metric: exit 2 before anything runs, naming it and the closest one. */
async function expectUnknownMetric(rule: string, metric: string, closest: string): Promise<void> {
  const r = await runCli(['run', '--threshold', rule])
  expect(r.code).toBe(2)
  expect(r.stdout).toBe('')
  expect(r.stderr).toContain(`error[UNKNOWN_METRIC]: --threshold: unknown metric "${metric}"`)
  expect(r.stderr).toContain(`did you mean "${closest}"?`)
  expect(r.stderr).not.toMatch(STACK)
}
