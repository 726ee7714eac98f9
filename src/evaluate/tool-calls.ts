import type { Check, ToolCallMatcher } from '../scenario/compiled-conversation.js'
import { renderTemplate, type Scope } from '../template/template.js'
import type { AssistantReply, ToolCall, ValueDifference } from '../report/model.js'
import type { Verdict } from '../report/verdict.js'
import { expectedShape, valueDifferences } from './value-match.js'

type ToolCallsCheck = Extract<Check, { kind: 'tool_calls' }>

/**
 * `tool_calls:` gives one verdict per expected call, located at that call in the scenario, and
 * (for a plain list) one for calls beyond the expected ones. A plain list compares position by
 * position; `contains_in_order` looks for each call after the previous one found; `contains`
 * anywhere. When no call matches, the verdict compares with the first call of the same name
 * (its argument differences, or its arguments that are not JSON), else says the call is missing.
 */
export function checkToolCalls(check: ToolCallsCheck, reply: AssistantReply, scope: Scope): Verdict[] {
  const calls = reply.toolCalls ?? []
  const base = { check: 'tool_calls' as const }
  if (check.mode === 'exact') {
    const verdicts = check.items.map((item, i) => compareAt(item, calls[i], scope, calls))
    if (calls.length > check.items.length) {
      verdicts.push({
        ...base,
        pass: false,
        code: 'TOOL_CALLS_UNEXPECTED',
        expected: check.items.map((i) => renderTemplate(i.name, scope)),
        actual: calls.slice(check.items.length).map(shown),
        loc: check.loc,
      })
    } else if (check.items.length === 0) {
      verdicts.push({ ...base, pass: true, code: 'TOOL_CALLS_OK', expected: [], actual: [], loc: check.loc })
    }
    return verdicts
  }
  let from = 0
  return check.items.map((item) => {
    const start = check.mode === 'in_order' ? from : 0
    const name = renderTemplate(item.name, scope)
    const found = calls.findIndex((c, j) => j >= start && c.name === name && problemsOf(item, c, scope).length === 0)
    if (found !== -1) {
      from = found + 1
      return compareAt(item, calls[found], scope, calls)
    }
    const sameName = calls.find((c, j) => j >= start && c.name === name)
    return sameName ? compareAt(item, sameName, scope, calls) : missing(item, name, calls, scope)
  })
}

/** One expected call against one actual call (undefined: there is none at that position). */
function compareAt(item: ToolCallMatcher, call: ToolCall | undefined, scope: Scope, calls: ToolCall[]): Verdict {
  const name = renderTemplate(item.name, scope)
  if (!call) return missing(item, name, calls, scope)
  const expected = expectedOf(item, name, scope)
  const base = { check: 'tool_calls' as const, expected, actual: shown(call), loc: item.loc }
  if (call.name !== name) return { ...base, pass: false, code: 'TOOL_CALL_NAME_MISMATCH' }
  if (item.arguments && call.invalidArguments) return { ...base, pass: false, code: 'TOOL_CALL_ARGUMENTS_INVALID' }
  const differences = problemsOf(item, call, scope)
  if (differences.length > 0) return { ...base, pass: false, code: 'TOOL_CALL_ARGUMENTS_MISMATCH', differences }
  return { ...base, pass: true, code: 'TOOL_CALL_OK' }
}

function problemsOf(item: ToolCallMatcher, call: ToolCall, scope: Scope): ValueDifference[] {
  if (!item.arguments) return []
  if (call.invalidArguments)
    return [{ path: '$', problem: 'different', expected: expectedShape(item.arguments, scope), actual: call.invalidArguments.text }]
  return valueDifferences(item.arguments, call.arguments, scope, item.strict)
}

function missing(item: ToolCallMatcher, name: string, calls: ToolCall[], scope: Scope): Verdict {
  return {
    check: 'tool_calls',
    pass: false,
    code: 'TOOL_CALL_MISSING',
    expected: expectedOf(item, name, scope),
    actual: calls.map((c) => c.name),
    loc: item.loc,
  }
}

function expectedOf(item: ToolCallMatcher, name: string, scope: Scope): unknown {
  if (!item.arguments) return { name }
  return { name, arguments: expectedShape(item.arguments, scope), ...(item.strict ? { strict: true } : {}) }
}

/** A call as a verdict shows it. */
function shown(call: ToolCall): unknown {
  return call.invalidArguments ? { name: call.name, arguments: call.invalidArguments.text } : { name: call.name, arguments: call.arguments }
}
