import type { PlannedTurn } from '../scenario/compiled-conversation.js'
import type { AssistantReply } from '../report/model.js'
import type { Verdict } from '../report/verdict.js'

/**
 * Verdicts the tool loop itself calls for, whatever the turn expects: a called tool the turn's
 * `tool_results` has no result for (TOOL_RESULT_MISSING), tool calls still coming after
 * `max_tool_rounds` (TOOL_ROUNDS_EXCEEDED), and, on a turn without a `tool_calls` check (which
 * reports them itself), arguments that are not valid JSON (TOOL_CALL_ARGUMENTS_INVALID): a real
 * tool could not have run.
 */
export function toolLoopVerdicts(turn: PlannedTurn, reply: AssistantReply): Verdict[] {
  const verdicts: Verdict[] = []
  const loc = turn.toolResults?.loc ?? turn.loc
  const stop = reply.toolLoop
  if (stop?.stop === 'missing_result') {
    verdicts.push({
      check: 'tool_calls',
      pass: false,
      code: 'TOOL_RESULT_MISSING',
      expected: Object.keys(turn.toolResults?.tools ?? {}),
      actual: stop.tools,
      loc,
    })
  } else if (stop?.stop === 'max_rounds') {
    verdicts.push({
      check: 'tool_calls',
      pass: false,
      code: 'TOOL_ROUNDS_EXCEEDED',
      expected: { max_tool_rounds: stop.maxRounds },
      actual: (reply.toolCalls ?? []).filter((c) => c.round > stop.maxRounds).map((c) => c.name),
      loc,
    })
  }
  if (!turn.checks.some((c) => c.kind === 'tool_calls')) {
    for (const call of reply.toolCalls ?? []) {
      if (call.invalidArguments)
        verdicts.push({
          check: 'tool_calls',
          pass: false,
          code: 'TOOL_CALL_ARGUMENTS_INVALID',
          expected: { name: call.name },
          actual: { name: call.name, arguments: call.invalidArguments.text, error: call.invalidArguments.error },
          loc: turn.loc,
        })
    }
  }
  return verdicts
}
