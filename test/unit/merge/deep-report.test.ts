import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { readReport } from '../../../src/compare/read-report.js'
import { InputError } from '../../../src/core/errors.js'
import { readReports } from '../../../src/merge/read-reports.js'
import { jsonChunks } from '../../../src/reporters/json.js'
import { nestedDeeperThan } from '../../../src/util/json-depth.js'
import { cannedReport } from '../../helpers/canned-report.js'
import { tempDir } from '../../helpers/temp-dir.js'

const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'no error',
    (e: unknown) => (e instanceof InputError ? e.diagnostics[0]!.code : String(e)),
  )

describe('a report file nested thousands of levels deep', () => {
  it('is an input error for merge and compare, not a stack overflow', async () => {
    const dir = await tempDir('banter-deep-report-')
    const file = path.join(dir, 'deep.json')
    const text = JSON.stringify(cannedReport()).replace('"greeting"', `${'['.repeat(50_000)}1${']'.repeat(50_000)}`)
    await writeFile(file, text)
    expect(await codeOf(readReports([file], dir))).toBe('REPORT_TOO_DEEP')
    expect(await codeOf(readReport(file, dir))).toBe('REPORT_INVALID')
  })

  it('a report banter wrote is read as before', async () => {
    const dir = await tempDir('banter-deep-report-')
    const file = path.join(dir, 'ok.json')
    await writeFile(file, [...jsonChunks(cannedReport())].join(''))
    expect(await codeOf(readReports([file], dir))).toBe('no error')
    expect(await codeOf(readReport(file, dir))).toBe('no error')
  })

  it('the depth scan ignores brackets inside strings and escaped quotes', () => {
    expect(nestedDeeperThan('{"a": "[[[[[[[[", "b": "\\"[[[[["}', 2)).toBe(false)
    expect(nestedDeeperThan('[[[1]]]', 2)).toBe(true)
    expect(nestedDeeperThan('[[[1]]]', 3)).toBe(false)
    expect(nestedDeeperThan('[{"a":[]}]', 3)).toBe(false)
  })
})
