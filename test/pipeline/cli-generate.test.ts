import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCli } from '../helpers/in-process-cli.js'
import { tempDir } from '../helpers/temp-dir.js'

describe('banter run --generate', () => {
  it('prints and records the seed, streams JSON lines, lists no passing case, and shows no progress when short and not a TTY', async () => {
    const dir = await tempDir('banter-gen-')
    const jsonl = path.join(dir, 'results.jsonl')
    const res = await runCli([
      'run',
      'scenarios/generators',
      '--generate',
      '40',
      '--seed',
      '77',
      '-r',
      `console,json:${dir}/report.json`,
      '--results-jsonl',
      jsonl,
    ])
    expect(res.code).toBe(0)
    expect(res.stderr).toContain('seed 77')
    expect(res.stderr).not.toContain('progress:')
    expect(res.stdout).not.toContain('✓')
    expect(res.stdout).toContain('40 passed')
    const report = JSON.parse(await readFile(path.join(dir, 'report.json'), 'utf8'))
    expect(report.run.seed).toBe(77)
    expect(report.summary.conversations).toBe(40)
    const lines = (await readFile(jsonl, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string })
    expect(lines).toHaveLength(40)
    expect(new Set(lines.map((l) => l.id)).size).toBe(40)
  }, 60_000)

  it('a random seed is printed when none is given', async () => {
    const res = await runCli(['run', 'scenarios/generators/greeting.yaml', '--generate', '3', '--quiet'])
    expect(res.code).toBe(0)
    expect(res.stderr).toMatch(/seed \d+ \(repeat this run with --seed \d+\)/)
  }, 60_000)

  it('bad flag combinations and bad seeds are usage errors (exit 2) without a stack trace', async () => {
    for (const args of [
      ['--case', 'greeting#1'],
      ['--seed', '5'],
      ['--generate', '3', '--seed', '-1'],
      ['--generate', '3', '--seed', 'abc'],
      ['--generate', '0'],
      ['--save-failures', 'x'],
    ]) {
      const res = await runCli(['run', 'scenarios/generators', ...args])
      expect(res.code, args.join(' ')).toBe(2)
      expect(res.stderr).not.toMatch(/\n\s+at .*\.js:\d+/)
    }
  }, 60_000)

  it('--tag and --grep narrow the generators; a filter that keeps none, or excludes the --case, is an input error (exit 2)', async () => {
    const dir = await tempDir('banter-gen-filter-')
    const tagged = await runCli([
      'run',
      'scenarios/generators',
      '--generate',
      '8',
      '--seed',
      '3',
      '--tag',
      'orders',
      '-r',
      `json:${dir}/tagged.json`,
      '--quiet',
    ])
    expect(tagged.code, tagged.stderr).toBe(0)
    const ids = (JSON.parse(await readFile(path.join(dir, 'tagged.json'), 'utf8')) as { cases: { id: string }[] }).cases.map((c) => c.id)
    expect(ids.sort()).toEqual([
      'cancel-order#0',
      'cancel-order#1',
      'order-help#0',
      'order-help#1',
      'order-status#0',
      'order-status#1',
      'refund#0',
      'refund#1',
    ])

    const none = await runCli(['run', 'scenarios/generators', '--generate', '8', '--seed', '3', '--tag', 'nope', '--grep', 'order'])
    expect(none.code).toBe(2)
    expect(none.stderr).toContain('no generator matches --grep "order" and --tag nope (7 loaded)')
    expect(none.stderr).not.toMatch(/\n\s+at .*\.js:\d+/)

    const badGrep = await runCli(['run', 'scenarios/generators', '--generate', '8', '--seed', '3', '--grep', '('])
    expect(badGrep.code).toBe(2)
    expect(badGrep.stderr).toContain('--grep:')

    const excluded = await runCli(['run', 'scenarios/generators', '--case', 'greeting#2', '--seed', '3', '--tag', 'orders'])
    expect(excluded.code).toBe(2)
    expect(excluded.stderr).toContain('--case greeting#2: generator "greeting" does not match --tag orders')
  }, 60_000)

  it('banter validate checks generators too', async () => {
    const res = await runCli(['validate', 'fixtures/invalid/generator-unknown-faker-method.yaml'])
    expect(res.code).toBe(2)
    expect(res.stderr).toContain('did you mean "numeric"?')
  }, 30_000)
})
