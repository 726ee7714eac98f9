import type { SourceLoc } from '../diagnostics/diagnostic.js'
import type { CheckKind } from '../scenario/compiled-conversation.js'

/** What the assistant said, normalised from whatever protocol the endpoint speaks. */
export interface AssistantReply {
  text: string
  intent?: string
  confidence?: number
  entities: ReplyEntity[]
  /** The turn's last action (see `actions`). */
  action?: string
  /** Every action the assistant ran for this turn, in order (when the protocol tells). */
  actions?: string[]
  /** The text of each bot message of this turn, in order, when there were several (`text` joins them). */
  botMessages?: string[]
  /**
   * Set when the reply was several messages and `reply_mode` is any or all: reply checks then
   * test each message (`text` still holds them joined).
   */
  messages?: { mode: 'any' | 'all'; texts: string[] }
  /** The response body as parsed, for captures by path. */
  body: unknown
}

export interface ReplyEntity {
  type: string
  value: string
}

/**
 * The outcome of one check, as data: a stable code (asserted in tests), what was expected and
 * what came back, and where the expectation is written. Human text is rendered by reporters
 * (see evaluate/describe.ts).
 */
export interface Verdict {
  check: CheckKind | 'capture'
  pass: boolean
  code: string
  expected?: unknown
  actual?: unknown
  loc: SourceLoc
}

export type Status = 'passed' | 'failed' | 'errored' | 'skipped'

/** An endpoint or protocol failure: no verdict on the turn can be trusted. */
export interface TurnError {
  code: string
  message: string
  status?: number
}

/**
 * One HTTP attempt of a turn's message request. A turn keeps its attempts when it took more than
 * one; they add up to its `latencyMs`: each attempt's latency plus the wait after it.
 */
export interface TurnAttempt {
  /** The status answered, when an answer came. */
  status?: number
  /** The failure (CONNECTION_REFUSED, TIMEOUT, …), when no complete answer came. */
  code?: string
  /** From sending this attempt to its answer or failure, ms (for Direct Line, the last one runs until the bot's reply). */
  latencyMs: number
  /** From the end of this attempt to the sending of the next (Retry-After or backoff, plus any --rate wait), ms; absent on the last. */
  waitMs?: number
}

export interface TurnResult {
  index: number
  /** The message as sent, variables substituted. */
  user: string
  status: Status
  /**
   * What the user waited, ms: from the moment the turn's first request was sent (written to the
   * connection) to the end of the final answer, retries and the waits between them included.
   */
  latencyMs?: number
  /**
   * Open-loop runs (--arrival-rate) only: the turn's time as a closed run measures it (from the
   * first write, retries included), while latencyMs counts from when the message was due
   * (docs/load-and-deadlines.md "Open-loop load").
   */
  serviceMs?: number
  /** Time to the first streamed token, when the adapter streams (openai with stream: true). */
  ttftMs?: number
  reply?: Omit<AssistantReply, 'body'>
  verdicts: Verdict[]
  error?: TurnError
  /** Why a turn did not run (an earlier turn errored, the run was stopped). */
  skipReason?: string
  loc: SourceLoc
  fragment?: string
  retries: number
  /** Every attempt of the turn's message request, when there was more than one. */
  attempts?: TurnAttempt[]
  /**
   * Set when a text or list of this turn was too long to keep whole (see execute/keep-turn.ts):
   * each cut field (`reply.text`, `verdicts[0].actual`…) with its original length in characters
   * or items. Checks ran on the whole text.
   */
  truncated?: Record<string, number>
}

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
  /** The scenario's feedback step, when it has one (see docs/scenarios.md, "Feedback"). */
  feedback?: CaseFeedback
}

/**
 * A feedback step's outcome. `sent` is true only when the feedback endpoint accepted it (2xx);
 * user_satisfaction and resolved_rate count sent feedback only.
 */
export interface CaseFeedback {
  satisfaction: number
  resolved: boolean
  comment?: string
  sent: boolean
  /** Why it was not sent: no feedback endpoint, an earlier turn errored, the scenario was skipped. */
  skipReason?: string
  /** The endpoint failed (the case is then errored), e.g. "HTTP_STATUS: HTTP 500". */
  error?: string
}

export interface Summary {
  conversations: number
  passed: number
  failed: number
  errored: number
  skipped: number
  turns: { total: number; passed: number; failed: number; errored: number; skipped: number }
  /**
   * Generated runs: conversations by generator and status, counting every conversation (also the
   * passes a report leaves out of `cases`, see `run.casesOmitted`).
   */
  generators?: Record<string, StatusCounts>
}

/** Conversations by status. */
export interface StatusCounts {
  conversations: number
  passed: number
  failed: number
  errored: number
  skipped: number
}

/**
 * The documented JSON report shape (`version` bumps on incompatible changes). The format's source
 * of truth is schema/report.schema.json, which `banter merge` and `banter compare` validate their
 * input against: a field added here must be added there too (then `npm run gen:types`);
 * test/unit/report-schema-types.test.ts fails the typecheck until both agree.
 */
export interface RunReport {
  version: 1
  tool: { name: 'banter'; version: string }
  run: {
    startedAt: string
    finishedAt: string
    durationMs: number
    endpoint: string
    concurrency: number
    paths: string[]
    /** Set when the run stopped early (--bail). */
    stoppedEarly?: string
    /** Suite name for metric labels (--suite or config `suite:`); reporters default to the paths. */
    suite?: string
    /** Generated runs: the seed that reproduces them. */
    seed?: number
    /** Generated runs: conversations counted in the summary but not kept in `cases` (docs/generated-runs.md "Nightly fuzz runs"). */
    casesOmitted?: number
    /**
     * Set when the run ended before every conversation ran: a signal (SIGINT/SIGTERM),
     * --max-duration, or an endpoint that is down. `notRun` conversations never started.
     */
    interrupted?: { reason: 'interrupted' | 'max_duration' | 'endpoint_down'; message: string; notRun: number }
    /** Set when this run is one shard of a larger one (`--shard i/n`; index is 1-based). */
    shard?: { index: number; total: number }
    /** Open-loop runs (--arrival-rate): the schedule against what happened (docs/load-and-deadlines.md "Open-loop load"). */
    arrival?: ArrivalStats
    /** Set by `banter merge`: how many shard reports this report combines. */
    merged?: { reports: number }
  }
  /** Conditions that make the figures less trustworthy, e.g. RUNNER_SATURATED (docs/reports-and-metrics.md "Metrics", runner). */
  warnings?: ReportWarning[]
  summary: Summary
  cases: CaseResult[]
  /** Run metrics (docs/reports-and-metrics.md "Metrics"). Absent only in reports written before metrics existed. */
  metrics?: RunMetrics
  /** Every threshold in force, triggered or not (JUnit shows one testcase each). */
  thresholds?: ThresholdSpec[]
  /** The thresholds that triggered. */
  alerts?: Alert[]
  /**
   * Everything the metrics were computed from, in a mergeable form (README "Merging shard
   * reports"): `banter merge` adds the shards' states, never their figures. Covers every
   * conversation of the run, including those a generated run leaves out of `cases`.
   */
  metricState?: MetricState
}

/** What counts as a fallback or an escalation (config `metrics:`), as the metrics were computed. */
export interface MetricDefinitions {
  fallback_intents: string[]
  fallback_actions: string[]
  escalation_actions: string[]
}

/**
 * Lossless latency samples: whole microseconds ascending (`us`) and how many samples had each
 * (`counts`); percentiles, max and mean are exact from it.
 */
export interface LatencyState {
  us: number[]
  counts: number[]
}

/** Counts behind the rates (docs/reports-and-metrics.md "Metrics"). */
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

/** Counts behind intent, action and entity metrics; confusion cells as [expected, actual, count]. */
export interface QualityCounts {
  intent: { hit: number; all: number }
  action: { hit: number; all: number }
  entity: { tp: number; fp: number; fn: number }
  confusion: [string, string, number][]
}

/** Counts behind one tag's `by_tag` figures. */
export interface TagCounts {
  conversations: number
  passed: number
  failed: number
  errored: number
  completed: number
  intentHit: number
  intentAll: number
}

/** Mergeable metric state, one entry per metric family (see metrics/mergeable-part.ts). */
export interface MetricState {
  definitions: MetricDefinitions
  parts: {
    rates: RateCounts
    response_time: LatencyState
    attempt_time: LatencyState
    time_to_first_token: LatencyState
    quality: QualityCounts
    by_tag: Record<string, TagCounts>
    feedback: { sent: number; satisfaction: number; resolved: number }
    /** Open-loop runs only. */
    service_time?: LatencyState
  }
}

/**
 * How loaded banter itself was while conversations ran (docs/reports-and-metrics.md "Metrics", `runner`). When the
 * runner saturates, a reply that has arrived waits for the event loop before its time is taken,
 * so every latency it reports includes banter's own queueing.
 */
export interface RunnerLoad {
  /** 99th percentile of the event loop's delay beyond its timer, in ms. */
  event_loop_lag_p99_ms: number
  /** The worst such delay, in ms. */
  event_loop_lag_max_ms: number
  /** Share of the time the event loop was busy (0..1). */
  event_loop_utilization: number
  /** Process CPU (all threads: JavaScript, GC, I/O) over wall time, in percent of one core. */
  cpu_percent: number
  /** True when latencies include banter's own queueing (see `isSaturated`). */
  saturated: boolean
}

/** An open-loop run's schedule and how well it was kept. */
export interface ArrivalStats {
  /** Conversations per second asked for. */
  target_rate: number
  /** Conversations started per second over the schedule's window. */
  achieved_rate: number
  /** Starts due (rate x duration, or one per selected conversation). */
  scheduled: number
  started: number
  /** Starts skipped because max_in_flight conversations were running. */
  dropped: number
  /** Starts more than 10 ms after their scheduled time (their latency includes the delay). */
  late: number
  /** Starts never made because the run stopped early. */
  not_run: number
  max_in_flight: number
  start_delay_p99_ms: number
  start_delay_max_ms: number
}

/** A run-level warning: a stable code and its message. */
export interface ReportWarning {
  code: 'RUNNER_SATURATED' | 'ARRIVAL_RATE_MISSED'
  message: string
  /** In a merged report: the index of the shard that warned. */
  shard?: number
}

/** A threshold as configured: alert when `metric op limit` holds. */
export interface ThresholdSpec {
  name: string
  metric: string
  op: Alert['op']
  limit: number
}

/** Response-time figures in milliseconds. */
export interface LatencyStats {
  p50: number
  p90: number
  p95: number
  p99: number
  max: number
  mean: number
}

/** Time-to-first-token figures in milliseconds; null when no turn streamed. */
export interface TtftStats {
  p50: number | null
  p95: number | null
  p99: number | null
  mean: number | null
}

/** Precision, recall and F1 of one label; `null` where the ratio has no denominator. */
export interface ClassScores {
  precision: number | null
  recall: number | null
  f1: number | null
  /** Turns whose expected label was this one. */
  support: number
}

/**
 * Run metrics, the same numbers in every report (defined in the docs/reports-and-metrics.md, "Metrics"). Rates are
 * 0..1; a rate with nothing to count is `null`, never NaN.
 */
export interface RunMetrics {
  conversations: number
  turns: number
  messages_per_second: number
  response_time: LatencyStats
  /** Cumulative latency histogram (`le` in ms, the last bucket is +Inf as `null`), for charts and Prometheus. */
  response_time_histogram: { le: number | null; count: number }[]
  /** The final attempt alone of each answered turn (its send to the answer): response_time without retries and their waits (absent in older reports). */
  attempt_time?: LatencyStats
  /** Time to the first streamed token in ms, over turns that streamed; null when none did (absent in older reports). */
  time_to_first_token?: TtftStats
  intent_accuracy: number | null
  intents: Record<string, ClassScores>
  /** confusion.matrix[i][j]: turns expecting labels[i] answered with labels[j]. */
  confusion: { labels: string[]; matrix: number[][] }
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
  retries: number
  by_tag: Record<string, { conversations: number; passed: number; failed: number; errored: number; completion_rate: number | null; intent_accuracy: number | null }>
  /** Open-loop runs: the request's own time (TurnResult.serviceMs), while response_time is measured from when each message was due. */
  service_time?: LatencyStats
  /** How loaded banter itself was during the run; absent in merged reports and older ones. */
  runner?: RunnerLoad
}

/** A threshold that triggered: `name: metric op limit`, with the metric's value. */
export interface Alert {
  name: string
  metric: string
  op: '>' | '>=' | '<' | '<=' | '==' | '!='
  limit: number
  value: number | null
}
