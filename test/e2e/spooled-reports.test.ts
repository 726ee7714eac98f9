import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { RunReport } from '../../src/report/model.js'
import { runCli } from '../helpers/cli.js'
import { tempDir } from '../helpers/temp-dir.js'

/** Scenario files for the embedded assistant; every fifth conversation expects the wrong intent. */
async function suite(dir: string, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const intent = i % 5 === 0 ? 'goodbye' : 'greeting'
    await writeFile(
      path.join(dir, `s-${String(i).padStart(3, '0')}.yaml`),
      `- name: Conversation ${i}\n  turns:\n    - user: Hello\n      expect:\n        intent: ${intent}\n`,
    )
  }
}

describe('a scenario run spools its conversations to disk and writes every report from there', () => {
  it('JSON, JUnit and HTML list every conversation in input order; --results-jsonl keeps the spool, a temporary one is removed', async () => {
    const dir = await tempDir('banter-spooled-')
    const scenarios = path.join(dir, 'scenarios')
    await mkdir(scenarios)
    await suite(scenarios, 24)
    const out = path.join(dir, 'out')
    const r = await runCli(['run', 'scenarios', '-j', '6', '--reporter', 'json,junit,html,console', '--out', 'out'], {
      cwd: dir,
      timeoutMs: 60_000,
    })
    expect(r.code, r.stderr).toBe(1)
    const report = JSON.parse(await readFile(path.join(out, 'banter-report.json'), 'utf8')) as RunReport
    expect(report.cases.map((c) => c.name)).toEqual(Array.from({ length: 24 }, (_, i) => `Conversation ${i}`))
    expect(report.summary).toMatchObject({ conversations: 24, passed: 19, failed: 5 })
    const junit = await readFile(path.join(out, 'junit.xml'), 'utf8')
    expect(junit.match(/<testcase name="Conversation \d+"/g)).toHaveLength(24)
    expect(junit.match(/<failure /g)).toHaveLength(5)
    const html = await readFile(path.join(out, 'report.html'), 'utf8')
    expect(JSON.parse(/id="banter-data">(.*?)<\/script>/s.exec(html)![1]!).cases).toHaveLength(24)
    // The console lists each failure.
    expect(r.stdout.match(/✗ Conversation \d+ \(/g)).toHaveLength(5)
    expect((await readdir(out)).sort()).toEqual(['banter-report.json', 'junit.xml', 'report.html'])

    const kept = await runCli(['run', 'scenarios', '--reporter', 'json', '--out', 'out2', '--results-jsonl', 'results.jsonl'], {
      cwd: dir,
      timeoutMs: 60_000,
    })
    expect(kept.code).toBe(1)
    const lines = (await readFile(path.join(dir, 'results.jsonl'), 'utf8')).trimEnd().split('\n')
    expect(lines.map((l) => (JSON.parse(l) as { name: string }).name).sort()).toEqual(report.cases.map((c) => c.name).sort())
    expect((JSON.parse(await readFile(path.join(dir, 'out2', 'banter-report.json'), 'utf8')) as RunReport).cases).toHaveLength(24)
    expect(await readdir(path.join(dir, 'out2'))).toEqual(['banter-report.json'])
  }, 120_000)
})
