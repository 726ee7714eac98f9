import type { ResolvedConfig } from '../config/load-config.js'
import { EXIT } from '../core/errors.js'
import type { RunFlags } from '../options/run-options.js'
import type { ArrivalStats, RunReport } from '../report/model.js'
import { verdictCounts } from '../report/verdict-counts.js'
import { briefClosing } from '../reporters/console.js'
import { maskUrlCredentials, redactor } from '../secrets/redact.js'
import { neutralise } from '../util/safe-text.js'
import { pushMetrics } from './pushgateway.js'
import type { ActiveReporter } from './run-outputs.js'
import { appendStepSummary } from './step-summary.js'

/**
 * What `banter run` says once its reports are written: the brief closing line without the
 * console reporter, warnings on stderr, the GitHub step summary, the Pushgateway push, the
 * open-loop schedule against what happened, and why a stopped run stopped.
 */
export async function closeRun(
  report: RunReport,
  ctx: { flags: RunFlags; config: ResolvedConfig; reporters: ActiveReporter[]; color: boolean; print: (text: string) => void },
): Promise<void> {
  const { flags, config, reporters, color, print } = ctx
  if (!reporters.some(({ spec }) => spec.name === 'console')) print(briefClosing(color, report))
  // The console reporter shows warnings itself; without it on the terminal they go to stderr.
  if (!reporters.some(({ spec }) => spec.name === 'console' && !spec.file)) {
    for (const w of report.warnings ?? []) process.stderr.write(`warning: ${w.message} (${w.code})\n`)
  }
  await appendStepSummary(report, process.env)
  if (flags.pushgateway) {
    const failed = await pushMetrics(flags.pushgateway, report, { redact: redactor(config.secrets) })
    process.stderr.write(
      failed
        ? `warning: could not push metrics to the Pushgateway: ${neutralise(failed)}\n`
        : `pushed metrics to ${maskUrlCredentials(flags.pushgateway)}\n`,
    )
  }
  if (report.run.arrival) process.stderr.write(describeArrival(report.run.arrival))
  const stopped = report.run.interrupted
  const notRun = report.run.repeat ? 'conversation run' : 'conversation'
  if (stopped)
    process.stderr.write(
      `${stopped.reason === 'interrupted' ? 'interrupted' : 'error'}: ${neutralise(stopped.message)}; ${stopped.notRun} ${notRun}${stopped.notRun === 1 ? '' : 's'} not run\n`,
    )
}

/** The open-loop run's schedule against what happened, for stderr. */
function describeArrival(a: ArrivalStats): string {
  return `arrival rate: target ${a.target_rate}/s, achieved ${a.achieved_rate}/s; ${a.scheduled} scheduled, ${a.started} started, ${a.dropped} dropped, ${a.late} late (start delay p99 ${a.start_delay_p99_ms} ms)${a.not_run ? `, ${a.not_run} not run` : ''}\n`
}

/**
 * 130 when interrupted; 3 when conversations errored (verdicts untrustworthy), else 1 on a failure
 * or an alert, else 0. Repeated runs count conversations by outcome (see verdictCounts): flaky
 * ones pass unless a threshold such as `flaky_rate > 0` alerts.
 */
export function exitCode(report: RunReport): number {
  if (report.run.interrupted?.reason === 'interrupted') return EXIT.interrupted
  if (report.run.interrupted) return EXIT.errored
  const counts = verdictCounts(report.summary)
  if (counts.errored > 0) return EXIT.errored
  if (counts.failed > 0 || (report.alerts?.length ?? 0) > 0) return EXIT.failed
  return EXIT.ok
}
