import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { parse } from 'junit2json'
import { runCli } from '../helpers/in-process-cli.js'
import { startFakeServer, type FakeServer } from '../helpers/fake-server.js'
import { tempDir } from '../helpers/temp-dir.js'

let servers: FakeServer[] = []
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()))
  servers = []
})

/** An assistant in banter's default JSON shape that answers every message with the intent `other`. */
async function confusedBot(): Promise<FakeServer> {
  const s = await startFakeServer((_req, _body, res) => {
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(JSON.stringify({ text: 'I am not sure.', intent: 'other', confidence: 0.9, entities: [], action: 'utter_default' }))
  })
  servers.push(s)
  return s
}

type Junit = {
  tests: number
  failures: number
  errors: number
  testsuite: { name: string; testcase: { name: string; failure?: { inner?: string }[] }[] }[]
}

describe('reports for CI systems', () => {
  it('a generated run without the console reporter: annotations, verdict line, replay commands, and a JUnit file that lists every conversation', async () => {
    const bot = await confusedBot()
    const dir = await tempDir('banter-ci-')
    const summary = path.join(dir, 'step-summary.md')
    const res = await runCli(
      [
        'run',
        'scenarios/generators',
        '--generate',
        '150',
        '--seed',
        '7',
        '--endpoint',
        `${bot.url}/chat`,
        '-r',
        'junit,html',
        '--out',
        dir,
        '--quiet',
      ],
      {
        env: { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary },
      },
    )
    expect(res.code, res.stderr).toBe(1)
    const report = await readFile(path.join(dir, 'junit.xml'), 'utf8')
    const junit = (await parse(report)) as unknown as Junit
    const testcases = junit.testsuite.filter((s) => s.name !== 'thresholds').flatMap((s) => s.testcase)
    expect(testcases).toHaveLength(150)
    expect(junit.tests - (report.match(/classname="thresholds"/g)?.length ?? 0)).toBe(150)
    const failed = testcases.filter((t) => t.failure)
    expect(failed.length).toBeGreaterThan(0)
    for (const t of failed) expect(t.failure![0]!.inner).toContain(`--case '${t.name}' --seed 7`)

    // No console reporter: the failures in brief, then the verdict and counts on one line.
    const lines = res.stdout.trimEnd().split('\n')
    expect(lines.at(-1)).toMatch(/^FAILED \d+ passed, \d+ failed, 0 errored, 0 skipped \(150 conversations, \d+ turns\) in [\d.]+s$/)
    expect(res.stdout).toMatch(
      /replay: banter run scenarios\/generators\/[a-z-]+\.yaml --case '[a-z-]+#\d+' --seed 7 --endpoint http:\/\/127\.0\.0\.1:\d+\/chat$/m,
    )
    // GITHUB_ACTIONS=true: an error annotation per failed check, on the generator's line (at most 50, then a count of the rest).
    const annotations = lines.filter((l) => l.startsWith('::error '))
    expect(annotations.length).toBe(Math.min(50, failed.length > 50 ? 50 : annotations.length))
    expect(annotations.length).toBeGreaterThanOrEqual(Math.min(50, failed.length))
    if (annotations.length === 50)
      expect(res.stdout).toMatch(/^::warning title=banter%3A more failures::\d+ more failed checks were not annotated/m)
    expect(annotations[0]).toMatch(/^::error file=scenarios\/generators\/[a-z-]+\.yaml,line=\d+,col=\d+,title=banter%3A [^:]+::/)
    // …and the Markdown step summary states the same totals.
    const markdown = await readFile(summary, 'utf8')
    expect(markdown).toMatch(/\(150 conversations, \d+ turns\)/)
    // The replay command repeats the run's --endpoint, so it runs against the same bot.
    expect(markdown).toMatch(/replay: `banter run scenarios\/generators\/[a-z-]+\.yaml --case '[a-z-]+#\d+' --seed 7 --endpoint (\S+)`/)
    expect(/--seed 7 --endpoint (\S+)`/.exec(markdown)![1]).toBe(`${bot.url}/chat`)
  }, 90_000)

  it('a generated run that leaves passes out of its JSON report: every report states the same true total', async () => {
    const dir = await tempDir('banter-totals-')
    const res = await runCli([
      'run',
      'scenarios/generators',
      '--generate',
      '250',
      '--seed',
      '5',
      '-r',
      'json,junit,markdown,prometheus,html',
      '--out',
      dir,
      '--quiet',
    ])
    expect(res.code, res.stderr).toBe(0)
    const json = JSON.parse(await readFile(path.join(dir, 'banter-report.json'), 'utf8')) as {
      summary: { conversations: number; generators: Record<string, { conversations: number }> }
      cases: unknown[]
      run: { casesOmitted: number }
    }
    expect(json.summary.conversations).toBe(250)
    expect(json.cases.length + json.run.casesOmitted).toBe(250)
    expect(json.run.casesOmitted).toBeGreaterThan(0)
    expect(Object.values(json.summary.generators).reduce((n, g) => n + g.conversations, 0)).toBe(250)
    const junit = (await parse(await readFile(path.join(dir, 'junit.xml'), 'utf8'))) as unknown as Junit
    expect(junit.testsuite.filter((t) => t.name !== 'thresholds').flatMap((t) => t.testcase)).toHaveLength(250)
    expect(await readFile(path.join(dir, 'summary.md'), 'utf8')).toContain('250 passed, 0 failed, 0 errored, 0 skipped (250 conversations')
    const prom = await readFile(path.join(dir, 'metrics.prom'), 'utf8')
    expect(prom).toMatch(/^banter_conversations\{[^}]*\} 250$/m)
    expect([...prom.matchAll(/^banter_scenarios\{[^}]*\} (\d+)$/gm)].reduce((n, m) => n + Number(m[1]), 0)).toBe(250)
    const html = await readFile(path.join(dir, 'report.html'), 'utf8')
    expect(html).toContain('250 passed, 0 failed, 0 errored, 0 skipped (250 conversations')
    expect(html).toContain(`data-listed="${json.cases.length}" data-total="250"`)
    expect(res.stdout.trimEnd().split('\n').at(-1)).toMatch(/^PASSED 250 passed, 0 failed, 0 errored, 0 skipped \(250 conversations/)
  }, 90_000)

  it('banter merge writes the step summary, prints the verdict without a console reporter, and pushes the merged run; shards push to their own groups', async () => {
    const gateway = await startFakeServer((_req, _body, res) => {
      res.writeHead(200)
      res.end()
    })
    servers.push(gateway)
    const dir = await tempDir('banter-merge-ci-')
    for (const i of [1, 2]) {
      const shard = await runCli([
        'run',
        'scenarios',
        '--shard',
        `${i}/2`,
        '-r',
        `json:${dir}/shard-${i}.json`,
        '--suite',
        'smoke',
        '--pushgateway',
        gateway.url,
      ])
      expect(shard.code, shard.stderr).toBe(0)
    }
    const summary = path.join(dir, 'summary.md')
    const merged = await runCli(
      ['merge', `${dir}/shard-1.json`, `${dir}/shard-2.json`, '-r', `junit:${dir}/junit.xml`, '--pushgateway', gateway.url],
      { env: { GITHUB_STEP_SUMMARY: summary } },
    )
    expect(merged.code, merged.stderr).toBe(0)
    expect(merged.stdout.trimEnd().split('\n').at(-1)).toMatch(/^PASSED \d+ passed, 0 failed, 0 errored, 0 skipped/)
    expect(await readFile(summary, 'utf8')).toContain('## banter: ✅ Passed')
    expect(gateway.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'PUT /metrics/job/banter/suite/smoke/shard/1-of-2',
      'PUT /metrics/job/banter/suite/smoke/shard/2-of-2',
      'PUT /metrics/job/banter/suite/smoke',
    ])
    expect(gateway.requests[2]!.body).toMatch(/^banter_conversations\{suite="smoke"\} \d+$/m)
  }, 120_000)

  it('run --help and merge --help name every reporter', async () => {
    const { REPORTERS } = await import('../../src/reporters/registry.js')
    for (const command of ['run', 'merge']) {
      const help = (await runCli([command, '--help'])).stdout.replace(/\s+/g, ' ')
      for (const name of Object.keys(REPORTERS)) expect(help, `${command} --help`).toMatch(new RegExp(`[ ,]${name}[,;]`))
    }
  })

  it('merge --pushgateway must be an http(s) URL (exit 2)', async () => {
    const res = await runCli(['merge', 'nothing.json', '--pushgateway', 'ftp://x'])
    expect(res.code).toBe(2)
    expect(res.stderr).toContain('--pushgateway: not an http(s) URL')
  })
})
