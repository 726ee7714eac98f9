import { isHttpUrl, loadConfig, type ResolvedConfig } from '../../config/load-config.js'
import { maskUrlCredentials } from '../../secrets/redact.js'
import { inputError } from '../../core/errors.js'
import { parseShardSpec } from '../../execute/shard-spec.js'
import { REPORTERS } from '../../reporters/registry.js'
import type { RunReport } from '../../report/model.js'
import { casesOf, type CaseSource } from '../../reporters/reporter.js'
import { run } from '../../run.js'
import { runFlagOptions, type RunFlags } from '../../options/run-options.js'
import { resolveRunSettings, type RunSettings } from '../../options/resolve-run-settings.js'
import { fdLimitWarning, openFileLimit } from '../fd-limit.js'
import { startEmbeddedAssistant } from '../embedded-assistant.js'
import { listenForInterrupts } from '../interrupts.js'
import { useColor } from '../output.js'
import { parseReporterSpecs, type ReporterSpec } from '../reporter-specs.js'
import { checkGenerateFlags, saveFailure } from '../generate-flags.js'
import type { CaseSpool } from '../case-spool.js'
import { checkRepeat } from '../../execute/repeat.js'
import { boundHeapGrowth, LARGE_GENERATED_RUN } from '../large-run.js'
import { isGenerated, openSpool, prepareOutputs, withGithub, writeReports, type ActiveReporter } from '../run-outputs.js'
import { createLiveOutput } from '../live-output.js'
import { closeRun, exitCode } from '../run-closing.js'

/** `banter run`: run, print, write the requested reports, and choose the exit code. */
export async function runCommand(paths: string[], flags: RunFlags): Promise<number> {
  const cwd = process.cwd()
  if ((flags.generate ?? 0) >= LARGE_GENERATED_RUN) boundHeapGrowth()
  const config = await loadConfig(flags.configFile, cwd, process.env)
  if (flags.pushgateway && !isHttpUrl(flags.pushgateway))
    throw inputError(
      'INVALID_URL',
      `--pushgateway: not an http(s) URL: "${maskUrlCredentials(flags.pushgateway)}"`,
      'for example --pushgateway http://127.0.0.1:9091',
    )
  if (flags.shardTotal !== undefined && flags.shardSpec === undefined) throw inputError('INVALID_SHARD', '--shard-total needs --shard auto')
  const shard = flags.shardSpec === undefined ? undefined : parseShardSpec(flags.shardSpec, { env: process.env, total: flags.shardTotal })
  const settings = resolveRunSettings({ ...flags, paths }, config, cwd)
  const outDir = settings.outDir
  const specs = parseReporterSpecs(withGithub(settings.reporter, process.env), outDir, settings.reporterBase)
  await checkGenerateFlags(flags)
  checkArrivalFlags(flags)
  checkRepeat(settings.repeat, { arrivalRate: flags.arrivalRate })
  const connections = flags.arrivalRate === undefined ? settings.concurrency : settings.maxInFlight
  const fdWarning = fdLimitWarning(connections, openFileLimit())
  if (fdWarning) process.stderr.write(`warning: ${fdWarning}\n`)
  const locks = await prepareOutputs(specs, flags, { cwd, outDir })
  try {
    return await runAndReport(paths, flags, { cwd, config, specs, shard, settings })
  } finally {
    await locks.release()
  }
}

async function runAndReport(
  paths: string[],
  flags: RunFlags,
  ctx: {
    cwd: string
    config: ResolvedConfig
    specs: ReporterSpec[]
    shard: ReturnType<typeof parseShardSpec> | undefined
    settings: RunSettings
  },
): Promise<number> {
  const { cwd, specs } = ctx
  const color = useColor(process.stdout, process.env)
  const reporters = specs.map((s) => ({ spec: s, reporter: REPORTERS[s.name].create({ color, cwd, env: process.env }) }))
  const spool = await openSpool(reporters, flags)
  try {
    return await runWithSpool(paths, flags, { ...ctx, reporters, color, spool })
  } finally {
    spool?.dispose()
  }
}

async function runWithSpool(
  paths: string[],
  flags: RunFlags,
  ctx: {
    cwd: string
    config: ResolvedConfig
    shard: ReturnType<typeof parseShardSpec> | undefined
    settings: RunSettings
    reporters: ActiveReporter[]
    color: boolean
    spool: CaseSpool | undefined
  },
): Promise<number> {
  const { cwd, config, shard, reporters, color, spool } = ctx
  const live = createLiveOutput(reporters, flags, spool)
  const interrupts = listenForInterrupts(ctx.settings.graceMs)
  let report: RunReport
  let cases: CaseSource | undefined
  try {
    report = await run(
      {
        ...runFlagOptions(flags),
        cwd,
        env: process.env,
        paths,
        shrinkFailures: flags.saveFailures !== undefined,
        signal: interrupts.signal,
        shard,
        defaultEndpoint: startEmbeddedAssistant,
        // Reports that list every conversation read them from the spool: the report in memory keeps a sample.
        sampleCases: !isGenerated(flags),
      },
      {
        ...live.hooks,
        onFailureShrunk: async (f, replayArgs) => {
          live.clear()
          process.stderr.write(await saveFailure(flags.saveFailures!, cwd, f, replayArgs))
        },
      },
      config,
    )
  } finally {
    cases = await live.close()
    interrupts.dispose()
  }
  await writeReports(reporters, report, { cwd, print: live.print, cases: cases && !isGenerated(flags) ? cases : casesOf(report) })
  await closeRun(report, { flags, config, reporters, color, print: live.print })
  return exitCode(report)
}

/** --duration and --max-in-flight shape an --arrival-rate schedule; alone they mean nothing. */
function checkArrivalFlags(flags: RunFlags): void {
  if (flags.arrivalRate !== undefined) return
  if (flags.durationMs !== undefined)
    throw inputError(
      'ARRIVAL_RATE_REQUIRED',
      '--duration needs --arrival-rate',
      'for example --arrival-rate 50/s --duration 30s; for a deadline on a normal run use --max-duration',
    )
  if (flags.maxInFlight !== undefined)
    throw inputError(
      'ARRIVAL_RATE_REQUIRED',
      '--max-in-flight needs --arrival-rate',
      'a normal (closed-loop) run caps conversations at once with --concurrency',
    )
}
