import path from 'node:path'
import { inputError } from '../errors.js'
import { readProblem, readRegularFile } from '../util/regular-file.js'
import type { RunReport } from '../results.js'

/** A JSON report and where it was read from (for messages). */
export interface LoadedReport {
  file: string
  report: RunReport
}

/** The report versions `banter merge` understands. */
export const SUPPORTED_VERSIONS: readonly number[] = [1]

/**
 * Reads and shape-checks JSON reports written by `banter run --reporter json`. A missing file,
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
    let parsed: unknown
    try {
      parsed = JSON.parse(text)
    } catch (err) {
      throw inputError('REPORT_INVALID_JSON', `${file}: not valid JSON (${(err as Error).message})`, 'pass the files written by --reporter json')
    }
    loaded.push({ file, report: checkShape(parsed, file) })
  }
  return loaded
}

function checkShape(value: unknown, file: string): RunReport {
  const r = value as Partial<RunReport> | null
  const bad = (what: string) => inputError('REPORT_NOT_BANTER', `${file}: not a banter JSON report (${what})`, 'pass the files written by --reporter json')
  if (typeof r !== 'object' || r === null || Array.isArray(r)) throw bad('expected a JSON object')
  if (r.tool?.name !== 'banter') throw bad('tool.name is not "banter"')
  if (!SUPPORTED_VERSIONS.includes(r.version as number)) {
    throw inputError('REPORT_VERSION', `${file}: report version ${JSON.stringify(r.version)} is not supported (this banter reads version ${SUPPORTED_VERSIONS.join(', ')})`, 'merge reports written by the same banter version')
  }
  if (typeof r.run !== 'object' || r.run === null || !Array.isArray(r.run.paths)) throw bad('missing run.paths')
  if (!Array.isArray(r.cases)) throw bad('missing cases')
  for (const [i, c] of r.cases.entries()) {
    if (typeof c?.id !== 'string' || typeof c.status !== 'string' || !Array.isArray(c.turns)) throw bad(`cases[${i}] lacks id, status or turns`)
  }
  return r as RunReport
}
