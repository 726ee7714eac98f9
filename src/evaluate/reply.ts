import type { Check } from '../scenario/compiled-conversation.js'
import { renderTemplate, type Scope } from '../template/template.js'
import type { AssistantReply, Verdict } from '../report/model.js'

type ReplyCheck = Extract<Check, { kind: 'reply' }>

const CODES = {
  equals: ['REPLY_EQUALS_OK', 'REPLY_NOT_EQUAL'],
  contains: ['REPLY_CONTAINS_OK', 'REPLY_MISSING_TEXT'],
  not_contains: ['REPLY_NOT_CONTAINS_OK', 'REPLY_FORBIDDEN_TEXT'],
  matches: ['REPLY_MATCHES_OK', 'REPLY_NO_MATCH'],
  not_matches: ['REPLY_NOT_MATCHES_OK', 'REPLY_FORBIDDEN_MATCH'],
} as const

/**
 * With several messages and `reply_mode: any | all`, the check runs on each message and passes
 * when any / all of them satisfy it; `not_contains` and `not_matches` always need every message
 * to be clean (a forbidden text in one message is never acceptable).
 */
export function checkReply(check: ReplyCheck, reply: AssistantReply, scope: Scope): Verdict {
  const one = checkText(check, reply.text, scope)
  if (!reply.messages || reply.messages.texts.length === 0) return one
  const each = reply.messages.texts.map((t) => checkText(check, t, scope).pass)
  const pass = reply.messages.mode === 'all' || check.op === 'not_contains' || check.op === 'not_matches' ? each.every(Boolean) : each.some(Boolean)
  const [ok, fail] = CODES[check.op]
  return { ...one, pass, code: pass ? ok : fail, actual: reply.messages.texts }
}

/** One reply check on one text. */
export function checkText(check: ReplyCheck, text: string, scope: Scope): Verdict {
  let pass: boolean
  let expected: unknown
  if ('pattern' in check) {
    // Linear-time engine (scenario/regex.ts): the whole reply is matched, however long.
    pass = check.pattern.test(text) === (check.op === 'matches')
    expected = { [check.op]: `/${check.pattern.source}/${check.pattern.flags}` }
  } else {
    const want = renderTemplate(check.text, scope)
    const [a, b] = check.ignoreCase ? [text.toLowerCase(), want.toLowerCase()] : [text, want]
    pass = check.op === 'equals' ? a === b : check.op === 'contains' ? a.includes(b) : !a.includes(b)
    expected = { [check.op]: want }
  }
  const [ok, fail] = CODES[check.op]
  return { check: 'reply', pass, code: pass ? ok : fail, expected, actual: text, loc: check.loc }
}
