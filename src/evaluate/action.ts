import type { Check } from '../scenario/model.js'
import { renderTemplate, type Scope } from '../template/template.js'
import type { AssistantReply, Verdict } from '../results.js'
import { oneOrMany } from './intent.js'

type ActionCheck = Extract<Check, { kind: 'action' }>

export function checkAction(check: ActionCheck, reply: AssistantReply, scope: Scope): Verdict {
  const names = check.names.map((t) => renderTemplate(t, scope))
  const pass = reply.action !== undefined && names.includes(reply.action)
  const code = pass ? 'ACTION_OK' : reply.action === undefined ? 'ACTION_MISSING' : 'ACTION_MISMATCH'
  return { check: 'action', pass, code, expected: oneOrMany(names), actual: reply.action ?? null, loc: check.loc }
}
