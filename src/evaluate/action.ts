import type { Check } from '../scenario/compiled-conversation.js'
import { renderTemplate, type Scope } from '../template/template.js'
import type { AssistantReply } from '../report/model.js'
import type { Verdict } from '../report/verdict.js'
import { oneOrMany } from './intent.js'
import { actionsOf, firstUnmatched, listExpectation } from './turn-lists.js'

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
  const expected = oneOrMany(names)
  if (actions.length === 0) return { check: 'action', pass: false, code: 'ACTION_MISSING', expected, actual: null, loc: check.loc }
  const pass = actions.some((a) => names.includes(a))
  return { check: 'action', pass, code: pass ? 'ACTION_OK' : 'ACTION_MISMATCH', expected, actual: oneOrMany(actions), loc: check.loc }
}

/** `actions:` compares the turn's list of actions: exactly, in order, or contained. */
export function checkActions(check: ActionsCheck, reply: AssistantReply, scope: Scope): Verdict {
  const names = check.names.map((t) => renderTemplate(t, scope))
  const actions = actionsOf(reply)
  const bad = firstUnmatched(check.mode, names, actions, (e, a) => e === a)
  const expected = listExpectation(check.mode, names)
  // Written out, not spread from a shared base (see intent.ts).
  const code =
    bad === -1
      ? 'ACTIONS_OK'
      : check.mode === 'exact' && bad >= names.length
        ? 'ACTIONS_UNEXPECTED'
        : actions.length === 0
          ? 'ACTIONS_MISSING'
          : 'ACTIONS_MISMATCH'
  return { check: 'actions', expected, actual: actions, loc: check.loc, pass: bad === -1, code }
}
