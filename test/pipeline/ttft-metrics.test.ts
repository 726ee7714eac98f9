import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunReport } from '../../src/report/model.js'
import { runCli } from '../helpers/in-process-cli.js'
import type { FakeBotServer } from '../helpers/fake-bot.js'
import { startFakeOpenAi } from '../helpers/fake-openai.js'
import { tempDir } from '../helpers/temp-dir.js'

const KEY = 'sk-ttft-Zz9'
const SCENARIO = '- name: Streams\n  turns:\n    - user: hello\n    - user: again\n    - user: once more\n'
const REPORTERS = ['--reporter', 'console,json,junit,markdown,prometheus,html', '--out', 'out']

describe('time to first token as run metrics (openai preset, stream: true)', () => {
  let server: FakeBotServer
  beforeAll(async () => {
    server = await startFakeOpenAi({ apiKey: KEY, chunkDelayMs: 20 })
  })
  afterAll(() => server.close())

  async function project(stream: boolean): Promise<string> {
    const dir = await tempDir('banter-ttft-')
    await writeFile(
      path.join(dir, 'banter.config.yaml'),
      `endpoint:\n  adapter: openai\n  url: ${server.url}\n  openai:\n    model: test-model\n    api_key: \${OPENAI_API_KEY}\n    stream: ${stream}\n`,
    )
    await writeFile(path.join(dir, 'chat.yaml'), SCENARIO)
    return dir
  }
  const read = (dir: string, file: string) => readFile(path.join(dir, 'out', file), 'utf8')

  it("p50/p95/p99/mean from the turns' ttftMs, in thresholds and every reporter", async () => {
    const dir = await project(true)
    const r = await runCli(['run', 'chat.yaml', '--threshold', 'first_token: time_to_first_token_p95 > 0', ...REPORTERS], {
      cwd: dir,
      env: { OPENAI_API_KEY: KEY },
    })
    expect(r.code, r.stderr).toBe(1) // the threshold triggered
    const report = JSON.parse(await read(dir, 'banter-report.json')) as RunReport
    const samples = report.cases.flatMap((c) => c.turns.map((t) => Math.round(t.ttftMs! * 1000))).sort((a, b) => a - b)
    expect(samples).toHaveLength(3)
    const rank = (q: number) => samples[Math.ceil(q * samples.length) - 1]! / 1000
    const ttft = report.metrics!.time_to_first_token!
    expect(ttft).toEqual({ p50: rank(0.5), p95: rank(0.95), p99: rank(0.99), mean: Math.round(samples.reduce((a, b) => a + b) / 3) / 1000 })
    expect(report.alerts).toEqual([{ name: 'first_token', metric: 'time_to_first_token_p95', op: '>', limit: 0, value: ttft.p95 }])
    expect(r.stdout).toMatch(/first token p95 \d+\.\d ms/)
    expect(await read(dir, 'summary.md')).toMatch(/\| time_to_first_token_p95 \| \d+\.\d ms \|/)
    expect(await read(dir, 'metrics.prom')).toMatch(
      new RegExp(`banter_time_to_first_token_p95_seconds\\{suite="chat.yaml"\\} ${Number((ttft.p95! / 1000).toFixed(6))}\\n`),
    )
    expect(await read(dir, 'junit.xml')).toContain(`<property name="time_to_first_token_p95" value="${ttft.p95}"/>`)
    expect(await read(dir, 'report.html')).toMatch(/data-metric="p95 first token"/)
  }, 60_000)

  it('null (never NaN) when no turn streamed: left out of Prometheus and JUnit, n/a elsewhere, never alerts', async () => {
    const dir = await project(false)
    const r = await runCli(['run', 'chat.yaml', '--threshold', 'time_to_first_token_p95 > 0', ...REPORTERS], {
      cwd: dir,
      env: { OPENAI_API_KEY: KEY },
    })
    expect(r.code, r.stderr).toBe(0)
    const report = JSON.parse(await read(dir, 'banter-report.json')) as RunReport
    expect(report.metrics!.time_to_first_token).toEqual({ p50: null, p95: null, p99: null, mean: null })
    expect(report.alerts).toEqual([])
    expect(r.stdout).not.toContain('first token')
    expect(await read(dir, 'summary.md')).toContain('| time_to_first_token_p95 | n/a |')
    expect(await read(dir, 'metrics.prom')).not.toContain('banter_time_to_first_token')
    expect(await read(dir, 'junit.xml')).not.toContain('<property name="time_to_first_token')
    for (const f of ['banter-report.json', 'metrics.prom', 'junit.xml', 'summary.md']) expect(await read(dir, f)).not.toMatch(/NaN/)
  }, 60_000)
})
