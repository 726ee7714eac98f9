import path from 'node:path'
import { closest } from '../diagnostics/suggest.js'
import { inputError } from '../core/errors.js'
import { readProblem, readRegularFile } from '../util/regular-file.js'
import { DIRECTION, isMetricName, METRIC_NAMES, type MetricName } from '../metrics/metric-names.js'
import { checkReport } from '../merge/check-report.js'
import type { RunReport } from '../report/model.js'
import { nestedDeeperThan, REPORT_MAX_DEPTH } from '../util/json-depth.js'
import type { Tolerance } from './compare.js'

/** Reads a JSON report for `banter compare`; unreadable, invalid (merge/check-report.ts) or incompatible files are input errors (exit 2). */
export async function readReport(file: string, cwd: string): Promise<RunReport> {
  let text: string
  try {
    text = (await readRegularFile(path.resolve(cwd, file))).toString('utf8')
  } catch (err) {
    throw inputError('REPORT_UNREADABLE', `cannot read report ${file}: ${readProblem(err)}`)
  }
  if (nestedDeeperThan(text, REPORT_MAX_DEPTH))
    throw inputError(
      'REPORT_INVALID',
      `${file} is nested deeper than ${REPORT_MAX_DEPTH} levels, which no banter report is`,
      'pass the file written by --reporter json (banter-report.json)',
    )
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (err) {
    throw inputError(
      'REPORT_INVALID',
      `${file} is not JSON: ${(err as Error).message}`,
      'pass the file written by --reporter json (banter-report.json)',
    )
  }
  return checkReport(data, file)
}

/** Parses `--tolerance intent_accuracy=0.02,response_time_p95=10%`. */
export function parseTolerances(values: string[]): Partial<Record<MetricName, Tolerance>> {
  const out: Partial<Record<MetricName, Tolerance>> = {}
  for (const raw of values) {
    const m = /^\s*([A-Za-z0-9_]+)\s*=\s*(\d+(?:\.\d+)?|\.\d+)\s*(%?)\s*$/.exec(raw)
    if (!m)
      throw inputError(
        'INVALID_TOLERANCE',
        `--tolerance: expected metric=number or metric=number%, got "${raw}"`,
        'for example --tolerance intent_accuracy=0.02 --tolerance response_time_p95=10%',
      )
    const name = m[1]!
    if (!isMetricName(name)) {
      const near = closest(name, METRIC_NAMES)
      throw inputError(
        'UNKNOWN_METRIC',
        `--tolerance: unknown metric "${name}"`,
        near ? `did you mean "${near}"?` : `metrics: ${METRIC_NAMES.join(', ')}`,
      )
    }
    // Counts and banter's own load describe the run, neither better nor worse: a tolerance would be silently ignored.
    if (DIRECTION[name] === 'none')
      throw inputError(
        'INVALID_TOLERANCE',
        `--tolerance: ${name} describes the run (it is neither better nor worse), so compare never gates it`,
        name.startsWith('runner_')
          ? `gate banter's own load in the run with a threshold, for example --threshold "runner_queueing_p99_ms > 100"`
          : 'give a tolerance to a quality, timing or throughput metric',
      )
    out[name] = { value: Number(m[2]), relative: m[3] === '%' }
  }
  return out
}
