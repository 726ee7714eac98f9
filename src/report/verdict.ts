import type { JudgeCall, ReplyEntity, SourceLoc, ValueDifference } from './types.generated.js'

/*
 * Every verdict code with the shape of its `expected` and `actual` (as publint types each message
 * code with its arguments), so code that reads a verdict narrows it by `code` or `check` and needs
 * no casts. In the JSON report a verdict is the schema's Verdict (types.generated.ts): these types
 * only say more precisely what banter writes there. A report read back from disk may hold a code
 * this version does not know (one written by a newer banter): readers keep a fallback for it.
 */

interface VerdictOf<Check extends string, Code extends string, Expected, Actual> {
  check: Check
  pass: boolean
  code: Code
  expected: Expected
  actual: Actual
  loc: SourceLoc
  /** Argument mismatches of a tool call, by path (tool_calls verdicts only). */
  differences?: ValueDifference[]
  /** Set when the check could not be made (the judge failed): neither a pass nor a failure; the turn is errored. */
  errored?: true
  /** A judge check's grade: model, cache hit, tokens. */
  judge?: JudgeCall
}

/** One name, or the several a check accepts. */
type Names = string | string[]

/** A list expectation as written: a plain list (exact), or the list under its mode's key. */
export type ListExpectation<T> = T[] | { contains_in_order: T[] } | { contains: T[] }

/** The expected text of each reply check of one bot message, by operator (`{ contains: 'hi' }`). */
export type TextExpectation = Partial<Record<ReplyOp, string>>

type ReplyOp = 'equals' | 'contains' | 'not_contains' | 'matches' | 'not_matches'

/** An expected entity: its type, and its value when one was given. */
export interface ExpectedEntity {
  type: string
  value?: string
}

type IntentExpected = Names | { name: Names; min_confidence: number }

export type IntentVerdict =
  | VerdictOf<'intent', 'INTENT_OK' | 'INTENT_MISMATCH', IntentExpected, string>
  | VerdictOf<'intent', 'INTENT_MISSING', IntentExpected, null>
  | VerdictOf<'intent', 'INTENT_LOW_CONFIDENCE', IntentExpected, { name: string; confidence: number | null }>

type ActionVerdict =
  | VerdictOf<'action', 'ACTION_OK' | 'ACTION_MISMATCH', Names, string | string[]>
  | VerdictOf<'action', 'ACTION_MISSING', Names, null>

type ActionsVerdict = VerdictOf<
  'actions',
  'ACTIONS_OK' | 'ACTIONS_MISMATCH' | 'ACTIONS_MISSING' | 'ACTIONS_UNEXPECTED',
  ListExpectation<string>,
  string[]
>

type MessagesVerdict = VerdictOf<
  'messages',
  'MESSAGES_OK' | 'MESSAGES_MISMATCH' | 'MESSAGES_MISSING' | 'MESSAGES_UNEXPECTED',
  ListExpectation<TextExpectation>,
  string[]
>

type EntitiesVerdict = VerdictOf<
  'entities',
  'ENTITIES_OK' | 'ENTITY_MISSING' | 'ENTITY_UNEXPECTED',
  ExpectedEntity[] | { strict: true; items: ExpectedEntity[] },
  ReplyEntity[]
>

/** A reply check's verdict: `expected` holds the one operator's text (a pattern as `/source/flags`); `actual` is the reply, or each message under reply_mode any/all. */
type ReplyVerdictOf<Op extends ReplyOp, Codes extends string> = VerdictOf<'reply', Codes, { [K in Op]: string }, string | string[]>

export type ReplyVerdict =
  | ReplyVerdictOf<'equals', 'REPLY_EQUALS_OK' | 'REPLY_NOT_EQUAL'>
  | ReplyVerdictOf<'contains', 'REPLY_CONTAINS_OK' | 'REPLY_MISSING_TEXT'>
  | ReplyVerdictOf<'not_contains', 'REPLY_NOT_CONTAINS_OK' | 'REPLY_FORBIDDEN_TEXT'>
  | ReplyVerdictOf<'matches', 'REPLY_MATCHES_OK' | 'REPLY_NO_MATCH'>
  | ReplyVerdictOf<'not_matches', 'REPLY_NOT_MATCHES_OK' | 'REPLY_FORBIDDEN_MATCH'>

type LatencyVerdict = VerdictOf<'latency', 'LATENCY_OK' | 'LATENCY_EXCEEDED', { max_ms: number }, number>

/** A capture whose path found nothing: `expected` is `{ name: path }`. */
type CaptureVerdict = VerdictOf<'capture', 'CAPTURE_NOT_FOUND', Record<string, string>, null>

type ToolCallCode =
  | 'TOOL_CALL_OK'
  | 'TOOL_CALL_MISSING'
  | 'TOOL_CALL_NAME_MISMATCH'
  | 'TOOL_CALL_ARGUMENTS_MISMATCH'
  | 'TOOL_CALL_ARGUMENTS_INVALID'
  | 'TOOL_CALLS_UNEXPECTED'
  | 'TOOL_CALLS_OK'
  | 'TOOL_RESULT_MISSING'
  | 'TOOL_ROUNDS_EXCEEDED'

/** A tool_calls check: one expected call (its name and arguments), the list of calls, or the tool loop. */
type ToolCallsVerdict = VerdictOf<'tool_calls', ToolCallCode, unknown, unknown>

/** Structured-reply and judge checks: `expected`/`actual` shapes are per code (see evaluate/json-reply.ts and judge/). */
type JsonReplyCode =
  | 'REPLY_NOT_JSON'
  | 'REPLY_SCHEMA_OK'
  | 'REPLY_SCHEMA_VIOLATION'
  | 'REPLY_SCHEMA_MORE_VIOLATIONS'
  | 'REPLY_SCHEMA_INVALID'
  | 'REPLY_JSON_PATH_OK'
  | 'REPLY_JSON_PATH_MISMATCH'
  | 'REPLY_JSON_PATH_MISSING'
type JsonReplyVerdict = VerdictOf<'json_schema' | 'json_path', JsonReplyCode, unknown, unknown>
/** `JUDGE_OK`, `JUDGE_LOW_SCORE`, or why the judge gave no grade (`JUDGE_TIMEOUT`, `JUDGE_BAD_ANSWER`, ...: the verdict is then errored). */
type JudgeVerdict = VerdictOf<'judge', `JUDGE_${string}`, unknown, unknown>

/**
 * The outcome of one check, as data: a stable code (asserted in tests), what was expected and
 * what came back, and where the expectation is written. Human text is rendered by reporters
 * (see evaluate/describe.ts).
 */
export type Verdict =
  | IntentVerdict
  | ActionVerdict
  | ActionsVerdict
  | MessagesVerdict
  | EntitiesVerdict
  | ReplyVerdict
  | LatencyVerdict
  | CaptureVerdict
  | ToolCallsVerdict
  | JsonReplyVerdict
  | JudgeVerdict
