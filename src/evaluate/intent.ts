import type { Check } from '../scenario/compiled-conversation.js'
import { renderTemplate, type Scope } from '../template/template.js'
import type { AssistantReply } from '../report/model.js'
import type { Verdict } from '../report/verdict.js'

type IntentCheck = Extract<Check, { kind: 'intent' }>

export function checkIntent(check: IntentCheck, reply: AssistantReply, scope: Scope): Verdict {
  const names = check.names.map((t) => renderTemplate(t, scope))
  const expected = check.minConfidence === undefined ? oneOrMany(names) : { name: oneOrMany(names), min_confidence: check.minConfidence }
  const { loc } = check
  // Verdicts are written out, not spread from a shared base: on Node 20, `{ ...base, more }` costs
  // microseconds (docs/performance.md), and this runs for every check of every turn.
  if (reply.intent === undefined) return { check: 'intent', loc, expected, pass: false, code: 'INTENT_MISSING', actual: null }
  if (!names.includes(reply.intent)) return { check: 'intent', loc, expected, pass: false, code: 'INTENT_MISMATCH', actual: reply.intent }
  if (check.minConfidence !== undefined && !(typeof reply.confidence === 'number' && reply.confidence >= check.minConfidence)) {
    const actual = { name: reply.intent, confidence: reply.confidence ?? null }
    return { check: 'intent', loc, expected, pass: false, code: 'INTENT_LOW_CONFIDENCE', actual }
  }
  return { check: 'intent', loc, expected, pass: true, code: 'INTENT_OK', actual: reply.intent }
}

export function oneOrMany(names: string[]): string | string[] {
  return names.length === 1 ? names[0]! : names
}
