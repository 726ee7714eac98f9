import type { ReporterFactory } from './reporter.js'

/** The JSON report: the RunReport as it is (shape documented in the README, with `version`). */
export const jsonReporter: ReporterFactory = {
  file: 'banter-report.json',
  create: () => ({
    onRunEnd: (report) => `${JSON.stringify(report, null, 2)}\n`,
  }),
}
