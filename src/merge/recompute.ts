import { summarize } from '../metrics/summary.js'
import type { RunReport } from '../results.js'

/**
 * The single place where a merged report's derived figures are rebuilt from its cases (never
 * averaged across shards): today the summary counts. Run metrics (issue 4's `measure(cases)`)
 * belong here too, so that percentiles come from the merged per-turn samples.
 */
export function recompute(report: RunReport): RunReport {
  return { ...report, summary: summarize(report.cases) }
}
