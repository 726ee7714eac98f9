import path from 'node:path'
import { mergeReports } from '../../merge/merge-reports.js'
import { readReports } from '../../merge/read-reports.js'
import { REPORTERS } from '../../reporters/registry.js'
import { documentOf } from '../../reporters/reporter.js'
import { prepareOutDir, useColor, writeAtomic } from '../output.js'
import { parseReporterSpecs } from '../reporter-specs.js'
import { isHttpUrl } from '../../config/load-config.js'
import { inputError } from '../../core/errors.js'
import { briefClosing } from '../../reporters/console.js'
import { pushMetrics } from '../pushgateway.js'
import { appendStepSummary } from '../step-summary.js'
import { exitCode } from '../run-closing.js'
import { withGithub } from '../run-outputs.js'

import { MERGE_OPTIONS, type MergeFlags } from '../../options/command-options.js'

/**
 * `banter merge`: read shard JSON reports, merge them, write the requested reporters from the
 * merged report, and exit as the whole run would have (0, 1 or 3).
 */
export async function mergeCommand(files: string[], flags: MergeFlags): Promise<number> {
  const cwd = process.cwd()
  if (flags.pushgateway && !isHttpUrl(flags.pushgateway))
    throw inputError(
      'INVALID_URL',
      `--pushgateway: not an http(s) URL: "${flags.pushgateway}"`,
      'for example --pushgateway http://127.0.0.1:9091',
    )
  const specs = parseReporterSpecs(
    withGithub(flags.reporter ?? MERGE_OPTIONS.reporter.default, process.env),
    flags.out ?? MERGE_OPTIONS.out.default,
    cwd,
  )
  const report = mergeReports(await readReports(files, cwd), { allowMissing: flags.allowMissing })
  for (const dir of new Set(specs.filter((s) => s.file).map((s) => path.dirname(s.file!)))) await prepareOutDir(dir)
  const color = useColor(process.stdout, process.env)
  process.stderr.write(`merged ${files.length} report${files.length === 1 ? '' : 's'}: ${report.summary.conversations} conversations\n`)
  const omitted = report.run.casesOmitted ?? 0
  if (omitted > 0)
    process.stderr.write(
      `note: the shard reports omit ${omitted} passed generated conversations; the summary, the metrics and the alerts count them (from each shard's metricState), the report lists the ${report.cases.length} kept\n`,
    )
  for (const spec of specs) {
    const reporter = REPORTERS[spec.name].create({ color, cwd, env: process.env })
    if (spec.file) {
      await writeAtomic(spec.file, documentOf(reporter, report))
      process.stderr.write(`wrote ${path.relative(cwd, spec.file) || spec.file}\n`)
    } else {
      process.stdout.write(reporter.onRunEnd(report))
    }
  }
  if (!specs.some((s) => s.name === 'console')) process.stdout.write(briefClosing(color, report))
  await appendStepSummary(report, process.env)
  if (flags.pushgateway) {
    const failed = await pushMetrics(flags.pushgateway, report)
    process.stderr.write(
      failed ? `warning: could not push metrics to the Pushgateway: ${failed}\n` : `pushed metrics to ${flags.pushgateway}\n`,
    )
  }
  return exitCode(report)
}
