/* Generated from schema/report.schema.json by scripts/gen-types.mjs: do not edit; run npm run gen:types. */

/**
 * This interface was referenced by `RunReport`'s JSON-Schema
 * via the `definition` "Status".
 */
export type Status = 'passed' | 'failed' | 'errored' | 'skipped'
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
 * One conversation.
 *
 * This interface was referenced by `RunReport`'s JSON-Schema
 * via the `definition` "CaseResult".
 */
export interface CaseResult {
  id: string
  name: string
  file: string
  loc: SourceLoc
  tags: string[]
  status: Status
  sessionId: string
  startedAt: string
  durationMs: number
  turns: TurnResult[]
  skipReason?: string
  feedback?: CaseFeedback
  repeat?: RepeatIndex
}
/**
 * Where an expectation or turn is written.
 *
 * This interface was referenced by `RunReport`'s JSON-Schema
 * via the `definition` "SourceLoc".
 */
export interface SourceLoc {
  file: string
  line: number
  col: number
}
/**
 * This interface was referenced by `RunReport`'s JSON-Schema
 * via the `definition` "TurnResult".
 */
export interface TurnResult {
  index: number
  user: string
  status: Status
  /**
   * What the user waited, ms: first request sent to the final answer, retries and waits included.
   */
  latencyMs?: number
  /**
   * Open-loop runs only: the turn's time from the first write, while latencyMs counts from when the message was due.
   */
  serviceMs?: number
  /**
   * Time to the first streamed token, when the adapter streams.
   */
  ttftMs?: number
  reply?: Reply
  verdicts: Verdict[]
  error?: TurnError
  skipReason?: string
  loc: SourceLoc
  fragment?: string
  retries: number
  /**
   * Every attempt of the turn's message request, when there was more than one.
   */
  attempts?: TurnAttempt[]
  /**
   * Set when a text or list of this turn was too long to keep whole: each cut field (reply.text, verdicts[0].actual, ...) with its original length in characters or items. Checks ran on the whole text.
   */
  truncated?: {
    [k: string]: number
  }
}
/**
 * What the assistant said, normalised (the raw body is not kept).
 *
 * This interface was referenced by `RunReport`'s JSON-Schema
 * via the `definition` "Reply".
 */
export interface Reply {
  text: string
  intent?: string
  confidence?: number
  entities: ReplyEntity[]
  /**
   * The turn's last action (see actions).
   */
  action?: string
  /**
   * Every action the assistant ran for this turn, in order (when the protocol tells).
   */
  actions?: string[]
  /**
   * The text of each bot message of this turn, in order, when there were several.
   */
  botMessages?: string[]
  /**
   * Several messages with reply_mode any or all: reply checks test each.
   */
  messages?: {
    mode: 'any' | 'all'
    texts: string[]
  }
  /**
   * The tool calls the assistant made in this turn, in order, over all tool rounds.
   */
  toolCalls?: ToolCall[]
}
/**
 * This interface was referenced by `RunReport`'s JSON-Schema
 * via the `definition` "ReplyEntity".
 */
export interface ReplyEntity {
  type: string
  value: string
}
/**
 * This interface was referenced by `RunReport`'s JSON-Schema
 * via the `definition` "ToolCall".
 */
export interface ToolCall {
  name: string
  /**
   * The arguments, parsed from JSON (absent when they were not valid JSON).
   */
  arguments?: unknown
  /**
   * Arguments that were not valid JSON: the text as received and the parser's message.
   */
  invalidArguments?: {
    text: string
    error: string
  }
  /**
   * The request of the turn that made the call (1: the reply to the user message; 2: the reply to the first tool results, ...).
   */
  round: number
}
/**
 * The outcome of one check, with a stable code.
 *
 * This interface was referenced by `RunReport`'s JSON-Schema
 * via the `definition` "Verdict".
 */
export interface Verdict {
  check:
    | 'intent'
    | 'entities'
    | 'action'
    | 'reply'
    | 'latency'
    | 'actions'
    | 'messages'
    | 'capture'
    | 'tool_calls'
    | 'json_schema'
    | 'json_path'
    | 'judge'
  pass: boolean
  code: string
  /**
   * What was expected (any JSON value).
   */
  expected?: unknown
  /**
   * What came back (any JSON value).
   */
  actual?: unknown
  loc: SourceLoc
  /**
   * tool_calls: where the arguments differ from the expected ones.
   */
  differences?: ValueDifference[]
  /**
   * Set when the check could not be made (the judge failed: timeout, HTTP error, malformed answer): neither a pass nor a failure, and the turn is errored.
   */
  errored?: true
  judge?: JudgeCall
}
/**
 * This interface was referenced by `RunReport`'s JSON-Schema
 * via the `definition` "ValueDifference".
 */
export interface ValueDifference {
  /**
   * Where in the arguments, e.g. $.order_id or $.items[0].sku.
   */
  path: string
  problem: 'missing' | 'different' | 'unexpected'
  /**
   * The expected value (absent for unexpected).
   */
  expected?: unknown
  /**
   * The value received (absent for missing).
   */
  actual?: unknown
}
/**
 * A judge check's grade: which model gave it, whether it came from the cache, and what it cost when the judge reports usage.
 *
 * This interface was referenced by `RunReport`'s JSON-Schema
 * via the `definition` "JudgeCall".
 */
export interface JudgeCall {
  model: string
  /**
   * True when the grade was read from the judge cache (no request was made).
   */
  cached: boolean
  prompt_tokens?: number
  completion_tokens?: number
  /**
   * The judge request's time, retries included; absent for a cached grade.
   */
  latency_ms?: number
}
/**
 * This interface was referenced by `RunReport`'s JSON-Schema
 * via the `definition` "TurnError".
 */
export interface TurnError {
  code: string
  message: string
  status?: number
}
/**
 * One HTTP attempt of a turn's message request.
 *
 * This interface was referenced by `RunReport`'s JSON-Schema
 * via the `definition` "TurnAttempt".
 */
export interface TurnAttempt {
  /**
   * The status answered, when an answer came.
   */
  status?: number
  /**
   * The failure (CONNECTION_REFUSED, TIMEOUT, ...), when no complete answer came.
   */
  code?: string
  latencyMs: number
  /**
   * From the end of this attempt to the sending of the next; absent on the last.
   */
  waitMs?: number
}
/**
 * A feedback step's outcome.
 *
 * This interface was referenced by `RunReport`'s JSON-Schema
 * via the `definition` "CaseFeedback".
 */
export interface CaseFeedback {
  satisfaction: number
  resolved: boolean
  comment?: string
  sent: boolean
  skipReason?: string
  error?: string
}
/**
 * Which run of a repeated conversation this is (--repeat): index counts from 1 to of.
 *
 * This interface was referenced by `RunReport`'s JSON-Schema
 * via the `definition` "RepeatIndex".
 */
export interface RepeatIndex {
  index: number
  of: number
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
/**
 * Everything the metrics were computed from, in a mergeable form (docs/scaling-out.md "Merging shard reports").
 *
 * This interface was referenced by `RunReport`'s JSON-Schema
 * via the `definition` "MetricState".
 */
export interface MetricState {
  definitions: MetricDefinitions
  /**
   * One entry per metric family.
   */
  parts: {
    rates: RateCounts
    response_time: LatencyState
    attempt_time: LatencyState
    time_to_first_token: LatencyState
    quality: QualityCounts
    by_tag: {
      [k: string]: TagCounts
    }
    feedback: {
      sent: number
      satisfaction: number
      resolved: number
    }
    service_time?: LatencyState
    repeats?: RepeatCounts
    judge?: JudgeCounts
  }
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
 * This interface was referenced by `RunReport`'s JSON-Schema
 * via the `definition` "RateCounts".
 */
export interface RateCounts {
  conversations: number
  completed: number
  escalated: number
  turns: number
  answered: number
  fallbacks: number
  errored: number
  retries: number
}
/**
 * Lossless latency samples: whole microseconds ascending and how many samples had each.
 *
 * This interface was referenced by `RunReport`'s JSON-Schema
 * via the `definition` "LatencyState".
 */
export interface LatencyState {
  us: number[]
  counts: number[]
}
/**
 * This interface was referenced by `RunReport`'s JSON-Schema
 * via the `definition` "QualityCounts".
 */
export interface QualityCounts {
  intent: {
    hit: number
    all: number
  }
  action: {
    hit: number
    all: number
  }
  entity: {
    tp: number
    fp: number
    fn: number
  }
  confusion: [string, string, number][]
}
/**
 * This interface was referenced by `RunReport`'s JSON-Schema
 * via the `definition` "TagCounts".
 */
export interface TagCounts {
  conversations: number
  passed: number
  failed: number
  errored: number
  completed: number
  intentHit: number
  intentAll: number
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
