import type { SourceLoc } from '../diagnostics/diagnostic.js'
import type { Check } from '../scenario/compiled-conversation.js'
import { renderTemplate, type Scope } from '../template/template.js'
import type { AssistantReply } from '../report/model.js'
import type { ReplyVerdict, TextExpectation } from '../report/verdict.js'

type ReplyCheck = Extract<Check, { kind: 'reply' }>

/**
 * With several messages and `reply_mode: any | all`, the check runs on each message and passes
 * when any / all of them satisfy it; `not_contains` and `not_matches` always need every message
 * to be clean (a forbidden text in one message is never acceptable).
 */
export function checkReply(check: ReplyCheck, reply: AssistantReply, scope: Scope): ReplyVerdict {
  if (!reply.messages || reply.messages.texts.length === 0) return checkText(check, reply.text, scope)
  const want = expectedText(check, scope)
  const each = reply.messages.texts.map((t) => textPasses(check, want, t))
  const pass =
    reply.messages.mode === 'all' || check.op === 'not_contains' || check.op === 'not_matches' ? each.every(Boolean) : each.some(Boolean)
  return replyVerdict(check.op, want, pass, reply.messages.texts, check.loc)
}

/** One reply check on one text. */
export function checkText(check: ReplyCheck, text: string, scope: Scope): ReplyVerdict {
  const want = expectedText(check, scope)
  return replyVerdict(check.op, want, textPasses(check, want, text), text, check.loc)
}

/** What a reply check expects, as its verdict and `messages:` show it: `{ contains: 'hi' }`. */
export function textExpectation(check: ReplyCheck, scope: Scope): TextExpectation {
  return { [check.op]: expectedText(check, scope) }
}

/** The check's text with variables substituted, or its pattern as `/source/flags`. */
function expectedText(check: ReplyCheck, scope: Scope): string {
  return 'pattern' in check ? `/${check.pattern.source}/${check.pattern.flags}` : renderTemplate(check.text, scope)
}

function textPasses(check: ReplyCheck, want: string, text: string): boolean {
  // Linear-time engine (scenario/regex.ts): the whole reply is matched, however long.
  if ('pattern' in check) return check.pattern.test(text) === (check.op === 'matches')
  const [a, b] = check.ignoreCase ? [text.toLowerCase(), want.toLowerCase()] : [text, want]
  return check.op === 'equals' ? a === b : check.op === 'contains' ? a.includes(b) : !a.includes(b)
}

/** The verdict of a reply check (its keys in the order reports have always had them). */
function replyVerdict(op: ReplyCheck['op'], want: string, pass: boolean, actual: string | string[], loc: SourceLoc): ReplyVerdict {
  const check = 'reply'
  switch (op) {
    case 'equals':
      return { check, pass, code: pass ? 'REPLY_EQUALS_OK' : 'REPLY_NOT_EQUAL', expected: { equals: want }, actual, loc }
    case 'contains':
      return { check, pass, code: pass ? 'REPLY_CONTAINS_OK' : 'REPLY_MISSING_TEXT', expected: { contains: want }, actual, loc }
    case 'not_contains':
      return { check, pass, code: pass ? 'REPLY_NOT_CONTAINS_OK' : 'REPLY_FORBIDDEN_TEXT', expected: { not_contains: want }, actual, loc }
    case 'matches':
      return { check, pass, code: pass ? 'REPLY_MATCHES_OK' : 'REPLY_NO_MATCH', expected: { matches: want }, actual, loc }
    case 'not_matches':
      return { check, pass, code: pass ? 'REPLY_NOT_MATCHES_OK' : 'REPLY_FORBIDDEN_MATCH', expected: { not_matches: want }, actual, loc }
  }
}
