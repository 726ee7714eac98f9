import { consoleReporter } from './console.js'
import { htmlReporter } from './html/index.js'
import { jsonReporter } from './json.js'
import { githubReporter } from './github.js'
import { junitReporter, junitStrictReporter } from './junit.js'
import { markdownReporter } from './markdown.js'
import { prometheusReporter } from './prometheus.js'
import type { ReporterFactory } from './reporter.js'

/** Reporters by the name users give to --reporter. */
export const REPORTERS: Record<string, ReporterFactory> = {
  console: consoleReporter,
  json: jsonReporter,
  junit: junitReporter,
  'junit-strict': junitStrictReporter,
  markdown: markdownReporter,
  prometheus: prometheusReporter,
  html: htmlReporter,
  github: githubReporter,
}
