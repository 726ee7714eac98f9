import type { Diagnostic } from '../diagnostics/diagnostic.js'
import { suggestionHint } from '../diagnostics/suggest.js'
import type { EndpointConfig } from '../adapters/endpoint.js'
import type { GeneratorPlan, PlanNode } from '../generate/plan.js'
import type { Check, Conversation, PlannedTurn } from '../scenario/compiled-conversation.js'
import { isLiteral } from '../template/template.js'
import { isRecord } from '../util/is-record.js'

/** The part of the endpoint the tool checks read: which adapter, and the tools it offers. */
export type ToolEndpoint = Pick<EndpointConfig, 'adapter' | 'openai' | 'toolResults'>

/**
 * The tool checks that need the config, made by `banter run` and `banter validate` alike, on each
 * scenario as it is compiled:
 * - `tool_results` needs an adapter that runs the tool loop (openai, or http with
 *   `endpoint.tool_results`): TOOL_RESULTS_UNSUPPORTED;
 * - when the config declares the tools (`openai.tools`), a result for a tool the assistant is
 *   never offered, or an expected call (`expect.tool_calls`) to one, is a typo: UNKNOWN_TOOL. An
 *   expected name with a {{variable}} is known only at run time and is not checked.
 * Each problem points at the name (or the turn's `tool_results:`).
 */
export function toolProblems(conv: Conversation, endpoint: ToolEndpoint): Diagnostic[] {
  const declared = declaredTools(endpoint)
  const problems: Diagnostic[] = []
  for (const turn of conv.turns) {
    problems.push(...toolResultProblems(turn, endpoint, declared))
    if (declared) problems.push(...expectedCallProblems(turn.checks, declared))
  }
  return problems
}

/** The same checks on generators' turns (which expect tool calls but supply no tool results). */
export function generatorToolProblems(plans: readonly GeneratorPlan[], endpoint: ToolEndpoint): Diagnostic[] {
  const declared = declaredTools(endpoint)
  if (!declared) return []
  const problems: Diagnostic[] = []
  const walk = (nodes: PlanNode[]): void => {
    for (const n of nodes) {
      if (n.kind === 'turn') problems.push(...expectedCallProblems(n.checks, declared))
      else if (n.kind === 'one_of') n.branches.forEach(walk)
      else walk(n.body)
    }
  }
  for (const plan of plans) walk(plan.steps)
  return problems
}

function toolResultProblems(turn: PlannedTurn, endpoint: ToolEndpoint, declared: string[] | undefined): Diagnostic[] {
  if (!turn.toolResults) return []
  const adapter = endpoint.adapter ?? 'http'
  if (adapter !== 'openai' && !(adapter === 'http' && endpoint.toolResults))
    return [
      {
        code: 'TOOL_RESULTS_UNSUPPORTED',
        message:
          adapter === 'http'
            ? 'tool_results: the http adapter sends tool results back only as the config describes them in endpoint.tool_results, which is not set'
            : `tool_results: the ${adapter} adapter does not send tool results back to the assistant`,
        loc: turn.toolResults.loc,
        hint: 'tool_results works with `adapter: openai`, and with the http adapter given endpoint.tool_results (docs/config-and-adapters.md#tool-calls-and-tool-results); otherwise check the calls with expect.tool_calls only',
      },
    ]
  if (!declared) return []
  return Object.entries(turn.toolResults.tools)
    .filter(([name]) => !declared.includes(name))
    .map(([name, result]) => ({
      code: 'UNKNOWN_TOOL',
      message: `tool_results: "${name}" is not one of the tools in the config's openai.tools`,
      loc: result.loc,
      hint: suggestionHint(name, declared, 'declared tools'),
    }))
}

function expectedCallProblems(checks: readonly Check[], declared: string[]): Diagnostic[] {
  const problems: Diagnostic[] = []
  for (const check of checks) {
    if (check.kind !== 'tool_calls') continue
    for (const item of check.items) {
      const name = item.name.source
      if (!isLiteral(item.name) || declared.includes(name)) continue
      problems.push({
        code: 'UNKNOWN_TOOL',
        message: `expect.tool_calls: "${name}" is not one of the tools in the config's openai.tools, so the assistant can never call it`,
        ...item.nameAt,
        hint: suggestionHint(name, declared, 'declared tools'),
      })
    }
  }
  return problems
}

/**
 * The names in `openai.tools` (`{type: function, function: {name}}`, or `{name}`) when the openai
 * adapter offers them; undefined when none are declared.
 */
function declaredTools(endpoint: ToolEndpoint): string[] | undefined {
  const tools = endpoint.openai?.tools
  if (endpoint.adapter !== 'openai' || !Array.isArray(tools) || tools.length === 0) return undefined
  const names = tools.flatMap((t: unknown) => {
    const fn = isRecord(t) && isRecord(t.function) ? t.function : t
    return isRecord(fn) && typeof fn.name === 'string' ? [fn.name] : []
  })
  return names.length > 0 ? names : undefined
}
