import { consoleReporter } from './console.js'
import { htmlReporter } from './html/index.js'
import { jsonReporter } from './json.js'
import { junitReporter } from './junit.js'
import { markdownReporter } from './markdown.js'
import { prometheusReporter } from './prometheus.js'
import type { ReporterFactory } from './reporter.js'

/** Reporters by the name users give to --reporter. */
export const REPORTERS: Record<string, ReporterFactory> = {
  console: consoleReporter,
  json: jsonReporter,
  junit: junitReporter,
  markdown: markdownReporter,
  prometheus: prometheusReporter,
  html: htmlReporter,
}
