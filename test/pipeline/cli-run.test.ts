import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse as parseJunit } from 'junit2json'
import { runCli } from '../helpers/in-process-cli.js'
import { closedPort, json, startFakeServer, type FakeServer } from '../helpers/fake-server.js'
import { tempDir } from '../helpers/temp-dir.js'

const STACK = /\n\s+at .+:\d+:\d+/

let out: string
beforeAll(async () => {
  out = await tempDir('banter-e2e-')
})

describe('banter run against the embedded reference assistant', () => {
  it('runs the bundled scenarios and exits 0 (the quick start)', async () => {
    const r = await runCli(['run'])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('embedded reference assistant')
    expect(r.stdout).toMatch(/\n\d+ passed, 0 failed, 0 errored, 0 skipped \(\d+ conversations, \d+ turns\) in [\d.]+s\n$/)
  })

  it('exits 1 on a failed expectation and writes JSON and JUnit with the right counts', async () => {
    const dir = path.join(out, 'mixed')
    const r = await runCli(['run', 'fixtures/e2e/mixed.yaml', '--reporter', 'console,json,junit', '--out', dir])
    expect(r.code).toBe(1)
    expect(r.stdout).toContain('✗ action: expected "cancel_order", got "retrieve_order"')
    expect(r.stdout).toContain('at fixtures/e2e/mixed.yaml:15:9')
    expect(r.stdout).toContain('1 passed, 1 failed, 0 errored, 1 skipped')
    const report = JSON.parse(await readFile(path.join(dir, 'banter-report.json'), 'utf8'))
    expect(report.summary).toMatchObject({ conversations: 3, passed: 1, failed: 1, errored: 0, skipped: 1 })
    const failing = report.cases.find((c: { name: string }) => c.name === 'Wrong expectation')
    expect(failing.turns[1].verdicts.filter((v: { pass: boolean }) => !v.pass).map((v: { code: string }) => v.code)).toEqual([
      'ACTION_MISMATCH',
      'REPLY_MISSING_TEXT',
    ])
    const junit = (await parseJunit(await readFile(path.join(dir, 'junit.xml'), 'utf8'))) as {
      tests: number
      failures: number
      testsuite: { skipped: number }[]
    }
    // 3 scenarios and the 2 default thresholds (a testcase each in the `thresholds` suite).
    expect(junit).toMatchObject({ tests: 3 + 2, failures: 1 })
    // `skipped` is counted per suite; <testsuites> has none (the Jenkins schema does not allow it).
    expect(junit).not.toHaveProperty('skipped')
    expect(junit.testsuite.reduce((n, s) => n + s.skipped, 0)).toBe(1)
  })

  it('selects with --grep and --tag, and refuses a filter that selects nothing', async () => {
    const byTag = await runCli(['run', 'fixtures/e2e/mixed.yaml', '--tag', 'smoke'])
    expect(byTag.code).toBe(0)
    expect(byTag.stdout).toContain('1 passed, 0 failed')
    const byGrep = await runCli(['run', 'fixtures/e2e/mixed.yaml', '--grep', 'wrong'])
    expect(byGrep.code).toBe(1)
    const none = await runCli(['run', 'fixtures/e2e/mixed.yaml', '--grep', 'no such scenario'])
    expect(none.code).toBe(2)
    expect(none.stderr).toContain('no scenario matches --grep "no such scenario" (3 loaded)')
  })

  it('--bail stops starting conversations after the first failure', async () => {
    const r = await runCli([
      'run',
      'fixtures/e2e/mixed.yaml',
      '--grep',
      'wrong|greets',
      '--bail',
      '--concurrency',
      '1',
      '--reporter',
      'json',
      '--out',
      path.join(out, 'bail'),
    ])
    expect(r.code).toBe(1)
    const report = JSON.parse(await readFile(path.join(out, 'bail', 'banter-report.json'), 'utf8'))
    expect(report.run.stoppedEarly).toContain('--bail')
  })
})

describe('banter run against a broken endpoint: errored, exit 3', () => {
  let server: FakeServer
  let mode = 'ok'
  beforeAll(async () => {
    server = await startFakeServer((_req, _body, res) => {
      if (mode === '500') return json(res, 500, { error: 'boom' })
      if (mode === 'badjson') {
        res.writeHead(200, { 'content-type': 'application/json' })
        return res.end('{"reply": "trunc')
      }
      if (mode === 'slow') {
        // Far later than the bound below: a run that waited for this answer fails the test.
        const late = setTimeout(() => json(res, 200, { reply: 'late', intent: 'greeting' }), 15_000)
        return void res.on('close', () => clearTimeout(late))
      }
      json(res, 200, { reply: 'hi', intent: { name: 'greeting', confidence: 1 }, entities: [], action: 'greet' })
    })
  })
  afterAll(() => server.close())

  async function runAgainst(m: string, extra: string[] = []) {
    mode = m
    const dir = path.join(out, `broken-${m}`)
    const r = await runCli([
      'run',
      'fixtures/e2e/one-greeting.yaml',
      '--endpoint',
      `${server.url}/chat`,
      '--reporter',
      'console,json',
      '--out',
      dir,
      ...extra,
    ])
    const report = JSON.parse(await readFile(path.join(dir, 'banter-report.json'), 'utf8'))
    return { ...r, report }
  }

  it('a healthy fake endpoint speaking the default shape works (the second turn fails its intent)', async () => {
    const r = await runAgainst('ok')
    expect(r.code).toBe(1)
    expect(JSON.parse(server.requests.at(-1)!.body)).toMatchObject({
      message: 'Bye',
      session_id: expect.any(String),
      user_id: expect.any(String),
    })
  })

  it.each([
    ['500', 'HTTP_STATUS', 'HTTP 500'],
    ['badjson', 'BAD_RESPONSE', 'response is not valid JSON: {"reply": "trunc'],
    ['slow', 'TIMEOUT', 'no complete response within 500 ms'],
  ])('%s → %s', async (m, code, text) => {
    const started = Date.now()
    const r = await runAgainst(m, ['--timeout', '500'])
    expect(r.code).toBe(3)
    // Bounded well under the slow mode's 15 s answer, with room for a loaded machine's start-up.
    expect(Date.now() - started).toBeLessThan(12_000)
    expect(r.stdout).toContain(`! ${code}: ${text}`)
    expect(r.report.summary).toMatchObject({ conversations: 1, errored: 1, turns: { errored: 1, skipped: 1 } })
    expect(r.report.cases[0].turns[1].skipReason).toBe('an earlier turn errored')
    expect(r.stderr).not.toMatch(STACK)
  })

  it('connection refused', async () => {
    const port = await closedPort()
    const r = await runCli(['run', 'fixtures/e2e/one-greeting.yaml', '--endpoint', `http://127.0.0.1:${port}/chat`])
    expect(r.code).toBe(3)
    expect(r.stdout).toContain('! CONNECTION_REFUSED: connection refused')
  })
})

describe('bad input and usage: exit 2, a clear message, no stack trace', () => {
  it.each([
    [['run', '--concurrency', '0'], 'expected a positive integer, got "0"'],
    [['run', '--no-such-flag'], "unknown option '--no-such-flag'"],
    [['run', '--reporter', 'junti'], 'unknown reporter "junti"'],
    [['run', '--endpoint', 'ftp://example'], 'not an http(s) URL'],
    [['run', 'no/such/dir'], 'no such file or directory: no/such/dir'],
    [['run', '--config', 'missing.yaml'], 'config file not found: missing.yaml'],
    [['validate', 'fixtures/invalid/unknown-key.yaml'], '--> fixtures/invalid/unknown-key.yaml:5:7'],
    [['run', 'fixtures/invalid/tabs.yaml'], '--> fixtures/invalid/tabs.yaml:3:1'],
  ])('banter %j', async (args, message) => {
    const r = await runCli(args)
    expect(r.code).toBe(2)
    expect(r.stderr).toContain(message)
    expect(r.stderr).not.toMatch(STACK)
  })

  it('a config that reads a missing environment variable names it and where it is used', async () => {
    const dir = await mkdtemp(path.join(out, 'cfg-'))
    await writeFile(
      path.join(dir, 'banter.config.yaml'),
      'endpoint:\n  url: http://127.0.0.1:9/chat\n  headers:\n    Authorization: Bearer ${BANTER_TEST_TOKEN}\n',
    )
    const r = await runCli(['run', path.resolve('fixtures/e2e/one-greeting.yaml')], { cwd: dir, env: { BANTER_TEST_TOKEN: undefined } })
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('environment variable BANTER_TEST_TOKEN is not set')
    expect(r.stderr).toContain('--> banter.config.yaml:4:20')
  })

  it('an unwritable output directory is an error before anything runs', async () => {
    // A path under a regular file cannot be created, whoever runs the test (root included).
    const file = path.join(out, 'not-a-dir')
    await writeFile(file, 'x')
    const r = await runCli(['run', 'fixtures/e2e/one-greeting.yaml', '--reporter', 'json', '--out', path.join(file, 'reports')])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('cannot write reports to')
    expect(r.stdout).toBe('')
  })

  it('banter serve on a port in use is a usage error, not a crash', async () => {
    const taken = await startFakeServer((_req, _body, res) => json(res, 200, {}))
    try {
      const r = await runCli(['serve', '--port', new URL(taken.url).port])
      expect(r.code).toBe(2)
      expect(r.stderr).toContain('the port is in use')
      expect(r.stderr).not.toMatch(STACK)
    } finally {
      await taken.close()
    }
  })

  it('banter validate passes the bundled scenarios', async () => {
    const r = await runCli(['validate'])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/✓ \d+ scenarios \(\d+ turns\) in \d+ files are valid/)
  })
})
