import { access, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli, startCli } from '../helpers/in-process-cli.js'
import { startHostileServer, type HostileMode, type HostileServer } from '../helpers/hostile-server.js'
import { tempDir } from '../helpers/temp-dir.js'

const STACK = /\n\s+at .+:\d+:\d+/
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E]/
const REPORTS = ['banter-report.json', 'junit.xml', 'summary.md', 'report.html']
const ALL_REPORTERS = ['--reporter', 'console,json,junit,markdown,html']

/** The patterns, each of which backtracks for hours in JavaScript on `a…a!`. */
const CATASTROPHIC = [
  '(\\w|\\d)+$',
  '(?:a|a)*$',
  '((a+))+$',
  '((a)+)+$',
  '(a|a?)+$',
  '(?:(?:a)+)+$',
  '([a-z]|[a-z0-9])+$',
  '(\\d|1)+$',
  '(a|aa)+$',
  '(aa|a)+$',
  '(a?a)+$',
]

let server: HostileServer
let dir: string
let redos: string
let plain: string

beforeAll(async () => {
  server = await startHostileServer()
  dir = await tempDir('banter-hostile-e2e-')
  redos = path.join(dir, 'redos.yaml')
  const matches = CATASTROPHIC.map((p) => `          - ${JSON.stringify(p)}`).join('\n')
  const one = (i: number) =>
    `- name: Slow patterns ${i}\n  turns:\n    - user: Hi\n      expect:\n        reply:\n          matches:\n${matches}\n`
  await writeFile(redos, Array.from({ length: 30 }, (_, i) => one(i)).join(''))
  plain = path.join(dir, 'plain.yaml')
  await writeFile(plain, 'name: Plain\nturns:\n  - user: Hi\n    expect:\n      reply: { contains: ok }\n  - user: Again\n')
})
afterAll(() => server.close())

async function reportsIn(out: string): Promise<void> {
  for (const file of REPORTS) await access(path.join(out, file))
}

const readJson = async (out: string) => JSON.parse(await readFile(path.join(out, 'banter-report.json'), 'utf8'))

describe('banter run against a hostile endpoint ends in time, with its reports', () => {
  it('catastrophic reply.matches patterns on a 50,000-character reply: right verdicts, exit 1', async () => {
    const out = path.join(dir, 'redos')
    const one = path.join(dir, 'redos-one.yaml')
    await writeFile(one, (await readFile(redos, 'utf8')).split('- name: Slow patterns 1\n')[0]!)
    const started = Date.now()
    const r = await runCli(['run', one, '--endpoint', server.url('redos', { size: 50_000 }), ...ALL_REPORTERS, '--out', out])
    expect(r.code).toBe(1)
    expect(Date.now() - started).toBeLessThan(60_000)
    await reportsIn(out)
    const verdicts = (await readJson(out)).cases[0].turns[0].verdicts as { code: string; expected: { matches: string } }[]
    // Only the two patterns that can match the empty string at the end match `a…a!`.
    expect(
      verdicts
        .filter((v) => v.code === 'REPLY_MATCHES_OK')
        .map((v) => v.expected.matches)
        .sort(),
    ).toEqual(['/(?:a|a)*$/', '/(a|a?)+$/'])
    expect(verdicts.filter((v) => v.code === 'REPLY_NO_MATCH')).toHaveLength(9)
  }, 90_000)

  it('SIGINT during slow-pattern matching on 1 MB replies: exit 130, reports written', async () => {
    const out = path.join(dir, 'redos-sigint')
    const before = server.hits.redos ?? 0
    const { interrupt, done } = startCli([
      'run',
      redos,
      '--endpoint',
      server.url('redos', { size: 1_000_000 }),
      '-j',
      '2',
      '--grace',
      '1s',
      '--reporter',
      'json,junit',
      '--out',
      out,
    ])
    const until = Date.now() + 30_000
    while ((server.hits.redos ?? 0) <= before && Date.now() < until) await new Promise((r) => setTimeout(r, 25))
    interrupt('SIGINT')
    const { code, stderr } = await done
    expect(code).toBe(130)
    expect(stderr).not.toMatch(STACK)
    const report = await readJson(out)
    expect(report.run.interrupted.reason).toBe('interrupted')
    expect(report.cases.length + report.run.interrupted.notRun).toBe(30)
    await access(path.join(out, 'junit.xml'))
  }, 90_000)

  it('--max-duration stops a run of slow patterns on 1 MB replies: exit 3, reports written', async () => {
    const out = path.join(dir, 'redos-deadline')
    const r = await runCli([
      'run',
      redos,
      '--endpoint',
      server.url('redos', { size: 1_000_000 }),
      '-j',
      '2',
      '--max-duration',
      '2s',
      ...ALL_REPORTERS,
      '--out',
      out,
    ])
    expect(r.code).toBe(3)
    await reportsIn(out)
    const report = await readJson(out)
    expect(report.run.interrupted.reason).toBe('max_duration')
    expect(report.cases.length + report.run.interrupted.notRun).toBe(30)
  }, 90_000)

  it.each([
    ['deep', { depth: 5_000 }, 'BAD_RESPONSE'],
    ['non-object', { body: '[1,2]' }, 'BAD_RESPONSE'],
    ['non-object', { body: 'null' }, 'BAD_RESPONSE'],
    ['silent', {}, 'TIMEOUT'],
    ['stall', {}, 'TIMEOUT'],
    ['drip', { ms: 300 }, 'TIMEOUT'],
    ['reset', {}, 'CONNECTION_RESET'],
  ] as [HostileMode, Record<string, number | string>, string][])(
    '%s %j: an errored turn (%s), exit 3, every report written',
    async (mode, opts, code) => {
      const out = path.join(dir, `${mode}-${Object.values(opts).join('-')}`)
      const r = await runCli([
        'run',
        plain,
        '--endpoint',
        server.url(mode, opts),
        '--timeout',
        '1000',
        '--retries',
        '0',
        ...ALL_REPORTERS,
        '--out',
        out,
      ])
      expect(r.code).toBe(3)
      expect(r.stderr).not.toMatch(STACK)
      expect(r.stdout).toContain(code)
      await reportsIn(out)
      const turns = (await readJson(out)).cases[0].turns
      expect(turns[0]).toMatchObject({ status: 'errored', error: { code } })
      expect(turns[1]).toMatchObject({ status: 'skipped' })
    },
    40_000,
  )

  // How long a Retry-After wait may be is another change's (docs/config-and-adapters.md "Retries"); here only that the
  // run ends and writes its reports, with a bound generous enough for a 30 s wait.
  it('503 with an absurd Retry-After: the run ends and its reports exist', async () => {
    const out = path.join(dir, 'retry-after')
    const r = await runCli([
      'run',
      plain,
      '--endpoint',
      server.url('retry-after', { status: 503, retry: '99999' }),
      '--retries',
      '1',
      '--max-duration',
      '3s',
      ...ALL_REPORTERS,
      '--out',
      out,
    ])
    expect(r.code).toBe(3)
    await reportsIn(out)
  }, 150_000)

  it('ANSI and control characters: shown as escapes on the terminal and in text reports, kept in the JSON', async () => {
    const out = path.join(dir, 'ansi')
    const failing = path.join(dir, 'ansi.yaml')
    // A failed check prints the reply: the place an escape would reach the terminal.
    await writeFile(
      failing,
      'name: Escapes\nturns:\n  - user: Hi\n    expect:\n      intent: greet\n      reply: { contains: never said }\n',
    )
    const r = await runCli(['run', failing, '--endpoint', server.url('ansi'), ...ALL_REPORTERS, '--out', out])
    expect(r.code).toBe(1)
    expect(r.stdout + r.stderr).not.toMatch(RAW_CONTROL)
    expect(r.stdout).toContain('\\x1b[31mRED')
    for (const file of ['junit.xml', 'summary.md', 'report.html'])
      expect(await readFile(path.join(out, file), 'utf8')).not.toMatch(RAW_CONTROL)
    const report = await readJson(out)
    expect(report.cases[0].turns[0].reply.text).toContain('\u001b[31mRED\u001b[0m')
  })
})
