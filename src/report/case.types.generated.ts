/* Generated from schema/report.schema.json by scripts/gen-types.mjs: do not edit; run npm run gen:types. */

/**
 * This interface was referenced by `RunReport`'s JSON-Schema
 * via the `definition` "Status".
 */
export type Status = 'passed' | 'failed' | 'errored' | 'skipped'

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
