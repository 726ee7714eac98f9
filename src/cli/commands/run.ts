import v8 from 'node:v8'
import path from 'node:path'
import { randomBytes } from 'node:crypto'
import { isHttpUrl, loadConfig, type ResolvedConfig } from '../../config/load-config.js'
import { maskUrlCredentials, redactor } from '../../secrets/redact.js'
import { EXIT, inputError } from '../../core/errors.js'
import { parseShardSpec } from '../../execute/shard-spec.js'
import { REPORTERS } from '../../reporters/registry.js'
import type { ArrivalStats, CaseResult, RunReport } from '../../report/model.js'
import { briefClosing } from '../../reporters/console.js'
import { casesOf, documentOf, type CaseSource, type Reporter } from '../../reporters/reporter.js'
import { run, type RunHooks } from '../../run.js'
import { runFlagOptions, type RunFlags } from '../../options/run-options.js'
import { resolveRunSettings, type RunSettings } from '../../options/resolve-run-settings.js'
import { fdLimitWarning, openFileLimit } from '../fd-limit.js'
import { startEmbeddedAssistant } from '../embedded-assistant.js'
import { listenForInterrupts } from '../interrupts.js'
import { prepareOutFile, useColor, writeAtomic } from '../output.js'
import { lockOutputs, type OutputLocks } from '../output-lock.js'
import { pushMetrics } from '../pushgateway.js'
import { appendStepSummary } from '../step-summary.js'
import { parseReporterSpecs, type ReporterSpec } from '../reporter-specs.js'
import { checkGenerateFlags, saveFailure } from '../generate-flags.js'
import { createProgress, type Progress } from '../progress.js'
import { openCaseSpool, type CaseSpool } from '../case-spool.js'
import { neutralise } from '../../util/safe-text.js'
import { verdictCounts } from '../../report/verdict-counts.js'
import { checkRepeat } from '../../execute/repeat.js'

/** `banter run`: run, print, write the requested reports, and choose the exit code. */
export async function runCommand(paths: string[], flags: RunFlags): Promise<number> {
  const cwd = process.cwd()
  if ((flags.generate ?? 0) >= LARGE_GENERATED_RUN) preferMemoryOverSpeed()
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

/**
 * Every path the run will write, checked before the first request (exit 2, nothing run): report
 * files and --results-jsonl (checkGenerateFlags checks the --save-failures folder); then they are
 * locked against a concurrent run (output-lock.ts).
 */
async function prepareOutputs(specs: ReporterSpec[], flags: RunFlags, ctx: { cwd: string; outDir: string }): Promise<OutputLocks> {
  const { cwd } = ctx
  const flagOf = (s: ReporterSpec, file: string) =>
    path.dirname(file) === path.resolve(cwd, ctx.outDir) ? '--out' : `--reporter ${s.name}`
  const files = specs.flatMap((s) => (s.file ? [{ file: s.file, flag: flagOf(s, s.file) }] : []))
  if (flags.resultsJsonl) files.push({ file: path.resolve(cwd, flags.resultsJsonl), flag: '--results-jsonl' })
  const seen = new Map<string, string>()
  for (const { file, flag } of files) {
    const first = seen.get(file)
    if (first)
      throw inputError(
        'OUT_FILE_TWICE',
        `${first} and ${flag} would both write ${path.relative(cwd, file) || file}`,
        'give each output its own path',
      )
    seen.set(file, flag)
    await prepareOutFile(file, flag)
  }
  return lockOutputs(files.map((f) => f.file))
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

/**
 * Where a scenario run's conversations wait for the reports: on disk, in the --results-jsonl file
 * or a temporary file beside the first report that lists every conversation (JSON, JUnit, HTML),
 * so memory stays bounded however large the suite. A generated run's report keeps a sample
 * anyway (run-generated.ts); it spools only for --results-jsonl.
 */
async function openSpool(reporters: ActiveReporter[], flags: RunFlags): Promise<CaseSpool | undefined> {
  if (flags.resultsJsonl) return openCaseSpool(flags.resultsJsonl, { flag: '--results-jsonl' })
  const listing = reporters.find(({ spec, reporter }) => spec.file && reporter.streamRunEnd)?.spec.file
  if (!listing || isGenerated(flags)) return undefined
  return openCaseSpool(path.join(path.dirname(listing), `.banter-results-${process.pid}-${randomBytes(4).toString('hex')}.jsonl`), {
    temporary: true,
  })
}

function isGenerated(flags: RunFlags): boolean {
  return flags.generate !== undefined || flags.caseId !== undefined
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
  const specs = reporters.map((r) => r.spec)
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
  if (!specs.some((s) => s.name === 'console')) live.print(briefClosing(color, report))
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
  return exitCode(report)
}

type ActiveReporter = { spec: ReporterSpec; reporter: Reporter }

/**
 * What the terminal shows while the run goes: the console reporter's lines (for generated runs
 * only the conversations that did not pass), the progress line, the seed, and the JSON-lines
 * stream of results.
 */
function createLiveOutput(reporters: ActiveReporter[], flags: RunFlags, spool: CaseSpool | undefined) {
  const generating = isGenerated(flags)
  let progress: Progress | undefined
  let failures = 0
  let errored = 0
  let done = 0
  const print = (text: string | void) => {
    if (text) {
      progress?.clear()
      process.stdout.write(text)
    }
  }
  const toTerminal = (each: (r: Reporter) => string | void) =>
    reporters.forEach(({ spec, reporter }) => !spec.file && print(each(reporter)))
  // File reporters see every result too (JUnit lists the passes a generated report leaves out).
  const toFiles = (r: CaseResult) => reporters.forEach(({ spec, reporter }) => spec.file && reporter.onCaseResult?.(r))
  const hooks: RunHooks = {
    // A suite of this many files is large before it is loaded: loading it allocates the most.
    onLoad: ({ files }) => {
      if (files >= LARGE_GENERATED_RUN) preferMemoryOverSpeed()
    },
    onStart: (info) => {
      // Scenario suites are counted only once loaded; a generated run of this size switched at start-up.
      if (info.total >= LARGE_GENERATED_RUN) preferMemoryOverSpeed()
      if (info.seed !== undefined) process.stderr.write(`seed ${info.seed} (repeat this run with --seed ${info.seed})\n`)
      toTerminal((r) => r.onRunStart?.(info))
      if (generating && !flags.quiet)
        progress = createProgress({ sink: process.stderr, tty: Boolean(process.stderr.isTTY), total: info.total })
    },
    onCaseResult: (r, position) => {
      spool?.add(r, position)
      done++
      if (r.status === 'failed') failures++
      if (r.status === 'errored') errored++
      toFiles(r)
      if (!generating || r.status !== 'passed') toTerminal((rep) => rep.onCaseResult?.(r))
      progress?.update(done, failures, errored)
    },
  }
  return {
    hooks,
    print,
    clear: () => progress?.clear(),
    /** Ends the live output; every conversation, read back from the spool, when there is one. */
    async close(): Promise<CaseSource | undefined> {
      progress?.clear()
      if (!spool) return undefined
      const cases = await spool.close()
      if (flags.resultsJsonl) process.stderr.write(`wrote ${flags.resultsJsonl}\n`)
      return cases
    },
  }
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

/** The open-loop run's schedule against what happened, for stderr. */
function describeArrival(a: ArrivalStats): string {
  return `arrival rate: target ${a.target_rate}/s, achieved ${a.achieved_rate}/s; ${a.scheduled} scheduled, ${a.started} started, ${a.dropped} dropped, ${a.late} late (start delay p99 ${a.start_delay_p99_ms} ms)${a.not_run ? `, ${a.not_run} not run` : ''}\n`
}

/** File reporters are written atomically, those that list every conversation from `cases`; the console's closing text goes to stdout. */
async function writeReports(
  reporters: ActiveReporter[],
  report: RunReport,
  opts: { cwd: string; print: (text: string) => void; cases: CaseSource },
): Promise<void> {
  for (const { spec, reporter } of reporters) {
    if (!spec.file) {
      opts.print(reporter.onRunEnd(report))
      continue
    }
    await writeAtomic(spec.file, documentOf(reporter, report, opts.cases))
    process.stderr.write(`wrote ${path.relative(opts.cwd, spec.file) || spec.file}\n`)
  }
}

/**
 * Under GitHub Actions (GITHUB_ACTIONS=true) the `github` reporter is added, so failures show as
 * annotations on the scenario lines; BANTER_GITHUB_ANNOTATIONS=false turns that off.
 */
export function withGithub(reporters: string[], env: NodeJS.ProcessEnv): string[] {
  if (env.GITHUB_ACTIONS !== 'true' || env.BANTER_GITHUB_ANNOTATIONS === 'false') return reporters
  const names = reporters.flatMap((r) => r.split(',')).map((r) => r.trim().split(':')[0])
  return names.includes('github') ? reporters : [...reporters, 'github']
}

/** Runs this large (generated: nightly fuzz runs; scenario suites of this many conversations): bounded memory matters more than speed. */
export const LARGE_GENERATED_RUN = 10_000

/**
 * Makes V8 collect garbage eagerly. A long run allocates fast and V8 otherwise lets the heap grow
 * well past what is live (measured: peak RSS 255 MB vs 138 MB for 10,000 generated
 * conversations, for about a quarter more run time). See docs/performance.md "Performance".
 */
function preferMemoryOverSpeed(): void {
  v8.setFlagsFromString('--optimize-for-size')
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
