import type { ValueDifference } from '../report/model.js'
import type { Verdict } from '../report/verdict.js'

/** One line of human text for a verdict, rendered from its code and data (reporters use this). */
export function describeVerdict(v: Verdict): string {
  const e = JSON.stringify(v.expected)
  const a = JSON.stringify(v.actual)
  switch (v.code) {
    case 'INTENT_MISMATCH':
      return `intent: expected ${e}, got ${a}`
    case 'INTENT_MISSING':
      return `intent: expected ${e}, but the reply had no intent`
    case 'INTENT_LOW_CONFIDENCE':
      return `intent: confidence below the minimum: expected ${e}, got ${a}`
    case 'ACTION_MISMATCH':
      return `action: expected ${e}, got ${a}`
    case 'ACTION_MISSING':
      return `action: expected ${e}, but the reply had no action`
    case 'ACTIONS_MISMATCH':
      return `actions: expected ${e}, got ${a}`
    case 'ACTIONS_MISSING':
      return `actions: expected ${e}, but the turn ran no action`
    case 'ACTIONS_UNEXPECTED':
      return `actions: expected exactly ${e}, got more: ${a}`
    case 'MESSAGES_MISMATCH':
      return `messages: expected ${e}, got ${a}`
    case 'MESSAGES_MISSING':
      return `messages: expected ${e}, got fewer messages: ${a}`
    case 'MESSAGES_UNEXPECTED':
      return `messages: expected exactly ${e}, got more: ${a}`
    case 'ENTITY_MISSING':
      return `entities: expected ${e}, got ${a}`
    case 'ENTITY_UNEXPECTED':
      return `entities (strict): unexpected extra entities: expected ${e}, got ${a}`
    case 'REPLY_NOT_EQUAL':
      return `reply: expected to equal ${JSON.stringify(v.expected.equals)}, got ${a}`
    case 'REPLY_MISSING_TEXT':
      return `reply: expected to contain ${JSON.stringify(v.expected.contains)}, got ${a}`
    case 'REPLY_FORBIDDEN_TEXT':
      return `reply: expected not to contain ${JSON.stringify(v.expected.not_contains)}, got ${a}`
    case 'REPLY_NO_MATCH':
      return `reply: expected to match ${v.expected.matches}, got ${a}`
    case 'REPLY_FORBIDDEN_MATCH':
      return `reply: expected not to match ${v.expected.not_matches}, got ${a}`
    case 'LATENCY_EXCEEDED':
      return `latency: ${a} ms exceeds the budget of ${v.expected.max_ms} ms`
    case 'TOOL_CALL_MISSING':
      return `tool_calls: expected a call ${e}, ${(v.actual as unknown[]).length === 0 ? 'but the assistant called no tool' : `got calls to ${a}`}`
    case 'TOOL_CALL_NAME_MISMATCH':
      return `tool_calls: expected a call ${e} here, got ${a}`
    case 'TOOL_CALL_ARGUMENTS_MISMATCH':
      return `tool_calls: ${callName(v)} arguments differ: ${(v.differences ?? []).map(describeDifference).join('; ')}`
    case 'TOOL_CALL_ARGUMENTS_INVALID':
      return `tool_calls: ${callName(v)} arguments are not valid JSON: ${JSON.stringify((v.actual as { arguments?: unknown }).arguments)}`
    case 'TOOL_CALLS_UNEXPECTED':
      return `tool_calls: expected exactly ${e}, got more calls: ${a}`
    case 'TOOL_RESULT_MISSING':
      return `tool_results: the assistant called ${a}, and the turn has no result for it (results for: ${e})`
    case 'TOOL_ROUNDS_EXCEEDED':
      return `tool_calls: the assistant still called tools after ${(v.expected as { max_tool_rounds: number }).max_tool_rounds} rounds of tool results: ${a}`
    case 'REPLY_NOT_JSON':
      return `${v.check}: the reply is not JSON (${(v.actual as { error: string }).error})`
    case 'REPLY_SCHEMA_VIOLATION': {
      const x = v.expected as { keyword: string; schema_path: string; rule: string }
      return `json_schema: ${(v.actual as { path: string }).path} ${x.rule} (keyword "${x.keyword}" at ${x.schema_path})`
    }
    case 'REPLY_SCHEMA_MORE_VIOLATIONS':
      return `json_schema: ${a} more violations not listed`
    case 'REPLY_JSON_PATH_MISMATCH':
      return `json_path: ${(v.expected as { path: string }).path}: expected ${JSON.stringify((v.expected as { equals: unknown }).equals)}, got ${a}`
    case 'REPLY_JSON_PATH_MISSING':
      return `json_path: nothing at ${(v.expected as { path: string }).path} in the reply`
    case 'JUDGE_LOW_SCORE': {
      const got = v.actual as { score: number; reason: string }
      return `judge: score ${got.score} is below ${(v.expected as { min_score: number }).min_score}: ${got.reason}`
    }
    case 'CAPTURE_NOT_FOUND':
      return `capture: nothing at ${Object.values(v.expected)[0]} in the response`
    // The passing codes, and a code this version does not know (a report written by a newer banter).
    default:
      if (v.errored && v.check === 'judge') return `judge: ${v.code}: ${(v.actual as { error?: string } | null)?.error ?? 'no grade'}`
      return `${v.check}: ${v.pass ? 'ok' : 'failed'} (expected ${e}, got ${a})`
  }
}

function callName(v: Verdict): string {
  const actual = v.actual as { name?: unknown } | null
  return JSON.stringify(actual?.name ?? (v.expected as { name?: unknown } | null)?.name)
}

/** `$.order_id: expected "12345", got "12354"`. */
function describeDifference(d: ValueDifference): string {
  if (d.problem === 'missing') return `${d.path}: missing (expected ${JSON.stringify(d.expected)})`
  if (d.problem === 'unexpected') return `${d.path}: not expected (got ${JSON.stringify(d.actual)})`
  return `${d.path}: expected ${JSON.stringify(d.expected)}, got ${JSON.stringify(d.actual)}`
}
