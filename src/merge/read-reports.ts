import path from 'node:path'
import { inputError } from '../core/errors.js'
import { readProblem, readRegularFile } from '../util/regular-file.js'
import type { RunReport } from '../report/model.js'
import { nestedDeeperThan, REPORT_MAX_DEPTH } from '../util/json-depth.js'
import { checkReport } from './check-report.js'

/** A JSON report and where it was read from (for messages). */
export interface LoadedReport {
  file: string
  report: RunReport
}

/**
 * Reads and validates JSON reports (merge/check-report.ts) written by `banter run --reporter json`. A missing file,
 * invalid JSON or something that is not a banter report is an input error naming the file.
 */
export async function readReports(files: readonly string[], cwd: string): Promise<LoadedReport[]> {
  const loaded: LoadedReport[] = []
  for (const file of files) {
    const absolute = path.resolve(cwd, file)
    let text: string
    try {
      text = (await readRegularFile(absolute)).toString('utf8')
    } catch (err) {
      throw inputError('REPORT_UNREADABLE', `${file}: cannot read report (${readProblem(err)})`)
    }
    if (nestedDeeperThan(text, REPORT_MAX_DEPTH))
      throw inputError(
        'REPORT_TOO_DEEP',
        `${file}: nested deeper than ${REPORT_MAX_DEPTH} levels, which no banter report is`,
        'pass the files written by --reporter json',
      )
    let parsed: unknown
    try {
      parsed = JSON.parse(text)
    } catch (err) {
      throw inputError(
        'REPORT_INVALID_JSON',
        `${file}: not valid JSON (${(err as Error).message})`,
        'pass the files written by --reporter json',
      )
    }
    loaded.push({ file, report: checkReport(parsed, file) })
  }
  return loaded
}
