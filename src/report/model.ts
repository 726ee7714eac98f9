import type * as Schema from './types.generated.js'
import type { Verdict } from './verdict.js'

/*
 * The JSON report as the code builds it. schema/report.schema.json is the format's one source of
 * truth (`banter merge` and `banter compare` validate their input against it) and
 * types.generated.ts is generated from it (`npm run gen:types`): the types here are those, and
 * differ only where the code knows more (each verdict code's shape, see verdict.ts) or carries a
 * field that is never written (the reply's raw body). A field added to the report goes into the
 * schema; test/unit/report-schema-types.test.ts checks that what is built here is a valid report.
 */

export type {
  Alert,
  ArrivalStats,
  CaseFeedback,
  ClassScores,
  ConversationOutcome,
  LatencyState,
  LatencyStats,
  MetricDefinitions,
  MetricState,
  Outcome,
  OutcomeCounts,
  QualityCounts,
  RateCounts,
  RepeatCounts,
  ReplyEntity,
  ReportWarning,
  RunMetrics,
  RunnerLoad,
  Status,
  StatusCounts,
  Summary,
  TagCounts,
  ThresholdSpec,
  ToolCall,
  TurnAttempt,
  ValueDifference,
} from './types.generated.js'

/** What the assistant said, normalised from whatever protocol the endpoint speaks; `body` is the response as parsed, for captures by path (never written to a report). */
export interface AssistantReply extends Schema.Reply {
  body: unknown
  /**
   * Why the turn's tool loop stopped before the assistant answered (never written to a report:
   * the verdicts it causes are): a called tool the scenario has no result for, or too many rounds.
   */
  toolLoop?: { stop: 'missing_result'; tools: string[] } | { stop: 'max_rounds'; maxRounds: number }
}

/** One turn: what was sent, what came back, and the verdicts of its checks. */
export interface TurnResult extends Omit<Schema.TurnResult, 'verdicts'> {
  verdicts: Verdict[]
}

/** One conversation. */
export interface CaseResult extends Omit<Schema.CaseResult, 'turns'> {
  turns: TurnResult[]
}

/** The documented JSON report shape (`version` bumps on incompatible changes). */
export interface RunReport extends Omit<Schema.RunReport, 'cases'> {
  cases: CaseResult[]
}
