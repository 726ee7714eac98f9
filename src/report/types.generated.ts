/* Generated from schema/report.schema.json by scripts/gen-types.mjs: do not edit; run npm run gen:types. */
import type { CaseResult, SourceLoc } from './case.types.generated.js'
import type { MetricState } from './metric-state.types.generated.js'
import type { RunMetrics } from './metrics.types.generated.js'
export type * from './case.types.generated.js'
export type * from './metrics.types.generated.js'
export type * from './metric-state.types.generated.js'

/**
 * A repeated conversation's outcome: passed (every run that ran passed), failed (none passed, not all errored), flaky (some passed, some did not), errored (every run errored), skipped (no run ran).
 *
 * This interface was referenced by `RunReport`'s JSON-Schema
 * via the `definition` "Outcome".
 */
export type Outcome = 'passed' | 'failed' | 'flaky' | 'errored' | 'skipped'

/**
 * banter's JSON report (--reporter json), version 1: the input of banter merge and banter compare. The TypeScript types are generated from this schema (npm run gen:types); src/report/model.ts builds on them.
 */
export interface RunReport {
  version: 1
  tool: {
    name: 'banter'
    version: string
  }
  run: {
    /**
     * An ISO 8601 timestamp.
     */
    startedAt: string
    /**
     * An ISO 8601 timestamp.
     */
    finishedAt: string
    durationMs: number
    endpoint: string
    concurrency: number
    paths: string[]
    stoppedEarly?: string
    suite?: string
    seed?: number
    /**
     * Generated runs: the run's flags that change what a conversation sends, where or when (--config, --endpoint, --timeout, --retries, --think-time, --rate), as argument words with credentials masked; every replay command repeats them.
     */
    replayArgs?: string[]
    casesOmitted?: number
    arrival?: ArrivalStats
    interrupted?: {
      reason: 'interrupted' | 'max_duration' | 'endpoint_down'
      message: string
      notRun: number
    }
    /**
     * Set when this run is one shard (--shard index/total, index 1-based).
     */
    shard?: {
      index: number
      total: number
    }
    merged?: {
      reports: number
    }
    /**
     * Set when each conversation ran this many times (--repeat N, N > 1): see `conversations` and `summary.outcomes`.
     */
    repeat?: number
    /**
     * Set when a judge model graded replies: which one, and where its grades are cached.
     */
    judge?: {
      model: string
      /**
       * The judge's chat completions URL, credentials masked.
       */
      endpoint: string
      /**
       * Version of banter's judge prompt; part of the cache key.
       */
      prompt_version: number
      /**
       * The cache folder; absent when the cache is off.
       */
      cache?: string
    }
  }
  /**
   * Conditions that make the figures less trustworthy, e.g. RUNNER_SATURATED.
   */
  warnings?: ReportWarning[]
  summary: Summary
  cases: CaseResult[]
  /**
   * Repeated runs (--repeat N): one entry per conversation that ran, with its outcome and pass counts.
   */
  conversations?: ConversationOutcome[]
  metrics?: RunMetrics
  thresholds?: ThresholdSpec[]
  alerts?: Alert[]
  metricState?: MetricState
}

/**
 * An open-loop run's schedule and how well it was kept (docs/load-and-deadlines.md "Open-loop load").
 *
 * This interface was referenced by `RunReport`'s JSON-Schema
 * via the `definition` "ArrivalStats".
 */
export interface ArrivalStats {
  /**
   * Conversations per second asked for.
   */
  target_rate: number
  /**
   * Conversations started per second over the schedule's window.
   */
  achieved_rate: number
  /**
   * Starts due (rate x duration, or one per selected conversation).
   */
  scheduled: number
  /**
   * Starts made.
   */
  started: number
  /**
   * Starts skipped because max_in_flight conversations were running.
   */
  dropped: number
  /**
   * Starts more than 10 ms after their scheduled time.
   */
  late: number
  /**
   * Starts never made because the run stopped early.
   */
  not_run: number
  /**
   * Conversations allowed at once.
   */
  max_in_flight: number
  /**
   * 99th percentile of start delays, ms.
   */
  start_delay_p99_ms: number
  /**
   * Largest start delay, ms.
   */
  start_delay_max_ms: number
}

/**
 * A run-level warning: a stable code and its message.
 *
 * This interface was referenced by `RunReport`'s JSON-Schema
 * via the `definition` "ReportWarning".
 */
export interface ReportWarning {
  code: 'RUNNER_SATURATED' | 'ARRIVAL_RATE_MISSED'
  message: string
  /**
   * In a merged report: the index of the shard that warned.
   */
  shard?: number
}

/**
 * This interface was referenced by `RunReport`'s JSON-Schema
 * via the `definition` "Summary".
 */
export interface Summary {
  conversations: number
  passed: number
  failed: number
  errored: number
  skipped: number
  turns: {
    total: number
    passed: number
    failed: number
    errored: number
    skipped: number
  }
  /**
   * Generated runs: conversations by generator and status, counting every conversation (also the passes a report leaves out of `cases`, see `run.casesOmitted`).
   */
  generators?: {
    [k: string]: StatusCounts
  }
  outcomes?: OutcomeCounts
}

/**
 * Conversations by status.
 *
 * This interface was referenced by `RunReport`'s JSON-Schema
 * via the `definition` "StatusCounts".
 */
export interface StatusCounts {
  conversations: number
  passed: number
  failed: number
  errored: number
  skipped: number
}

/**
 * Repeated runs (--repeat): conversations by outcome, each counted once whatever its number of runs.
 *
 * This interface was referenced by `RunReport`'s JSON-Schema
 * via the `definition` "OutcomeCounts".
 */
export interface OutcomeCounts {
  conversations: number
  passed: number
  failed: number
  flaky: number
  errored: number
  skipped: number
}

/**
 * One repeated conversation: its outcome and how its runs went. `runs` counts the runs that finished (an interrupted run may have fewer than run.repeat); pass_rate is passed over passed + failed + errored (null when none ran).
 *
 * This interface was referenced by `RunReport`'s JSON-Schema
 * via the `definition` "ConversationOutcome".
 */
export interface ConversationOutcome {
  id: string
  name: string
  file: string
  loc: SourceLoc
  outcome: Outcome
  runs: number
  passed: number
  failed: number
  errored: number
  skipped: number
  pass_rate: number | null
}

/**
 * A threshold in force: alert when metric op limit holds.
 *
 * This interface was referenced by `RunReport`'s JSON-Schema
 * via the `definition` "ThresholdSpec".
 */
export interface ThresholdSpec {
  name: string
  metric: string
  op: '>' | '>=' | '<' | '<=' | '==' | '!='
  limit: number
}

/**
 * A threshold that triggered, with the metric's value.
 *
 * This interface was referenced by `RunReport`'s JSON-Schema
 * via the `definition` "Alert".
 */
export interface Alert {
  name: string
  metric: string
  op: '>' | '>=' | '<' | '<=' | '==' | '!='
  limit: number
  value: number | null
}
