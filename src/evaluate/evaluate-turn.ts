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
import { structuredText } from './turn-lists.js'
import { checkJsonPath, checkJsonSchema, notJson, parseReply, type ParsedReply } from './json-reply.js'

/**
 * Runs every check of a turn against the reply; never throws on a miss. Judge checks are left to
 * judgeTurn (they wait for the judge model). JSON checks parse the reply once (its last message:
 * see structuredText); a reply that is not JSON is one failed verdict, not one per JSON check.
 */
export function evaluateTurn(turn: PlannedTurn, reply: AssistantReply, latencyMs: number, scope: Scope): Verdict[] {
  const verdicts: Verdict[] = []
  let parsed: ParsedReply | undefined
  for (const check of turn.checks) {
    if (check.kind === 'judge') continue
    if (check.kind === 'tool_calls') {
      verdicts.push(...checkToolCalls(check, reply, scope))
      continue
    }
    if (check.kind !== 'json_schema' && check.kind !== 'json_path') {
      verdicts.push(evaluateCheck(check, reply, latencyMs, scope))
      continue
    }
    const notYet = parsed === undefined
    parsed ??= parseReply(structuredText(reply))
    if ('error' in parsed) {
      if (notYet) verdicts.push(notJson(check, structuredText(reply), parsed.error))
    } else if (check.kind === 'json_schema') {
      verdicts.push(...checkJsonSchema(check, parsed.value))
    } else {
      verdicts.push(checkJsonPath(check, parsed.value, scope))
    }
  }
  return reply.toolCalls || reply.toolLoop ? [...verdicts, ...toolLoopVerdicts(turn, reply)] : verdicts
}

type PlainCheck = Exclude<Check, { kind: 'judge' | 'json_schema' | 'json_path' | 'tool_calls' }>

function evaluateCheck(check: PlainCheck, reply: AssistantReply, latencyMs: number, scope: Scope): Verdict {
  switch (check.kind) {
    case 'intent':
      return checkIntent(check, reply, scope)
    case 'entities':
      return checkEntities(check, reply, scope)
    case 'action':
      return checkAction(check, reply, scope)
    case 'reply':
      return checkReply(check, reply, scope)
    case 'latency':
      return checkLatency(check, latencyMs)
    case 'actions':
      return checkActions(check, reply, scope)
    case 'messages':
      return checkMessages(check, reply, scope)
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
  const normalised = {
    text: reply.text,
    reply: reply.text,
    intent: reply.intent,
    confidence: reply.confidence,
    entities: reply.entities,
    action: reply.action,
    actions: reply.actions,
    messages: reply.botMessages,
    tool_calls: reply.toolCalls,
  }
  for (const c of turn.captures) {
    const value = select(c.path, normalised) ?? select(c.path, reply.body)
    if (value === undefined || (Array.isArray(value) && value.length === 0)) {
      verdicts.push({
        check: 'capture',
        pass: false,
        code: 'CAPTURE_NOT_FOUND',
        expected: { [c.name]: c.path.source },
        actual: null,
        loc: c.loc,
      })
    } else {
      values[c.name] = value
    }
  }
  return { values, verdicts }
}
