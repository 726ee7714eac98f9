import { mkdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { RunReport } from '../../src/report/model.js'
import { runCli } from '../helpers/in-process-cli.js'
import { tempDir } from '../helpers/temp-dir.js'

// A suite larger than what run() keeps compiled (run.ts KEEP_COMPILED = 1000): the later scenarios
// are compiled again from their file's text as they start. Their verdicts, locations, captures
// and includes must be what the first ones get.
const FILES = 12
const PER_FILE = 100

function scenario(file: number, i: number): string {
  const order = String(10000 + file * PER_FILE + i)
  // The very last scenario expects the wrong intent: its failure must point at its own line.
  const intent = file === FILES - 1 && i === PER_FILE - 1 ? 'goodbye' : 'greeting'
  return `- name: f${file} s${i}
  tags: [${i % 2 ? 'odd' : 'even'}]
  variables: { order: "${order}" }
  turns:
    - include: greeting
    - user: Hello
      expect: { intent: ${intent} }
    - user: Where is my order {{order}}?
      expect:
        intent: order_status
        entities: [{ type: order_id, value: "{{order}}" }]
`
}

async function largeSuite(): Promise<string> {
  const dir = await tempDir('banter-large-suite-')
  await mkdir(path.join(dir, 'scenarios', 'fragments'), { recursive: true })
  await writeFile(
    path.join(dir, 'scenarios', 'fragments', 'common.yaml'),
    'fragments:\n  greeting:\n    turns:\n      - user: Hi there\n        expect: { intent: greeting, action: greet }\n',
  )
  for (let f = 0; f < FILES; f++) {
    const name = `s${String(f).padStart(2, '0')}.yaml`
    await writeFile(path.join(dir, 'scenarios', name), Array.from({ length: PER_FILE }, (_, i) => scenario(f, i)).join(''))
  }
  return dir
}

describe('a suite larger than what stays compiled', () => {
  it('runs every scenario, in order, with the verdicts and locations of its own file', { timeout: 120_000 }, async () => {
    const dir = await largeSuite()
    const r = await runCli(['run', 'scenarios', '--quiet', '--concurrency', '32', '--reporter', 'json', '--out', 'out'], { cwd: dir })
    expect(r.code, r.stderr).toBe(1)
    const report = JSON.parse(await readFile(path.join(dir, 'out', 'banter-report.json'), 'utf8')) as RunReport
    const total = FILES * PER_FILE
    expect(report.summary).toMatchObject({ conversations: total, passed: total - 1, failed: 1, errored: 0 })
    expect(report.cases.map((c) => c.name)).toEqual(
      Array.from({ length: total }, (_, k) => `f${Math.floor(k / PER_FILE)} s${k % PER_FILE}`),
    )
    // Each turn of each scenario was sent with its own variables and checked.
    for (const c of report.cases)
      expect(c.turns.map((t) => t.user)).toEqual([
        'Hi there',
        'Hello',
        `Where is my order ${10000 + Number(c.name.slice(1, c.name.indexOf(' '))) * PER_FILE + Number(c.name.split(' s')[1])}?`,
      ])
    const failed = report.cases.filter((c) => c.status === 'failed')
    expect(failed.map((c) => [c.name, c.file, c.loc.line])).toEqual([['f11 s99', 'scenarios/s11.yaml', 99 * 11 + 1]])
    const verdict = failed[0]!.turns[1]!.verdicts.find((v) => !v.pass)!
    expect([verdict.check, verdict.loc.line]).toEqual(['intent', 99 * 11 + 7])
  })

  it('selects by tag and shards the deferred scenarios as it does the compiled ones', { timeout: 120_000 }, async () => {
    const dir = await largeSuite()
    // The three shards of the odd scenarios split them exactly, and the one failure is in one of them.
    const ids: string[] = []
    let failures = 0
    for (const shard of ['1/3', '2/3', '3/3']) {
      const out = `out-${shard[0]}`
      const r = await runCli(['run', 'scenarios', '--quiet', '--tag', 'odd', '--shard', shard, '--reporter', 'json', '--out', out], {
        cwd: dir,
      })
      expect([0, 1], r.stderr).toContain(r.code)
      const part = JSON.parse(await readFile(path.join(dir, out, 'banter-report.json'), 'utf8')) as RunReport
      expect(part.cases.every((c) => c.tags.includes('odd'))).toBe(true)
      expect(part.cases.length).toBeGreaterThan(150)
      ids.push(...part.cases.map((c) => c.id))
      failures += part.summary.failed
    }
    expect(new Set(ids).size).toBe((FILES * PER_FILE) / 2)
    expect(ids.length).toBe((FILES * PER_FILE) / 2)
    expect(failures).toBe(1)
  })
})
