import type { Diagnostic } from '../diagnostics/diagnostic.js'
import { suggestionHint } from '../diagnostics/suggest.js'
import type { EndpointConfig } from '../adapters/endpoint.js'
import type { Conversation } from '../scenario/compiled-conversation.js'
import { isRecord } from '../util/is-record.js'

/**
 * Before a run: `tool_results` needs an adapter that runs the tool loop (openai), and, when the
 * config declares the tools (`openai.tools`), names only those tools: a result for a tool the
 * assistant is never offered is a typo. Each problem points at the turn's result.
 */
export function toolResultProblems(
  conversations: readonly Conversation[],
  endpoint: Pick<EndpointConfig, 'adapter' | 'openai'>,
): Diagnostic[] {
  const declared = declaredTools(endpoint)
  const problems: Diagnostic[] = []
  for (const conv of conversations) {
    for (const turn of conv.turns) {
      if (!turn.toolResults) continue
      if (endpoint.adapter !== 'openai') {
        problems.push({
          code: 'TOOL_RESULTS_UNSUPPORTED',
          message: `tool_results: the ${endpoint.adapter ?? 'http'} adapter does not send tool results back to the assistant`,
          loc: turn.toolResults.loc,
          hint: 'tool_results works with `adapter: openai`; with other adapters check the calls with expect.tool_calls only',
        })
        continue
      }
      if (!declared) continue
      for (const [name, result] of Object.entries(turn.toolResults.tools)) {
        if (!declared.includes(name))
          problems.push({
            code: 'UNKNOWN_TOOL',
            message: `tool_results: "${name}" is not one of the tools in the config's openai.tools`,
            loc: result.loc,
            hint: suggestionHint(name, declared, 'declared tools'),
          })
      }
    }
  }
  return problems
}

/** The names in `openai.tools` (`{type: function, function: {name}}`, or `{name}`); undefined when none are declared. */
function declaredTools(endpoint: Pick<EndpointConfig, 'openai'>): string[] | undefined {
  const tools = endpoint.openai?.tools
  if (!Array.isArray(tools) || tools.length === 0) return undefined
  return tools.flatMap((t: unknown) => {
    const fn = isRecord(t) && isRecord(t.function) ? t.function : t
    return isRecord(fn) && typeof fn.name === 'string' ? [fn.name] : []
  })
}
