import type { Check } from '../scenario/compiled-conversation.js'
import { renderTemplate, type Scope } from '../template/template.js'
import type { AssistantReply, Verdict } from '../report/model.js'
import { oneOrMany } from './intent.js'
import { actionsOf, firstUnmatched } from './turn-lists.js'

type ActionCheck = Extract<Check, { kind: 'action' }>
type ActionsCheck = Extract<Check, { kind: 'actions' }>

/**
 * `action:` passes when one of the turn's actions is one of the names; when the assistant called
 * tools, its action is the first tool call's name.
 */
export function checkAction(check: ActionCheck, reply: AssistantReply, scope: Scope): Verdict {
  const names = check.names.map((t) => renderTemplate(t, scope))
  const first = reply.toolCalls?.[0]
  const actions = first ? [first.name] : actionsOf(reply)
  const pass = actions.some((a) => names.includes(a))
  const code = pass ? 'ACTION_OK' : actions.length === 0 ? 'ACTION_MISSING' : 'ACTION_MISMATCH'
  const actual = actions.length === 0 ? null : actions.length === 1 ? actions[0]! : actions
  return { check: 'action', pass, code, expected: oneOrMany(names), actual, loc: check.loc }
}

const MODE_KEY = { exact: undefined, in_order: 'contains_in_order', contains: 'contains' } as const

/** `actions:` compares the turn's list of actions: exactly, in order, or contained. */
export function checkActions(check: ActionsCheck, reply: AssistantReply, scope: Scope): Verdict {
  const names = check.names.map((t) => renderTemplate(t, scope))
  const actions = actionsOf(reply)
  const bad = firstUnmatched(check.mode, names, actions, (e, a) => e === a)
  const key = MODE_KEY[check.mode]
  const expected = key ? { [key]: names } : names
  const base = { check: 'actions' as const, expected, actual: actions, loc: check.loc }
  if (bad === -1) return { ...base, pass: true, code: 'ACTIONS_OK' }
  const code = check.mode === 'exact' && bad >= names.length ? 'ACTIONS_UNEXPECTED' : actions.length === 0 ? 'ACTIONS_MISSING' : 'ACTIONS_MISMATCH'
  return { ...base, pass: false, code }
}
