import type { Verdict } from '../report/model.js'

/** One line of human text for a verdict, rendered from its code and data (reporters use this). */
export function describeVerdict(v: Verdict): string {
  const e = JSON.stringify(v.expected)
  const a = JSON.stringify(v.actual)
  switch (v.code) {
    case 'INTENT_MISMATCH': return `intent: expected ${e}, got ${a}`
    case 'INTENT_MISSING': return `intent: expected ${e}, but the reply had no intent`
    case 'INTENT_LOW_CONFIDENCE': return `intent: confidence below the minimum: expected ${e}, got ${a}`
    case 'ACTION_MISMATCH': return `action: expected ${e}, got ${a}`
    case 'ACTION_MISSING': return `action: expected ${e}, but the reply had no action`
    case 'ACTIONS_MISMATCH': return `actions: expected ${e}, got ${a}`
    case 'ACTIONS_MISSING': return `actions: expected ${e}, but the turn ran no action`
    case 'ACTIONS_UNEXPECTED': return `actions: expected exactly ${e}, got more: ${a}`
    case 'MESSAGES_MISMATCH': return `messages: expected ${e}, got ${a}`
    case 'MESSAGES_MISSING': return `messages: expected ${e}, got fewer messages: ${a}`
    case 'MESSAGES_UNEXPECTED': return `messages: expected exactly ${e}, got more: ${a}`
    case 'ENTITY_MISSING': return `entities: expected ${e}, got ${a}`
    case 'ENTITY_UNEXPECTED': return `entities (strict): unexpected extra entities: expected ${e}, got ${a}`
    case 'REPLY_NOT_EQUAL': return `reply: expected to equal ${JSON.stringify((v.expected as { equals: string }).equals)}, got ${a}`
    case 'REPLY_MISSING_TEXT': return `reply: expected to contain ${JSON.stringify((v.expected as { contains: string }).contains)}, got ${a}`
    case 'REPLY_FORBIDDEN_TEXT': return `reply: expected not to contain ${JSON.stringify((v.expected as { not_contains: string }).not_contains)}, got ${a}`
    case 'REPLY_NO_MATCH': return `reply: expected to match ${(v.expected as { matches: string }).matches}, got ${a}`
    case 'REPLY_FORBIDDEN_MATCH': return `reply: expected not to match ${(v.expected as { not_matches: string }).not_matches}, got ${a}`
    case 'LATENCY_EXCEEDED': return `latency: ${a} ms exceeds the budget of ${(v.expected as { max_ms: number }).max_ms} ms`
    case 'REPLY_NOT_JSON': return `${v.check}: the reply is not JSON (${(v.actual as { error: string }).error})`
    case 'REPLY_SCHEMA_VIOLATION': {
      const x = v.expected as { keyword: string; schema_path: string; rule: string }
      return `json_schema: ${(v.actual as { path: string }).path} ${x.rule} (keyword "${x.keyword}" at ${x.schema_path})`
    }
    case 'REPLY_SCHEMA_MORE_VIOLATIONS': return `json_schema: ${a} more violations not listed`
    case 'REPLY_JSON_PATH_MISMATCH': return `json_path: ${(v.expected as { path: string }).path}: expected ${JSON.stringify((v.expected as { equals: unknown }).equals)}, got ${a}`
    case 'REPLY_JSON_PATH_MISSING': return `json_path: nothing at ${(v.expected as { path: string }).path} in the reply`
    case 'JUDGE_LOW_SCORE': {
      const got = v.actual as { score: number; reason: string }
      return `judge: score ${got.score} is below ${(v.expected as { min_score: number }).min_score}: ${got.reason}`
    }
    case 'CAPTURE_NOT_FOUND': return `capture: nothing at ${Object.values(v.expected as object)[0]} in the response`
    default:
      if (v.errored && v.check === 'judge') return `judge: ${v.code}: ${(v.actual as { error?: string } | null)?.error ?? 'no grade'}`
      return `${v.check}: ${v.pass ? 'ok' : 'failed'} (expected ${e}, got ${a})`
  }
}
