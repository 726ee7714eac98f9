import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { openCaseSpool } from '../../../src/cli/case-spool.js'
import { summarize } from '../../../src/metrics/tally.js'
import type { CaseResult, RunReport } from '../../../src/report/model.js'
import { MAX_HTML_CASES } from '../../../src/reporters/html/page.js'
import { REPORTERS } from '../../../src/reporters/registry.js'
import { documentOf, type CaseSource } from '../../../src/reporters/reporter.js'
import { cannedReport } from '../../helpers/canned-report.js'
import { tempDir } from '../../helpers/temp-dir.js'

/** The canned cases, each repeated `times` with its own id and file, so files interleave as a real run's may. */
function bigReport(times: number): RunReport {
  const base = cannedReport()
  const cases: CaseResult[] = []
  for (let k = 0; k < times; k++) {
    for (const c of base.cases)
      cases.push({ ...structuredClone(c), id: `${c.id} ${k}`, name: `${c.name} ${k}`, file: `scenarios/f${k % 3}.yaml` })
  }
  return { ...base, cases, summary: summarize(cases) }
}

/** Adds the cases in a scrambled completion order, as a concurrent run finishes them. */
async function spooled(report: RunReport, file: string, temporary: boolean) {
  const spool = await openCaseSpool(file, { temporary })
  const order = report.cases.map((_, i) => i).sort((a, b) => ((a * 7919) % 13) - ((b * 7919) % 13) || b - a)
  for (const i of order) spool.add(report.cases[i]!, i)
  return { spool, cases: await spool.close(), order }
}

const text = (doc: string | Iterable<string>) => (typeof doc === 'string' ? doc : [...doc].join(''))

describe('the case spool', () => {
  it('reads back every conversation in input order, whatever order they finished in', async () => {
    const report = bigReport(4)
    const file = path.join(await tempDir('banter-spool-'), 'results.jsonl')
    const { spool, cases, order } = await spooled(report, file, false)
    expect(cases.size).toBe(report.cases.length)
    expect(Array.from({ length: cases.size }, (_, i) => cases.at(i))).toEqual(report.cases)
    // The file is the --results-jsonl format: one result per line, in completion order.
    const lines = (await readFile(file, 'utf8'))
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as CaseResult)
    expect(lines.map((c) => c.id)).toEqual(order.map((i) => report.cases[i]!.id))
    spool.dispose()
    expect(await readdir(path.dirname(file))).toEqual(['results.jsonl'])
  })

  it('every listing report written from the spool and a sample is the report written from memory, byte for byte', async () => {
    const report = bigReport(5)
    const dir = await tempDir('banter-spool-')
    const { spool, cases } = await spooled(report, path.join(dir, '.spool.jsonl'), true)
    const sample = { ...report, cases: report.cases.filter((c) => c.status !== 'passed').slice(0, 3) }
    for (const name of ['json', 'junit', 'junit-strict', 'html'] as const) {
      const fromMemory = REPORTERS[name].create({ color: false, cwd: '/work' }).onRunEnd(report)
      const streamed = documentOf(REPORTERS[name].create({ color: false, cwd: '/work' }), sample, cases)
      expect(typeof streamed, name).not.toBe('string')
      expect(text(streamed), name).toBe(fromMemory)
    }
    spool.dispose()
    // A temporary spool is removed.
    expect(await readdir(dir)).toEqual([])
  })

  it('names the flag when its file cannot be written', async () => {
    const dir = await tempDir('banter-spool-')
    await expect(openCaseSpool(path.join(dir, 'missing', 'r.jsonl'), { flag: '--results-jsonl' })).rejects.toMatchObject({
      diagnostics: [{ code: 'OUT_FILE_UNWRITABLE', message: expect.stringMatching(/^--results-jsonl: cannot write .*r\.jsonl: ENOENT/) }],
    })
  })
})

describe('the HTML report of a large run', () => {
  it(`lists every problem and then passes, up to ${MAX_HTML_CASES} in all, while its counts stay the run's`, { timeout: 60_000 }, () => {
    const total = MAX_HTML_CASES + 500
    // Every 50th conversation fails: 210 failures among 10,500.
    const [pass, fail] = cannedReport().cases
    const at = (i: number): CaseResult => ({ ...(i % 50 === 0 ? fail! : pass!), id: `c${i}`, name: `c${i}` })
    const all: CaseSource = { size: total, at }
    const statuses = Array.from({ length: total }, (_, i) => at(i).status)
    const failed = statuses.filter((s) => s === 'failed').length
    const report = {
      ...cannedReport(),
      cases: [],
      summary: { ...cannedReport().summary, conversations: total, passed: total - failed, failed, errored: 0, skipped: 0 },
    }
    const html = text(documentOf(REPORTERS.html!.create({ color: false }), report, all))
    const data = JSON.parse(/<script type="application\/json" id="banter-data">(.*?)<\/script>/s.exec(html)![1]!) as {
      cases: { n: string; s: string }[]
    }
    expect(data.cases).toHaveLength(MAX_HTML_CASES)
    expect(data.cases.filter((c) => c.s === 'failed')).toHaveLength(failed)
    // In run order: the listed passes are the first ones.
    const listedPasses = data.cases.filter((c) => c.s === 'passed').map((c) => Number(c.n.slice(1)))
    expect(listedPasses.at(-1)).toBeLessThan(total - 1)
    expect(listedPasses).toEqual([...listedPasses].sort((a, b) => a - b))
    expect(html).toContain(
      `data-listed="${MAX_HTML_CASES}" data-total="${total}">The table lists ${MAX_HTML_CASES} of the run's ${total} conversations (every failed, errored and skipped one, then passes, up to ${MAX_HTML_CASES} in all); 500 conversations are counted above but not listed: the JSON report has every one.`,
    )
    expect(html).toContain(`${total - failed} passed, ${failed} failed`)
  })
})
