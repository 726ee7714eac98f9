import type { ReporterFactory } from '../reporter.js'
import { htmlChunks, renderHtml } from './page.js'

/** The HTML report: one self-contained page (see page.ts); reads `metrics` and `alerts` when present. */
export const htmlReporter: ReporterFactory = {
  file: 'report.html',
  create: () => ({
    onRunEnd: (report) => renderHtml(report),
    streamRunEnd: htmlChunks,
  }),
}
