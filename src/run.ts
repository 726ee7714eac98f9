import type { EndpointConfig } from './adapters/endpoint.js'
import { DEFAULT_BODY } from './adapters/http.js'
import { createAdapter } from './adapters/registry.js'
import { createRateLimiter } from './execute/rate-limit.js'
import { redactDeep } from './reporters/redact-report.js'
import { redactor } from './config/env.js'
import { DEFAULT_TIMEOUT_MS, isHttpUrl, loadConfig, type ResolvedConfig } from './config/load-config.js'
import { inputError } from './errors.js'
import { executeCases } from './execute/run-cases.js'
import { feedbackTarget } from './execute/feedback.js'
import { createRunControl } from './execute/run-control.js'
import { DEFAULT_RETRY } from './execute/retry.js'
import { inShard, partitionShard, type Shard } from './execute/shard.js'
import { createTransport } from './execute/transport.js'
import { createMetrics } from './metrics/measure.js'
import { evaluateThresholds } from './metrics/thresholds.js'
import { resolveThresholds } from './metrics/resolve-thresholds.js'
import { createTally } from './metrics/tally.js'
import { randomSeed } from './generate/rng.js'
import { planGeneratedRun, retention, shrinkFailures, type ShrunkFailure } from './generate/run-generated.js'
import type { CaseResult, RunReport } from './results.js'
import { loadScenarios } from './scenario/load.js'
import type { Conversation } from './scenario/model.js'
import { startAssistant } from './assistant/server.js'
import { selectConversations } from './scenario/select.js'
import { VERSION } from './version.js'

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
}

export interface RunHooks {
  onStart?(info: { total: number; files: number; target: string; seed?: number }): void
  onCaseResult?(result: CaseResult): void
  /** A failed generated case after shrinking (with `shrinkFailures`). */
  onFailureShrunk?(failure: ShrunkFailure): void | Promise<void>
}

export const DEFAULT_CONCURRENCY = 8
export const DEFAULT_PATHS = ['scenarios']

/** The pipeline: config → load → select → endpoint → execute → summarise. */
export async function run(options: RunOptions, hooks: RunHooks = {}, loaded?: ResolvedConfig): Promise<RunReport> {
  const config = loaded ?? await loadConfig(options.configFile, options.cwd, options.env)
  const paths = options.paths?.length ? options.paths : config.scenarios ?? DEFAULT_PATHS
  const suite = await loadScenarios(paths, { cwd: options.cwd, fragmentPaths: config.fragments })
  const seed = options.seed ?? randomSeed()
  const shard = options.shard
  const generated = options.generate || options.caseId !== undefined ? await planGeneratedRun(suite, { cwd: options.cwd, seed, count: options.generate, caseId: options.caseId, keepId: shard && ((id: string) => inShard(id, shard)) }) : undefined
  const selected = generated ? [] : selectConversations(suite.conversations, options)
  const conversations = options.shard ? partitionShard(selected, options.shard) : selected
  const concurrency = options.concurrency ?? config.concurrency ?? DEFAULT_CONCURRENCY
  const thresholds = resolveThresholds(config.thresholds ?? [], options.thresholds ?? [])
  const metrics = createMetrics(config.metrics)

  const endpoint = await resolveEndpoint(options, config)
  const redact = redactor(config.secrets)
  const rateLimit = options.rate ?? config.rate
  const control = createRunControl({ signal: options.signal, graceMs: options.graceMs, maxDurationMs: options.maxDurationMs })
  const transport = createTransport({ connections: concurrency, rate: rateLimit ? createRateLimiter(rateLimit) : undefined, abort: control.abort })
  const http = options.retries === undefined ? endpoint.http : { ...endpoint.http, retry: { ...(endpoint.http.retry ?? DEFAULT_RETRY), attempts: options.retries + 1 } }
  const adapter = createAdapter({ endpoint: http, transport, redact })
  const feedback = feedbackTarget(endpoint.http, transport)
  const startedAt = new Date()
  try {
    hooks.onStart?.({ total: generated?.total ?? conversations.length, files: suite.files.length, target: redact(endpoint.label ?? adapter.target), ...(generated ? { seed } : {}) })
    const thinkTimeMs = options.thinkTimeMs ?? config.thinkTimeMs
    const tally = createTally()
    const kept = generated ? retention() : undefined
    const onCaseResult = (r: CaseResult) => {
      tally.add(r)
      metrics.add(r)
      hooks.onCaseResult?.(redactDeep(r, redact))
    }
    const executed = await executeCases(generated?.cases ?? conversations as Iterable<Conversation>, { adapter, concurrency, bail: options.bail, onCaseResult, thinkTimeMs, feedback, keep: kept?.keep, control, downAfter: options.downAfter })
    if (generated && options.shrinkFailures && hooks.onFailureShrunk) await shrinkFailures(executed.results, { plans: generated.plans, seed, adapter }, hooks.onFailureShrunk)
    const finishedAt = new Date()
    const durationMs = finishedAt.getTime() - startedAt.getTime()
    const measured = metrics.result(durationMs)
    const stopped = control.stopped
    return redactDeep<RunReport>({
      version: 1,
      tool: { name: 'banter', version: VERSION },
      run: {
        startedAt: startedAt.toISOString(),
        finishedAt: finishedAt.toISOString(),
        durationMs,
        endpoint: adapter.target,
        concurrency,
        paths,
        ...(options.shard ? { shard: { ...options.shard } } : {}),
        ...(executed.stoppedEarly ? { stoppedEarly: `${executed.stoppedEarly}; ${executed.notRun} not run` } : {}),
        ...(options.suite ?? config.suite ? { suite: options.suite ?? config.suite } : {}),
        ...(generated ? { seed, casesOmitted: kept!.omitted() } : {}),
        ...(stopped ? { interrupted: { ...stopped, notRun: executed.notRun } } : {}),
      },
      summary: tally.summary(),
      cases: executed.results,
      metrics: measured,
      thresholds,
      // A shard does not alert on its own figures: `banter merge` checks the thresholds on the whole run.
      alerts: options.shard ? [] : evaluateThresholds(thresholds, measured),
    }, redact)
  } finally {
    control.dispose()
    await adapter.close()
    await endpoint.close?.()
  }
}

interface ResolvedEndpoint {
  http: EndpointConfig
  label?: string
  close?: () => Promise<void>
}

async function resolveEndpoint(options: RunOptions, config: ResolvedConfig): Promise<ResolvedEndpoint> {
  const timeoutMs = options.timeoutMs ?? config.endpoint?.timeoutMs ?? DEFAULT_TIMEOUT_MS
  if (options.endpoint) {
    if (!isHttpUrl(options.endpoint)) throw inputError('INVALID_ENDPOINT', `--endpoint: not an http(s) URL: "${options.endpoint}"`, 'for example --endpoint http://127.0.0.1:5005/chat')
    return { http: { url: options.endpoint, method: 'POST', headers: {}, body: DEFAULT_BODY, timeoutMs } }
  }
  if (config.endpoint) return { http: { ...config.endpoint, timeoutMs } }
  // Sessions only matter while a conversation is in flight; a small store keeps long runs flat.
  const maxSessions = Math.max(1000, (options.concurrency ?? config.concurrency ?? DEFAULT_CONCURRENCY) * 10)
  const assistant = await startAssistant({ port: 0, host: '127.0.0.1', maxSessions, misclassifyWord: options.assistant?.misclassifyWord })
  return {
    http: { url: `${assistant.url}/chat`, method: 'POST', headers: {}, body: DEFAULT_BODY, timeoutMs, feedbackUrl: `${assistant.url}/feedback` },
    label: `the embedded reference assistant (${assistant.url})`,
    close: () => assistant.close(),
  }
}
