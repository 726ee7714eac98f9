import type { Diagnostic } from '../diagnostics/diagnostic.js'
import { locatePath, type YamlSource } from '../diagnostics/yaml-source.js'
import type { Endpoint } from '../core/config.types.generated.js'

const PRESETS = ['rasa', 'openai', 'directline'] as const
const REQUIRED: Partial<Record<(typeof PRESETS)[number], string>> = { openai: 'model', directline: 'secret' }

/**
 * Cross-field checks the schema cannot express: a preset that needs options has its block
 * (`adapter: openai` needs `openai: {model}`), and a preset block belongs to the chosen adapter.
 */
export function endpointRules(endpoint: Endpoint, source: YamlSource): Diagnostic[] {
  const out: Diagnostic[] = []
  const adapter = endpoint.adapter ?? 'http'
  for (const preset of PRESETS) {
    const block = endpoint[preset]
    if (preset === adapter && !block && REQUIRED[preset]) {
      out.push({
        code: 'CONFIG_PRESET_OPTIONS',
        message: `endpoint.adapter ${preset} needs an endpoint.${preset} block (with ${REQUIRED[preset]})`,
        ...locatePath(source, ['endpoint', 'adapter']),
        hint: `add\n  ${preset}:\n    ${REQUIRED[preset]}: …`,
      })
    }
    if (block && preset !== adapter) {
      out.push({
        code: 'CONFIG_PRESET_MISMATCH',
        message: `endpoint.${preset} is only used with adapter: ${preset} (the adapter is ${adapter})`,
        ...locatePath(source, ['endpoint', preset], { key: true }),
        hint: `set endpoint.adapter: ${preset}, or remove the block`,
      })
    }
  }
  out.push(...toolResultsRules(endpoint, adapter, source))
  return out
}

/** `tool_results` (the generic adapter's tool loop) needs the http adapter and a `response.tool_calls` path to read calls from. */
function toolResultsRules(endpoint: Endpoint, adapter: string, source: YamlSource): Diagnostic[] {
  if (!endpoint.tool_results) return []
  const at = locatePath(source, ['endpoint', 'tool_results'], { key: true })
  if (adapter !== 'http')
    return [
      {
        code: 'CONFIG_TOOL_RESULTS',
        message: `endpoint.tool_results is only used with the http adapter (the adapter is ${adapter})`,
        ...at,
        hint: adapter === 'openai' ? 'the openai adapter answers tool calls itself: remove the block' : 'remove the block',
      },
    ]
  if (endpoint.response?.tool_calls === undefined)
    return [
      {
        code: 'CONFIG_TOOL_RESULTS',
        message: 'endpoint.tool_results needs endpoint.response.tool_calls: the path of the tool calls in a reply',
        ...at,
        hint: 'for example\n  response:\n    tool_calls: $.tool_calls',
      },
    ]
  return []
}
