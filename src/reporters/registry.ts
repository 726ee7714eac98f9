import { neutraliseDeep } from '../util/safe-text.js'
import { consoleReporter } from './console.js'
import { htmlReporter } from './html/index.js'
import { jsonReporter } from './json.js'
import { githubReporter } from './github.js'
import { junitReporter, junitStrictReporter } from './junit.js'
import { markdownReporter } from './markdown.js'
import { prometheusReporter } from './prometheus.js'
import type { Reporter, ReporterFactory } from './reporter.js'
import type { ReporterName } from './names.js'

/**
 * A text reporter sees the report with control characters from the endpoint made visible (see
 * util/safe-text.ts), so no reply can drive the terminal or hide inside Markdown, JUnit or HTML.
 * The JSON report stays faithful.
 */
function plainText(factory: ReporterFactory): ReporterFactory {
  return {
    ...factory,
    create: (opts) => {
      const inner = factory.create(opts)
      const safe: Reporter = { onRunEnd: (report) => inner.onRunEnd(neutraliseDeep(report)) }
      if (inner.onRunStart) safe.onRunStart = (info) => inner.onRunStart!(neutraliseDeep(info))
      if (inner.onCaseResult) safe.onCaseResult = (result) => inner.onCaseResult!(neutraliseDeep(result))
      // Streamed cases are made safe one at a time, as they are read.
      if (inner.streamRunEnd)
        safe.streamRunEnd = (report, cases) =>
          inner.streamRunEnd!(neutraliseDeep(report), { size: cases.size, at: (i) => neutraliseDeep(cases.at(i)) })
      return safe
    },
  }
}

/** Reporters by the name users give to --reporter (names.ts lists the names). */
export const REPORTERS: Record<ReporterName, ReporterFactory> = {
  console: plainText(consoleReporter),
  json: jsonReporter,
  junit: plainText(junitReporter),
  'junit-strict': plainText(junitStrictReporter),
  markdown: plainText(markdownReporter),
  prometheus: plainText(prometheusReporter),
  html: plainText(htmlReporter),
  github: plainText(githubReporter),
}
