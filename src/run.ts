import type { EndpointConfig } from './adapters/endpoint.js'
import { createAdapter } from './adapters/registry.js'
import { urlSecrets } from './secrets/credentials.js'
import { loadConfig, type ResolvedConfig } from './config/load-config.js'
import { maskUrlCredentials, redactor } from './secrets/redact.js'
import { feedbackTarget } from './execute/feedback.js'
import { planCases } from './execute/plan-cases.js'
import { createRateLimiter } from './network/rate-limit.js'
import { resolveEndpoint, type EndpointStarter } from './execute/resolve-endpoint.js'
import { DEFAULT_RETRY } from './network/retry.js'
import { createRunControl } from './execute/run-control.js'
import { executeCases, type ExecuteResult } from './execute/run-cases.js'
import { arrivalMissed, executeArrivals, type ArrivalSchedule } from './execute/arrival-rate.js'
import { serviceTimePart } from './metrics/service-time.js'
import { judgeRunner, SATURATION_WARNING, watchRunner, type ReportedLatency } from './execute/runner-load.js'
import type { Shard } from './execute/shard.js'
import { createTransport } from './network/transport.js'
import { randomSeed } from './generate/rng.js'
import { retention, shrinkFailures, type ShrunkFailure } from './execute/run-generated.js'
import { createMetrics } from './metrics/measure.js'
import { countOutcomes, createOutcomeTally } from './metrics/outcomes.js'
import { checkRepeat, repeatCases } from './execute/repeat.js'
import { createTally } from './metrics/tally.js'
import { evaluateThresholds } from './thresholds/check.js'
import { redactDeep } from './secrets/redact-report.js'
import type { ArrivalStats, CaseResult, ConversationOutcome, ReportWarning, RunMetrics, RunnerLoad, RunReport } from './report/model.js'
import { ruleJudge } from './config/judge-config.js'
import { startJudge } from './judge/run-judge.js'
import { judgeLocations, noJudgeError } from './judge/require-judge.js'
import { loadSuite } from './scenario/load.js'
import { generatorToolProblems, toolProblems, type ToolEndpoint } from './execute/check-tools.js'
import { InputError } from './core/errors.js'
import { sortDiagnostics, type Diagnostic, type SourceLoc } from './diagnostics/diagnostic.js'
import { VERSION } from './core/version.js'
import { resolveRunSettings, type RunSettings } from './options/resolve-run-settings.js'
import type { RunFlagOptions } from './options/run-options.js'
import { replayArgs } from './options/replay-args.js'

/**
 * What run() is asked to do. The fields that flags set come from the options table
 * (options/run-options.ts: one row per flag, with its help, default and config key); run()
 * resolves them against the config with resolveRunSettings. The rest are set by the CLI or tests.
 */
export interface RunOptions extends RunFlagOptions {
  cwd: string
  env: NodeJS.ProcessEnv
  /** Scenario files, folders or globs (default: the config's `scenarios:`, else scenarios/). */
  paths?: string[]
  /** Shrink failed generated cases and pass them to `hooks.onFailureShrunk` (the CLI's --save-failures). */
  shrinkFailures?: boolean
  /**
   * Starts the endpoint used when neither `endpoint` nor the config names one (the CLI passes the
   * embedded reference assistant); without it such a run is an input error (NO_ENDPOINT).
   */
  defaultEndpoint?: EndpointStarter
  /** Aborted on SIGINT/SIGTERM: start no new conversations; in-flight ones get `graceMs`. */
  signal?: AbortSignal
  /** Consecutive connection failures after which the endpoint counts as down. Default 5. */
  downAfter?: number
  /** Run only this shard of the selected conversations (exact balanced partition by id; the CLI's --shard). */
  shard?: Shard
  /**
   * Keep only a sample of a scenario run's conversations in `report.cases` (run-generated.ts
   * `retention`: failed and errored ones up to 1000, the first 100 passes), for a caller that
   * writes its reports from every conversation it got through `hooks.onCaseResult` (the CLI
   * spools them to disk): memory then stays bounded however large the suite.
   */
  sampleCases?: boolean
}

export interface RunHooks {
  /** Once the scenario paths are resolved, before any file is read: how many files the run loads. */
  onLoad?(info: { files: number }): void
  /** `total` counts runs: conversations times `repeat` (set when above 1). */
  onStart?(info: { total: number; files: number; target: string; seed?: number; repeat?: number }): void
  /** Each finished conversation (secrets masked), in completion order, with its position in the input order (each run of a repeated one has its own). */
  onCaseResult?(result: CaseResult, position: number): void
  /**
   * A failed generated case after shrinking (with `shrinkFailures`), and the run's flags that its
   * replay command repeats (the report's `run.replayArgs`, credentials masked).
   */
  onFailureShrunk?(failure: ShrunkFailure, replayArgs: readonly string[]): void | Promise<void>
}

/**
 * Scenarios past this many in a suite are deferred after loading (scenario/deferred.ts): their
 * file's text is kept and they are compiled again as they start, so a suite of 100,000 fits in a
 * few hundred MB. Below it, nothing is compiled twice.
 */
const KEEP_COMPILED = 1000

/** The pipeline: config → load → plan cases → endpoint → execute → measure → report. */
export async function run(options: RunOptions, hooks: RunHooks = {}, loaded?: ResolvedConfig): Promise<RunReport> {
  const config = loaded ?? (await loadConfig(options.configFile, options.cwd, options.env))
  const settings = resolveRunSettings(options, config, options.cwd)
  const sources = settings.scenarios
  const repeat = checkRepeat(settings.repeat, { arrivalRate: options.arrivalRate })
  const paths = sources.paths
  // Each scenario is checked as it is compiled (a large suite's are not all kept: see KEEP_COMPILED).
  const problems: Diagnostic[] = []
  const judgedById = new Map<string, SourceLoc[]>()
  // --endpoint URL is a plain HTTP endpoint, whatever the config's endpoint is.
  const toolEndpoint: ToolEndpoint = options.endpoint ? { adapter: 'http' } : (config.endpoint ?? {})
  const suite = await loadSuite(paths, {
    cwd: options.cwd,
    ...sources,
    keepCompiled: KEEP_COMPILED,
    onFiles: (files) => hooks.onLoad?.({ files }),
    onCompiled(conv) {
      problems.push(...toolProblems(conv, toolEndpoint))
      const judges = judgeLocations([conv])
      if (judges.length > 0) judgedById.set(conv.id, judges)
    },
  })
  if (problems.length > 0) throw new InputError(sortDiagnostics(problems))
  const seed = options.seed ?? randomSeed()
  // A closed run of scenarios goes through them once: each is released as it starts, so the
  // compiled conversations give way to their results instead of both being held to the end.
  const plan = await planCases(suite, { ...options, seed, once: options.arrivalRate === undefined })
  const generatorProblems = plan.generated ? generatorToolProblems(plan.generated.plans, toolEndpoint) : []
  if (generatorProblems.length > 0) throw new InputError(sortDiagnostics(generatorProblems))
  const fileCount = suite.files.length
  // Judge expectations need a judge: the config's, or the embedded assistant's rule-based one.
  const judged = plan.generated ? judgeLocations([], plan.generated.plans) : (plan.ids ?? []).flatMap((id) => judgedById.get(id) ?? [])
  if (judged.length > 0 && !config.judge && (options.endpoint || config.endpoint)) throw noJudgeError(judged)
  const cases = repeatCases(plan.cases, repeat)
  const concurrency = settings.concurrency
  const thresholds = settings.thresholdRules
  const schedule = options.arrivalRate === undefined ? undefined : arrivalSchedule(options.arrivalRate, settings, plan.total)
  const metrics = createMetrics(config.metrics, schedule ? [serviceTimePart()] : [])
  const tally = createTally()
  const outcomes = repeat > 1 ? createOutcomeTally() : undefined
  const kept = plan.generated ? retention() : undefined
  // A sample for the caller who streams every result itself; unlike a generated run's, the cases left out are not "omitted" from its reports.
  const sample = !plan.generated && options.sampleCases ? retention() : undefined

  const connections = schedule?.maxInFlight ?? concurrency
  const endpoint = await resolveEndpoint(
    { endpoint: options.endpoint, timeoutMs: settings.timeoutMs, concurrency: connections, defaultEndpoint: options.defaultEndpoint },
    config,
  )
  const judgeSettings = config.judge ?? (endpoint.judgeUrl === undefined ? undefined : ruleJudge(endpoint.judgeUrl, config.base))
  if (judged.length > 0 && !judgeSettings) {
    await endpoint.close?.()
    throw noJudgeError(judged)
  }
  const redact = redactor([...config.secrets, ...(options.endpoint ? urlSecrets(options.endpoint, []) : [])])
  const rate = settings.rate
  const control = createRunControl({ signal: options.signal, graceMs: settings.graceMs, maxDurationMs: options.maxDurationMs })
  // Every wait of the run (rate, retries, think time, polling) is the control's, so it ends with the run.
  const transport = createTransport({
    connections,
    rate: rate ? createRateLimiter(rate, control) : undefined,
    abort: control.abort,
    waits: control,
  })
  const adapter = createAdapter({ endpoint: withRetries(endpoint.http, settings.retries), transport, redact, waits: control })
  const judge = judged.length > 0 ? startJudge(judgeSettings!, { control, redact }) : undefined
  // What a replay command of a generated case repeats besides the case and the seed.
  const replay = plan.generated ? replayArgs(options, redact) : []
  const startedAt = new Date()
  try {
    hooks.onStart?.({
      total: schedule?.starts ?? plan.total * repeat,
      files: fileCount,
      target: maskUrlCredentials(redact(endpoint.label ?? adapter.target)),
      ...(plan.generated ? { seed } : {}),
      ...(outcomes ? { repeat } : {}),
    })
    const onCaseResult = (r: CaseResult, position: number) => {
      tally.add(r)
      metrics.add(r)
      outcomes?.add(r)
      hooks.onCaseResult?.(redactDeep(r, redact), position)
    }
    const runner = watchRunner()
    const execute = {
      adapter,
      concurrency,
      bail: options.bail,
      onCaseResult,
      control,
      downAfter: options.downAfter,
      redact,
      thinkTimeMs: settings.thinkTimeMs,
      feedback: feedbackTarget(endpoint.http, transport, redact),
      keep: (kept ?? sample)?.keep,
      judge: judge?.judge,
    }
    const executed: ExecuteResult & { arrival?: ArrivalStats } = schedule
      ? await executeArrivals(plan.cases, { ...execute, schedule })
      : await executeCases(cases, execute)
    const loop = runner.stop()
    const conversations = outcomes?.list()
    // A stopped run (interrupt, deadline, endpoint down) ends now: shrinking would send more requests.
    // Repeated, only conversations that failed every run are shrunk: shrinking needs a failure that repeats.
    const shrinkable = conversations ? onlyOutcome(executed.results, conversations, 'failed') : executed.results
    const onShrunk = hooks.onFailureShrunk
    if (plan.generated && options.shrinkFailures && onShrunk && !control.stopped)
      await shrinkFailures(shrinkable, { plans: plan.generated.plans, seed, adapter, judge: judge?.judge }, (f) => onShrunk(f, replay))
    const finishedAt = new Date()
    const durationMs = finishedAt.getTime() - startedAt.getTime()
    const result = metrics.result(durationMs)
    const load = judgeRunner(loop, reportedLatency(result))
    const measured = { ...result, runner: load }
    const stopped = control.stopped
    return redactDeep<RunReport>(
      {
        version: 1,
        tool: { name: 'banter', version: VERSION },
        run: {
          startedAt: startedAt.toISOString(),
          finishedAt: finishedAt.toISOString(),
          durationMs,
          endpoint: maskUrlCredentials(adapter.target),
          concurrency,
          paths,
          ...(options.shard ? { shard: { ...options.shard } } : {}),
          ...(executed.stoppedEarly ? { stoppedEarly: `${executed.stoppedEarly}; ${executed.notRun} not run` } : {}),
          ...(settings.suite ? { suite: settings.suite } : {}),
          ...(plan.generated ? { seed, casesOmitted: kept!.omitted() } : {}),
          ...(replay.length > 0 ? { replayArgs: replay } : {}),
          ...(executed.arrival ? { arrival: executed.arrival } : {}),
          ...(judge ? { judge: judge.info(options.cwd) } : {}),
          ...(stopped ? { interrupted: { ...stopped, notRun: executed.notRun } } : {}),
          ...(conversations ? { repeat } : {}),
        },
        ...warningsOf(load, executed.arrival),
        summary: { ...tally.summary(), ...(conversations ? { outcomes: countOutcomes(conversations) } : {}) },
        cases: executed.results,
        ...(conversations ? { conversations } : {}),
        metrics: measured,
        thresholds,
        // A shard does not alert on its own figures: `banter merge` checks the thresholds on the
        // whole run's metrics, rebuilt from every shard's metricState (see merge/recompute.ts).
        alerts: options.shard ? [] : evaluateThresholds(thresholds, measured),
        metricState: metrics.state(),
      },
      redact,
    )
  } finally {
    control.dispose()
    await judge?.close()
    await adapter.close()
    await endpoint.close?.()
  }
}

/** The results of conversations whose outcome is `outcome`. */
function onlyOutcome(results: CaseResult[], conversations: ConversationOutcome[], outcome: ConversationOutcome['outcome']): CaseResult[] {
  const ids = new Set(conversations.filter((c) => c.outcome === outcome).map((c) => c.id))
  return results.filter((r) => ids.has(r.id))
}

/** The open-loop schedule: rate x duration starts, or one per selected conversation. */
function arrivalSchedule(ratePerSecond: number, settings: RunSettings, total: number): ArrivalSchedule {
  const starts = settings.durationMs === undefined ? total : Math.max(1, Math.floor((ratePerSecond * settings.durationMs) / 1000))
  return { ratePerSecond, starts, maxInFlight: settings.maxInFlight }
}

/** The turn latencies the report states, which banter's queueing is weighed against: service time in an open-loop run (response_time there counts from each message's due time); none when no turn was answered. */
function reportedLatency(m: RunMetrics): ReportedLatency | undefined {
  const answered = m.response_time_histogram.reduce((sum, bucket) => sum + bucket.count, 0)
  return answered === 0 ? undefined : (m.service_time ?? m.response_time)
}

/** RUNNER_SATURATED and ARRIVAL_RATE_MISSED, when they apply. */
function warningsOf(load: RunnerLoad, arrival: ArrivalStats | undefined): { warnings?: ReportWarning[] } {
  const warnings: ReportWarning[] = []
  if (load.saturated) warnings.push({ code: 'RUNNER_SATURATED', message: SATURATION_WARNING })
  const missed = arrival && arrivalMissed(arrival)
  if (missed) warnings.push({ code: 'ARRIVAL_RATE_MISSED', message: missed })
  return warnings.length > 0 ? { warnings } : {}
}

/** `--retries N` overrides the endpoint's retry attempts (attempts = N + 1). */
function withRetries(endpoint: EndpointConfig, retries: number | undefined): EndpointConfig {
  return retries === undefined ? endpoint : { ...endpoint, retry: { ...(endpoint.retry ?? DEFAULT_RETRY), attempts: retries + 1 } }
}
