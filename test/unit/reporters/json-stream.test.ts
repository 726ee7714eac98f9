import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { writeAtomic } from '../../../src/cli/output.js'
import { jsonChunks, jsonReporter } from '../../../src/reporters/json.js'
import { documentOf } from '../../../src/reporters/reporter.js'
import type { RunReport } from '../../../src/report/model.js'
import { cannedReport } from '../../helpers/canned-report.js'
import { tempDir } from '../../helpers/temp-dir.js'

describe('the JSON report is streamed', () => {
  it('its pieces join to exactly JSON.stringify(report, null, 2) and a newline', () => {
    const report = cannedReport()
    const pieces = [...jsonChunks(report)]
    expect(pieces.length).toBeGreaterThan(report.cases.length)
    expect(pieces.join('')).toBe(`${JSON.stringify(report, null, 2)}\n`)
    expect(jsonReporter.create({ color: false }).onRunEnd(report)).toBe(`${JSON.stringify(report, null, 2)}\n`)
  })

  it('the same for no cases, undefined fields and strings holding newlines, quotes and control characters', () => {
    const report = { ...cannedReport(), cases: [], metrics: undefined } as RunReport
    expect([...jsonChunks(report)].join('')).toBe(`${JSON.stringify(report, null, 2)}\n`)
    const odd = cannedReport()
    odd.cases[0]!.turns[0]!.reply!.text = 'line 1\nline 2 "quoted" \\ \u001b[31mred\u001b[0m'
    expect(JSON.parse([...jsonChunks(odd)].join(''))).toEqual(JSON.parse(JSON.stringify(odd)))
    expect([...jsonChunks(odd)].join('')).toBe(`${JSON.stringify(odd, null, 2)}\n`)
  })

  it('the CLI writes the pieces to the file without joining them', async () => {
    const report = cannedReport()
    const dir = await tempDir('banter-json-stream-')
    const file = path.join(dir, 'banter-report.json')
    const doc = documentOf(jsonReporter.create({ color: false }), report)
    expect(typeof doc).not.toBe('string')
    await writeAtomic(file, doc)
    expect(await readFile(file, 'utf8')).toBe(`${JSON.stringify(report, null, 2)}\n`)
  })
})
