/* Generated from schema/report.schema.json by scripts/gen-types.mjs: do not edit; run npm run gen:types. */

/**
 * Run metrics (docs/reports-and-metrics.md "Metrics"); rates are 0..1, null when there is nothing to count.
 *
 * This interface was referenced by `RunReport`'s JSON-Schema
 * via the `definition` "RunMetrics".
 */
export interface RunMetrics {
  conversations: number
  turns: number
  messages_per_second: number
  response_time: LatencyStats
  response_time_histogram: {
    le: number | null
    count: number
  }[]
  attempt_time?: LatencyStats1
  time_to_first_token?: TtftStats
  intent_accuracy: number | null
  intents: {
    [k: string]: ClassScores
  }
  confusion: {
    labels: string[]
    matrix: number[][]
  }
  entity_precision: number | null
  entity_recall: number | null
  entity_f1: number | null
  action_accuracy: number | null
  fallback_rate: number | null
  escalation_rate: number | null
  completion_rate: number | null
  avg_conversation_length: number | null
  user_satisfaction: number | null
  resolved_rate: number | null
  error_rate: number | null
  /**
   * Runs that passed over runs that ran (with --repeat, every run of every conversation); absent in older reports.
   */
  pass_rate?: number | null
  /**
   * Flaky conversations (some runs passed, some not) over conversations that ran; null when no conversation ran more than once; absent in older reports.
   */
  flaky_rate?: number | null
  retries: number
  by_tag: {
    [k: string]: {
      conversations: number
      passed: number
      failed: number
      errored: number
      completion_rate: number | null
      intent_accuracy: number | null
    }
  }
  service_time?: LatencyStats2
  runner?: RunnerLoad
  judge?: JudgeMetrics
}

/**
 * Response-time figures in ms.
 *
 * This interface was referenced by `RunReport`'s JSON-Schema
 * via the `definition` "LatencyStats".
 */
export interface LatencyStats {
  p50: number
  p90: number
  p95: number
  p99: number
  max: number
  mean: number
}

/**
 * Response-time figures in ms.
 */
export interface LatencyStats1 {
  p50: number
  p90: number
  p95: number
  p99: number
  max: number
  mean: number
}

/**
 * Time-to-first-token figures in ms; null when no turn streamed.
 *
 * This interface was referenced by `RunReport`'s JSON-Schema
 * via the `definition` "TtftStats".
 */
export interface TtftStats {
  p50: number | null
  p95: number | null
  p99: number | null
  mean: number | null
}

/**
 * This interface was referenced by `RunReport`'s JSON-Schema
 * via the `definition` "ClassScores".
 */
export interface ClassScores {
  precision: number | null
  recall: number | null
  f1: number | null
  support: number
}

/**
 * Response-time figures in ms.
 */
export interface LatencyStats2 {
  p50: number
  p90: number
  p95: number
  p99: number
  max: number
  mean: number
}

/**
 * How loaded banter itself was while conversations ran.
 *
 * This interface was referenced by `RunReport`'s JSON-Schema
 * via the `definition` "RunnerLoad".
 */
export interface RunnerLoad {
  /**
   * 99th percentile of the event loop's delay beyond its timer, ms.
   */
  event_loop_lag_p99_ms: number
  /**
   * The worst such delay, ms.
   */
  event_loop_lag_max_ms: number
  /**
   * Share of the time the event loop was busy (0..1).
   */
  event_loop_utilization: number
  /**
   * Process CPU over wall time, percent of one core.
   */
  cpu_percent: number
  /**
   * Estimated mean time a reply waited for banter's event loop before its time was taken, ms (absent in reports before it was measured).
   */
  queueing_mean_ms?: number
  /**
   * Estimated 99th percentile of that wait, ms.
   */
  queueing_p99_ms?: number
  /**
   * True when banter's own queueing materially inflated the latencies the report states (docs/reports-and-metrics.md "Runner saturation").
   */
  saturated: boolean
  /**
   * Merged reports only: how many shards measured their runner. Each figure is then the highest among those shards (saturated: any of them), not a figure of the whole run: each shard ran in its own process.
   */
  shards?: number
}

/**
 * What grading with the judge model cost (docs/llm-assistants.md "Grading with a judge model").
 *
 * This interface was referenced by `RunReport`'s JSON-Schema
 * via the `definition` "JudgeMetrics".
 */
export interface JudgeMetrics {
  /**
   * Judge checks graded (from a request or the cache).
   */
  grades: number
  /**
   * Judge requests that returned a grade (cache misses).
   */
  calls: number
  /**
   * Grades read from the cache: no request, no cost.
   */
  cache_hits: number
  /**
   * Judge checks that errored (timeout, HTTP error, malformed or out-of-range answer).
   */
  errors: number
  /**
   * Prompt tokens the judge reported for the requests of this run.
   */
  prompt_tokens: number
  /**
   * Completion tokens the judge reported for the requests of this run.
   */
  completion_tokens: number
  /**
   * Mean score of the graded checks; null when none was graded.
   */
  score_mean: number | null
}

/**
 * What counts as a fallback or an escalation (config metrics:), as the metrics were computed.
 *
 * This interface was referenced by `RunReport`'s JSON-Schema
 * via the `definition` "MetricDefinitions".
 */
export interface MetricDefinitions {
  fallback_intents: string[]
  fallback_actions: string[]
  escalation_actions: string[]
}

/**
 * Counts behind pass_rate and flaky_rate.
 *
 * This interface was referenced by `RunReport`'s JSON-Schema
 * via the `definition` "RepeatCounts".
 */
export interface RepeatCounts {
  runs: number
  passing_runs: number
  conversations: number
  flaky: number
  repeated: number
}

/**
 * Counts behind the judge metrics.
 *
 * This interface was referenced by `RunReport`'s JSON-Schema
 * via the `definition` "JudgeCounts".
 */
export interface JudgeCounts {
  grades: number
  calls: number
  cache_hits: number
  errors: number
  prompt_tokens: number
  completion_tokens: number
  score_sum: number
}
