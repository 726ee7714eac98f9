import type { Check, PlannedTurn } from '../scenario/compiled-conversation.js'
import { select } from '../template/path.js'
import type { Scope } from '../template/template.js'
import type { AssistantReply } from '../report/model.js'
import type { Verdict } from '../report/verdict.js'
import { checkAction, checkActions } from './action.js'
import { checkEntities } from './entities.js'
import { checkIntent } from './intent.js'
import { checkLatency } from './latency.js'
import { checkMessages } from './messages.js'
import { checkReply } from './reply.js'
import { checkToolCalls } from './tool-calls.js'
import { toolLoopVerdicts } from './tool-loop.js'

/** Runs every check of a turn against the reply; never throws on a miss. */
export function evaluateTurn(turn: PlannedTurn, reply: AssistantReply, latencyMs: number, scope: Scope): Verdict[] {
  const verdicts = turn.checks.flatMap((check) => (check.kind === 'tool_calls' ? checkToolCalls(check, reply, scope) : evaluateCheck(check, reply, latencyMs, scope)))
  return reply.toolCalls || reply.toolLoop ? [...verdicts, ...toolLoopVerdicts(turn, reply)] : verdicts
}

function evaluateCheck(check: Exclude<Check, { kind: 'tool_calls' }>, reply: AssistantReply, latencyMs: number, scope: Scope): Verdict {
  switch (check.kind) {
    case 'intent': return checkIntent(check, reply, scope)
    case 'entities': return checkEntities(check, reply, scope)
    case 'action': return checkAction(check, reply, scope)
    case 'reply': return checkReply(check, reply, scope)
    case 'latency': return checkLatency(check, latencyMs)
    case 'actions': return checkActions(check, reply, scope)
    case 'messages': return checkMessages(check, reply, scope)
  }
}

/**
 * Reads a turn's captures from the response. Paths apply to the normalised reply first
 * ($.intent, $.entities, $.action, $.text) and then to the raw body, so a capture works the same
 * whatever the endpoint's own shape. A path that finds nothing is a failed check.
 */
export function captureValues(turn: PlannedTurn, reply: AssistantReply): { values: Record<string, unknown>; verdicts: Verdict[] } {
  const values: Record<string, unknown> = {}
  const verdicts: Verdict[] = []
  const normalised = { text: reply.text, reply: reply.text, intent: reply.intent, confidence: reply.confidence, entities: reply.entities, action: reply.action, actions: reply.actions, messages: reply.botMessages, tool_calls: reply.toolCalls }
  for (const c of turn.captures) {
    const value = select(c.path, normalised) ?? select(c.path, reply.body)
    if (value === undefined || (Array.isArray(value) && value.length === 0)) {
      verdicts.push({ check: 'capture', pass: false, code: 'CAPTURE_NOT_FOUND', expected: { [c.name]: c.path.source }, actual: null, loc: c.loc })
    } else {
      values[c.name] = value
    }
  }
  return { values, verdicts }
}
