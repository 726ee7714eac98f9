import type { EndpointConfig } from './adapters/endpoint.js'
import { createAdapter } from './adapters/registry.js'
import { scenarioSources } from './config/config-paths.js'
import { urlSecrets } from './config/credentials.js'
import { loadConfig, type ResolvedConfig } from './config/load-config.js'
import { maskUrlCredentials, redactor } from './secrets/redact.js'
import { feedbackTarget } from './execute/feedback.js'
import { planCases } from './execute/plan-cases.js'
import { createRateLimiter } from './network/rate-limit.js'
import { resolveEndpoint } from './execute/resolve-endpoint.js'
import { DEFAULT_RETRY } from './network/retry.js'
import { createRunControl } from './execute/run-control.js'
import { executeCases, type ExecuteResult } from './execute/run-cases.js'
import { arrivalMissed, executeArrivals, type ArrivalSchedule } from './execute/arrival-rate.js'
import { serviceTimePart } from './metrics/service-time.js'
import { SATURATION_WARNING, watchRunner } from './execute/runner-load.js'
import type { Shard } from './execute/shard.js'
import { createTransport } from './network/transport.js'
import { randomSeed } from './generate/rng.js'
import { retention, shrinkFailures, type ShrunkFailure } from './execute/run-generated.js'
import { createMetrics } from './metrics/measure.js'
import { resolveThresholds } from './thresholds/resolve.js'
import { createTally } from './metrics/tally.js'
import { evaluateThresholds } from './thresholds/check.js'
import { redactDeep } from './secrets/redact-report.js'
import type { Conversation } from './scenario/compiled-conversation.js'
import type { ArrivalStats, CaseResult, ReportWarning, RunnerLoad, RunReport } from './report/model.js'
import { loadScenarios } from './scenario/load.js'
import { VERSION } from './core/version.js'

export interface RunOptions {
  cwd: string
  env: NodeJS.ProcessEnv
  paths?: string[]
  configFile?: string
  /** An endpoint speaking banter's default JSON shape; overrides the config's. */
  endpoint?: string
  concurrency?: number
  timeoutMs?: number
  grep?: string
  tags?: string[]
  bail?: boolean
  /** Requests per second across the run (overrides the config's `rate`). */
  rate?: number
  /** Pause between turns in ms (overrides the config's `think_time_ms`). */
  thinkTimeMs?: number
  /** `--threshold` expressions, `[name:] metric op number`; added to the config's and the defaults. */
  thresholds?: string[]
  /** Suite name for metric labels; overrides config `suite:`. */
  suite?: string
  /** Run this many generated conversations from the generator files instead of the scenarios. */
  generate?: number
  /** Seed for generated conversations (default: a random one, reported in `run.seed`). */
  seed?: number
  /** Replay one generated case by id (`<generator>#<n>`) with `seed`. */
  caseId?: string
  /** Shrink failed generated cases and pass them to `hooks.onFailureShrunk`. */
  shrinkFailures?: boolean
  /** TEST ONLY: options for the embedded reference assistant (never set by the CLI). */
  assistant?: { misclassifyWord?: string }
  /** Aborted on SIGINT/SIGTERM: start no new conversations; in-flight ones get `graceMs`. */
  signal?: AbortSignal
  /** Grace period after `signal` before in-flight requests are cancelled. Default 5000. */
  graceMs?: number
  /** Deadline for the whole run: stop starting conversations and cancel in-flight requests. */
  maxDurationMs?: number
  /** Consecutive connection failures after which the endpoint counts as down. Default 5. */
  downAfter?: number
  /** Retries per request, overriding the endpoint's `retry.attempts` (attempts = retries + 1). */
  retries?: number
  /** Run only this shard of the selected conversations (exact balanced partition by id). */
  shard?: Shard
  /**
   * Keep only a sample of a scenario run's conversations in `report.cases` (run-generated.ts
   * `retention`: failed and errored ones up to 1000, the first 100 passes), for a caller that
   * writes its reports from every conversation it got through `hooks.onCaseResult` (the CLI
   * spools them to disk): memory then stays bounded however large the suite.
   */
  sampleCases?: boolean
  /** Open-loop load: start this many conversations per second whatever the assistant does (docs/load-and-deadlines.md "Open-loop load"). */
  arrivalRate?: number
  /** With arrivalRate: keep starting for this long, cycling through the conversations (default: each once). */
  durationMs?: number
  /** With arrivalRate: conversations running at once, beyond which a due start is dropped. Default 1000. */
  maxInFlight?: number
}

export interface RunHooks {
  onStart?(info: { total: number; files: number; target: string; seed?: number }): void
  /** Each finished conversation (secrets masked), in completion order, with its position in the input order. */
  onCaseResult?(result: CaseResult, position: number): void
  /** A failed generated case after shrinking (with `shrinkFailures`). */
  onFailureShrunk?(failure: ShrunkFailure): void | Promise<void>
}

export const DEFAULT_CONCURRENCY = 8
export const DEFAULT_MAX_IN_FLIGHT = 1000

/** The pipeline: config → load → plan cases → endpoint → execute → measure → report. */
export async function run(options: RunOptions, hooks: RunHooks = {}, loaded?: ResolvedConfig): Promise<RunReport> {
  const config = loaded ?? await loadConfig(options.configFile, options.cwd, options.env)
  const sources = scenarioSources(options.paths, config, options.cwd)
  const paths = sources.paths
  const suite = await loadScenarios(paths, { cwd: options.cwd, ...sources })
  const seed = options.seed ?? randomSeed()
  const plan = await planCases(suite, { ...options, seed })
  const fileCount = suite.files.length
  // A closed run of scenarios goes through them once: each is released as it starts, so the
  // compiled conversations give way to their results instead of both being held to the end.
  const cases = plan.generated || options.arrivalRate !== undefined ? plan.cases : releasing(plan.cases as Conversation[], suite.conversations)
  const concurrency = options.concurrency ?? config.concurrency ?? DEFAULT_CONCURRENCY
  const thresholds = resolveThresholds(config.thresholds ?? [], options.thresholds ?? [])
  const schedule = options.arrivalRate === undefined ? undefined : arrivalSchedule(options.arrivalRate, options, plan.total)
  const metrics = createMetrics(config.metrics, schedule ? [serviceTimePart()] : [])
  const tally = createTally()
  const kept = plan.generated ? retention() : undefined
  // A sample for the caller who streams every result itself; unlike a generated run's, the cases left out are not "omitted" from its reports.
  const sample = !plan.generated && options.sampleCases ? retention() : undefined

  const connections = schedule?.maxInFlight ?? concurrency
  const endpoint = await resolveEndpoint({ ...options, concurrency: connections }, config)
  const redact = redactor([...config.secrets, ...(options.endpoint ? urlSecrets(options.endpoint, []) : [])])
  const rate = options.rate ?? config.rate
  const control = createRunControl({ signal: options.signal, graceMs: options.graceMs, maxDurationMs: options.maxDurationMs })
  // Every wait of the run (rate, retries, think time, polling) is the control's, so it ends with the run.
  const transport = createTransport({ connections, rate: rate ? createRateLimiter(rate, control) : undefined, abort: control.abort, waits: control })
  const adapter = createAdapter({ endpoint: withRetries(endpoint.http, options.retries), transport, redact, waits: control })
  const startedAt = new Date()
  try {
    hooks.onStart?.({ total: schedule?.starts ?? plan.total, files: fileCount, target: maskUrlCredentials(redact(endpoint.label ?? adapter.target)), ...(plan.generated ? { seed } : {}) })
    const onCaseResult = (r: CaseResult, position: number) => {
      tally.add(r)
      metrics.add(r)
      hooks.onCaseResult?.(redactDeep(r, redact), position)
    }
    const runner = watchRunner()
    const execute = {
      adapter, concurrency, bail: options.bail, onCaseResult, control, downAfter: options.downAfter, redact,
      thinkTimeMs: options.thinkTimeMs ?? config.thinkTimeMs, feedback: feedbackTarget(endpoint.http, transport, redact), keep: (kept ?? sample)?.keep,
    }
    const executed: ExecuteResult & { arrival?: ArrivalStats } = schedule ? await executeArrivals(plan.cases, { ...execute, schedule }) : await executeCases(cases, execute)
    const load = runner.stop()
    // A stopped run (interrupt, deadline, endpoint down) ends now: shrinking would send more requests.
    if (plan.generated && options.shrinkFailures && hooks.onFailureShrunk && !control.stopped) await shrinkFailures(executed.results, { plans: plan.generated.plans, seed, adapter }, hooks.onFailureShrunk)
    const finishedAt = new Date()
    const durationMs = finishedAt.getTime() - startedAt.getTime()
    const measured = { ...metrics.result(durationMs), runner: load }
    const stopped = control.stopped
    return redactDeep<RunReport>({
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
        ...(options.suite ?? config.suite ? { suite: options.suite ?? config.suite } : {}),
        ...(plan.generated ? { seed, casesOmitted: kept!.omitted() } : {}),
        ...(executed.arrival ? { arrival: executed.arrival } : {}),
        ...(stopped ? { interrupted: { ...stopped, notRun: executed.notRun } } : {}),
      },
      ...warningsOf(load, executed.arrival),
      summary: tally.summary(),
      cases: executed.results,
      metrics: measured,
      thresholds,
      // A shard does not alert on its own figures: `banter merge` checks the thresholds on the
      // whole run's metrics, rebuilt from every shard's metricState (see merge/recompute.ts).
      alerts: options.shard ? [] : evaluateThresholds(thresholds, measured),
      metricState: metrics.state(),
    }, redact)
  } finally {
    control.dispose()
    await adapter.close()
    await endpoint.close?.()
  }
}

/** Yields each item once, dropping the array's reference to it as it goes (`also`, another array holding them, is emptied). */
function releasing<T>(items: (T | undefined)[], also: unknown[]): Iterable<T> {
  if (also !== items) also.length = 0
  return {
    *[Symbol.iterator]() {
      for (let i = 0; i < items.length; i++) {
        const item = items[i] as T
        items[i] = undefined
        yield item
      }
    },
  }
}

/** The open-loop schedule: rate x duration starts, or one per selected conversation. */
function arrivalSchedule(ratePerSecond: number, options: RunOptions, total: number): ArrivalSchedule {
  const starts = options.durationMs === undefined ? total : Math.max(1, Math.floor((ratePerSecond * options.durationMs) / 1000))
  return { ratePerSecond, starts, maxInFlight: options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT }
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
