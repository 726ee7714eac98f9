import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { jsonChunks } from '../../src/reporters/json.js'
import { REPORTERS } from '../../src/reporters/registry.js'
import type { RunReport, TurnResult } from '../../src/report/model.js'
import { KEEP_CHARS } from '../../src/execute/keep-turn.js'
import { run, type RunOptions } from '../../src/run.js'
import { startHostileServer, type HostileMode, type HostileOptions, type HostileServer } from '../helpers/hostile-server.js'
import { tempDir } from '../helpers/temp-dir.js'

let server: HostileServer
let dir: string
beforeAll(async () => {
  server = await startHostileServer()
  dir = await tempDir('banter-hostile-')
})
afterAll(() => server.close())

/** Runs one scenario (its turns' `expect` given as YAML) against a hostile mode, in process. */
async function runAgainst(
  mode: HostileMode,
  opts: HostileOptions = {},
  expectYaml = '{ reply: { contains: x } }',
  extra: Partial<RunOptions> = {},
  config?: string,
): Promise<{ report: RunReport; ms: number }> {
  const file = path.join(dir, `${mode}-${Math.random().toString(36).slice(2)}.yaml`)
  await writeFile(file, `name: ${mode}\nturns:\n  - user: hi\n    expect: ${expectYaml}\n  - user: again\n`)
  let configFile: string | undefined
  if (config) {
    configFile = path.join(dir, `config-${Math.random().toString(36).slice(2)}.yaml`)
    await writeFile(configFile, config.replace('URL', server.url(mode, opts)))
  }
  const started = Date.now()
  const report = await run({
    cwd: dir,
    env: {},
    paths: [file],
    configFile,
    endpoint: configFile ? undefined : server.url(mode, opts),
    timeoutMs: 1_000,
    retries: 0,
    concurrency: 1,
    ...extra,
  })
  return { report, ms: Date.now() - started }
}

const first = (report: RunReport): TurnResult => report.cases[0]!.turns[0]!

describe('a hostile endpoint gives one errored (or marked) turn, and the run ends with its report', () => {
  it.each([
    ['silent', {}, 'TIMEOUT'],
    ['stall', {}, 'TIMEOUT'],
    ['drip', { ms: 300 }, 'TIMEOUT'],
    ['reset', {}, 'CONNECTION_RESET'],
    ['huge', { size: 9_000_000 }, 'BAD_RESPONSE'],
    ['deep', { depth: 5_000 }, 'BAD_RESPONSE'],
    ['deep', { depth: 100_000 }, 'BAD_RESPONSE'],
    ['non-object', { body: '[1,2]' }, 'BAD_RESPONSE'],
    ['non-object', { body: '42' }, 'BAD_RESPONSE'],
    ['non-object', { body: 'null' }, 'BAD_RESPONSE'],
    ['non-object', { body: '"str"' }, 'BAD_RESPONSE'],
    ['retry-after', { status: 503 }, 'HTTP_STATUS'],
    ['retry-after', { status: 429 }, 'HTTP_STATUS'],
  ] as [HostileMode, HostileOptions, string][])('%s %j → %s', async (mode, opts, code) => {
    const { report, ms } = await runAgainst(mode, opts)
    expect(report.summary).toMatchObject({ conversations: 1, errored: 1 })
    expect(first(report)).toMatchObject({ status: 'errored', error: { code } })
    expect(report.cases[0]!.turns[1]).toMatchObject({ status: 'skipped' })
    // Every reporter renders the report (no stack overflow, no giant string).
    for (const factory of Object.values(REPORTERS)) expect(typeof factory.create({ color: false }).onRunEnd(report)).toBe('string')
    expect(ms).toBeLessThan(20_000)
  })

  it('a deep reply names the limit in its error', async () => {
    const { report } = await runAgainst('deep', { depth: 5_000 })
    expect(first(report).error!.message).toContain('nested deeper than 256 levels')
  })

  it('a non-object body is errored even when the turn has no expectation', async () => {
    const { report } = await runAgainst('non-object', { body: '[1,2]' }, '{ max_latency_ms: 60000 }')
    expect(first(report)).toMatchObject({ status: 'errored', error: { code: 'BAD_RESPONSE' } })
    expect(first(report).error!.message).toContain('JSON a list, not an object')
  })

  it('a config that maps the root keeps list and text replies working', async () => {
    const list = await runAgainst(
      'non-object',
      { body: '[{"text":"x one"},{"text":"two"}]' },
      '{ reply: { contains: x } }',
      {},
      'endpoint:\n  url: URL\n  response:\n    reply: $[*].text\n',
    )
    expect(first(list.report)).toMatchObject({ status: 'passed', reply: { text: 'x one\ntwo' } })
    const str = await runAgainst(
      'non-object',
      { body: '"x marks"' },
      '{ reply: { equals: x marks } }',
      {},
      'endpoint:\n  url: URL\n  response:\n    reply: $\n',
    )
    expect(first(str.report)).toMatchObject({ status: 'passed' })
    const text = await runAgainst(
      'non-object',
      { body: '42' },
      '{ reply: { equals: "42" } }',
      {},
      'endpoint:\n  url: URL\n  response:\n    format: text\n',
    )
    expect(first(text.report)).toMatchObject({ status: 'passed' })
  })

  it("the issue's catastrophic patterns against a 50,000-character reply: right verdicts, in process", async () => {
    const patterns = [
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
    const { report, ms } = await runAgainst('redos', { size: 50_000 }, `{ reply: { matches: ${JSON.stringify(patterns)} } }`)
    const verdicts = first(report).verdicts
    expect(verdicts).toHaveLength(11)
    // Only the patterns that match the empty string at the end match `a…a!`.
    expect(
      verdicts
        .filter((v) => v.pass)
        .map((v) => (v.expected as { matches: string }).matches)
        .sort(),
    ).toEqual(['/(?:a|a)*$/', '/(a|a?)+$/'])
    expect(first(report).status).toBe('failed')
    expect(ms).toBeLessThan(30_000)
  })

  it('a 7 MB reply is checked whole but kept cut, with a marker and its original size', async () => {
    // END is past the first 100,000 characters: the check sees the whole reply.
    const { report } = await runAgainst('huge', { size: 7_000_000 }, '{ reply: { matches: "^x+END$" } }')
    const turn = first(report)
    expect(turn.status).toBe('passed')
    expect(turn.truncated).toEqual({ 'reply.text': 7_000_003, 'verdicts[0].actual': 7_000_003 })
    expect(turn.reply!.text.length).toBeLessThan(KEEP_CHARS + 100)
    expect(turn.reply!.text).toMatch(/^x+… \[cut: 7000003 characters in all\]$/)
  })

  it('forty 7 MB replies make a report of a few MB', async () => {
    const forty = path.join(dir, 'forty')
    await mkdir(forty)
    for (let i = 0; i < 40; i++)
      await writeFile(path.join(forty, `big-${i}.yaml`), `name: big ${i}\nturns:\n  - user: hi\n    expect: { reply: { contains: x } }\n`)
    const report = await run({
      cwd: dir,
      env: {},
      paths: [forty],
      endpoint: server.url('huge', { size: 7_000_000 }),
      timeoutMs: 20_000,
      retries: 0,
      concurrency: 4,
    })
    expect(report.summary).toMatchObject({ conversations: 40, passed: 40 })
    const size = [...jsonChunks(report)].reduce((n, piece) => n + piece.length, 0)
    expect(size).toBeLessThan(40 * 3 * KEEP_CHARS)
    for (const factory of Object.values(REPORTERS))
      expect(factory.create({ color: false }).onRunEnd(report).length).toBeLessThan(100_000_000)
  }, 120_000)
})
