import type { Verdict } from '../report/verdict.js'

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
    case 'REPLY_NOT_EQUAL': return `reply: expected to equal ${JSON.stringify(v.expected.equals)}, got ${a}`
    case 'REPLY_MISSING_TEXT': return `reply: expected to contain ${JSON.stringify(v.expected.contains)}, got ${a}`
    case 'REPLY_FORBIDDEN_TEXT': return `reply: expected not to contain ${JSON.stringify(v.expected.not_contains)}, got ${a}`
    case 'REPLY_NO_MATCH': return `reply: expected to match ${v.expected.matches}, got ${a}`
    case 'REPLY_FORBIDDEN_MATCH': return `reply: expected not to match ${v.expected.not_matches}, got ${a}`
    case 'LATENCY_EXCEEDED': return `latency: ${a} ms exceeds the budget of ${v.expected.max_ms} ms`
    case 'CAPTURE_NOT_FOUND': return `capture: nothing at ${Object.values(v.expected)[0]} in the response`
    // The passing codes, and a code this version does not know (a report written by a newer banter).
    default: return `${v.check}: ${v.pass ? 'ok' : 'failed'} (expected ${e}, got ${a})`
  }
}
