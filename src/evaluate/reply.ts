import type { Check } from '../scenario/model.js'
import { MAX_MATCH_INPUT } from '../scenario/regex.js'
import { renderTemplate, type Scope } from '../template/template.js'
import type { AssistantReply, Verdict } from '../results.js'

type ReplyCheck = Extract<Check, { kind: 'reply' }>

const CODES = {
  equals: ['REPLY_EQUALS_OK', 'REPLY_NOT_EQUAL'],
  contains: ['REPLY_CONTAINS_OK', 'REPLY_MISSING_TEXT'],
  not_contains: ['REPLY_NOT_CONTAINS_OK', 'REPLY_FORBIDDEN_TEXT'],
  matches: ['REPLY_MATCHES_OK', 'REPLY_NO_MATCH'],
} as const

export function checkReply(check: ReplyCheck, reply: AssistantReply, scope: Scope): Verdict {
  const text = reply.text
  let pass: boolean
  let expected: unknown
  if (check.op === 'matches') {
    pass = check.pattern.test(text.length > MAX_MATCH_INPUT ? text.slice(0, MAX_MATCH_INPUT) : text)
    expected = { matches: String(check.pattern) }
  } else {
    const want = renderTemplate(check.text, scope)
    const [a, b] = check.ignoreCase ? [text.toLowerCase(), want.toLowerCase()] : [text, want]
    pass = check.op === 'equals' ? a === b : check.op === 'contains' ? a.includes(b) : !a.includes(b)
    expected = { [check.op]: want }
  }
  const [ok, fail] = CODES[check.op]
  return { check: 'reply', pass, code: pass ? ok : fail, expected, actual: text, loc: check.loc }
}
