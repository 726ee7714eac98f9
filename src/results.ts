import type { SourceLoc } from './diagnostics/diagnostic.js'
import type { CheckKind } from './scenario/model.js'

/** What the assistant said, normalised from whatever protocol the endpoint speaks. */
export interface AssistantReply {
  text: string
  intent?: string
  confidence?: number
  entities: ReplyEntity[]
  action?: string
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

export interface TurnResult {
  index: number
  /** The message as sent, variables substituted. */
  user: string
  status: Status
  latencyMs?: number
  reply?: Omit<AssistantReply, 'body'>
  verdicts: Verdict[]
  error?: TurnError
  /** Why a turn did not run (an earlier turn errored, the run was stopped). */
  skipReason?: string
  loc: SourceLoc
  fragment?: string
  retries: number
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
}

export interface Summary {
  conversations: number
  passed: number
  failed: number
  errored: number
  skipped: number
  turns: { total: number; passed: number; failed: number; errored: number; skipped: number }
}

/** The documented JSON report shape (`version` bumps on incompatible changes). */
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
    /** Set when this run is one shard of a larger one (`--shard i/n`; index is 1-based). */
    shard?: { index: number; total: number }
    /** Set by `banter merge`: how many shard reports this report combines. */
    merged?: { reports: number }
  }
  summary: Summary
  cases: CaseResult[]
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

/** Precision, recall and F1 of one label; `null` where the ratio has no denominator. */
export interface ClassScores {
  precision: number | null
  recall: number | null
  f1: number | null
  /** Turns whose expected label was this one. */
  support: number
}

/**
 * Run metrics, the same numbers in every report (defined in the README, "Metrics"). Rates are
 * 0..1; a rate with nothing to count is `null`, never NaN.
 */
export interface RunMetrics {
  conversations: number
  turns: number
  messages_per_second: number
  response_time: LatencyStats
  /** Cumulative latency histogram (`le` in ms, the last bucket is +Inf as `null`), for charts and Prometheus. */
  response_time_histogram: { le: number | null; count: number }[]
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
}

/** A threshold that triggered: `name: metric op limit`, with the metric's value. */
export interface Alert {
  name: string
  metric: string
  op: '>' | '>=' | '<' | '<=' | '==' | '!='
  limit: number
  value: number | null
}
