import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../helpers/in-process-cli.js'
import { closedPort, json, startFakeServer, type FakeServer } from '../helpers/fake-server.js'
import { tempDir } from '../helpers/temp-dir.js'

const STACK = /\n\s+at .+:\d+:\d+/
let dir: string
let scenarios: string
let server: FakeServer

/** A slow endpoint (each answer takes 700 ms) and 40 one-turn conversations. */
beforeAll(async () => {
  dir = await tempDir('banter-int-')
  scenarios = path.join(dir, 'many.yaml')
  const one = (i: number) => `- name: Greeting ${i}\n  turns:\n    - user: Hi\n      expect:\n        intent: greeting\n`
  await writeFile(scenarios, Array.from({ length: 40 }, (_, i) => one(i)).join(''))
  server = await startFakeServer((_req, _body, res) => {
    setTimeout(() => json(res, 200, { reply: 'hi', intent: { name: 'greeting', confidence: 1 }, entities: [], action: 'greet' }), 700)
  })
})
afterAll(() => server.close())

describe('deadlines and a dead endpoint: exit 3 with one clear message', () => {
  it('--max-duration ends the run, cancels in-flight turns and marks the report', async () => {
    const out = path.join(dir, 'maxdur')
    const started = Date.now()
    const r = await runCli([
      'run',
      scenarios,
      '--endpoint',
      `${server.url}/chat`,
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
    expect(Date.now() - started).toBeLessThan(15_000)
    expect(r.stderr).toMatch(/error: --max-duration of 1000 ms reached; \d+ conversations not run/)
    const report = JSON.parse(await readFile(path.join(out, 'banter-report.json'), 'utf8'))
    expect(report.run.interrupted.reason).toBe('max_duration')
    expect(report.cases.length + report.run.interrupted.notRun).toBe(40)
    expect(report.cases.some((c: { turns: { error?: { code: string } }[] }) => c.turns[0]!.error?.code === 'ABORTED')).toBe(true)
  }, 30_000)

  it('a refused connection stops the run after 5 failures, not 40', async () => {
    const out = path.join(dir, 'down')
    const r = await runCli([
      'run',
      scenarios,
      '--endpoint',
      `http://127.0.0.1:${await closedPort()}/chat`,
      '-j',
      '1',
      '--reporter',
      'json',
      '--out',
      out,
    ])
    expect(r.code).toBe(3)
    expect(r.stderr.match(/endpoint looks down/g)).toHaveLength(1)
    expect(r.stderr).toContain(
      'error: the endpoint looks down: 5 connections failed in a row (connection refused); stopped starting conversations; 35 conversations not run',
    )
    const report = JSON.parse(await readFile(path.join(out, 'banter-report.json'), 'utf8'))
    expect(report.run.interrupted).toMatchObject({ reason: 'endpoint_down', notRun: 35 })
    expect(report.cases).toHaveLength(5)
  }, 30_000)

  it.each([
    [['run', '--max-duration', 'soon'], 'expected a duration such as 500ms, 90s, 10m or 1h, got "soon"'],
    [['run', '--grace', '-1s'], 'expected a duration'],
    [['serve', '--faults', 'error500=2'], 'faults: error500: expected a probability between 0 and 1'],
    [['serve', '--faults', 'explode=0.1'], 'unknown fault "explode"'],
    [['serve', '--faults-file', 'no/such.yaml'], '--faults-file: cannot read no/such.yaml (ENOENT)'],
    [['serve', '--fault-seed', 'x', '--faults', 'hang=0.1'], 'expected a non-negative integer, got "x"'],
  ])('banter %j → exit 2', async (args, message) => {
    const r = await runCli(args)
    expect(r.code).toBe(2)
    expect(r.stderr).toContain(message)
    expect(r.stderr).not.toMatch(STACK)
  })
})
