import type { Diagnostic } from '../diagnostics/diagnostic.js'
import { locatePath, type DataPath, type YamlSource } from '../diagnostics/yaml-source.js'
import { compileTemplate } from '../template/template.js'
import type {
  Check,
  PlannedToolResults,
  SequenceMode,
  ToolCallMatcher,
  ToolResultSource,
  ValueMatcher,
  ValueTemplate,
} from './compiled-conversation.js'
import { compileRegex } from './regex.js'
import { ownStrings } from '../util/own-strings.js'
import type { ToolCallExpect, ToolCallsExpect, ToolResults } from '../core/scenario.types.generated.js'

/** Where a raw turn sits (as compile-turn.ts's TurnSite). */
interface TurnSite {
  source: YamlSource
  path: DataPath
}

/** The prefix of a tool result read from a file (as promptfoo writes file references). */
const FILE_PREFIX = 'file://'

/** `expect.tool_calls`: the expected calls, each with its compiled argument matcher. */
export function toolCallsCheck(value: ToolCallsExpect, site: TurnSite, diagnostics: Diagnostic[]): Check {
  const at = [...site.path, 'expect', 'tool_calls']
  const { mode, items, key } = sequenceOf(value)
  const loc = locatePath(site.source, at, { key: true }).loc
  const compiled = items.map((item, i): ToolCallMatcher => {
    const itemAt = [...at, ...key, i]
    return {
      name: compileTemplate(item.name),
      ...(item.arguments !== undefined ? { arguments: compileMatcher(item.arguments, [...itemAt, 'arguments'], site, diagnostics) } : {}),
      strict: item.strict ?? false,
      loc: locatePath(site.source, itemAt).loc,
      // A copy of the line: a slice would keep the whole file's text alive (see ownStrings).
      nameAt: ownStrings(locatePath(site.source, [...itemAt, 'name'])),
    }
  })
  return { kind: 'tool_calls', loc, mode, items: compiled }
}

function sequenceOf(value: ToolCallsExpect): { mode: SequenceMode; items: ToolCallExpect[]; key: string[] } {
  if (Array.isArray(value)) return { mode: 'exact', items: value, key: [] }
  if ('contains_in_order' in value) return { mode: 'in_order', items: value.contains_in_order, key: ['contains_in_order'] }
  return { mode: 'contains', items: value.contains, key: ['contains'] }
}

/**
 * An expected value: strings are templates (compared like entity values), `{matches: regex}`
 * (the only key) is a regular expression, objects and lists are compared recursively.
 */
function compileMatcher(value: unknown, at: DataPath, site: TurnSite, diagnostics: Diagnostic[]): ValueMatcher {
  if (typeof value === 'string') return { kind: 'text', template: compileTemplate(value) }
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return { kind: 'literal', value }
  if (Array.isArray(value)) return { kind: 'list', items: value.map((v, i) => compileMatcher(v, [...at, i], site, diagnostics)) }
  const record = value as Record<string, unknown>
  const keys = Object.keys(record)
  if (keys.length === 1 && keys[0] === 'matches' && typeof record.matches === 'string') {
    const compiled = compileRegex(record.matches, '')
    if ('regex' in compiled) return { kind: 'regex', pattern: compiled.regex }
    diagnostics.push({
      code: compiled.code,
      message: `tool_calls: ${compiled.error}`,
      ...locatePath(site.source, [...at, 'matches']),
      hint: compiled.hint,
    })
    return { kind: 'literal', value: null }
  }
  return { kind: 'object', entries: keys.map((k) => [k, compileMatcher(record[k], [...at, k], site, diagnostics)]) }
}

/**
 * `tool_results`: by tool name, a JSON value (strings may hold {{variables}}), a text, or a
 * `file://` reference read when the scenario loads (see tool-result-files.ts).
 */
export function compileToolResults(results: ToolResults, site: TurnSite): PlannedToolResults {
  const at = [...site.path, 'tool_results']
  const tools: Record<string, ToolResultSource> = {}
  for (const [name, value] of Object.entries(results)) {
    const { loc, lineText } = locatePath(site.source, [...at, name])
    if (typeof value === 'string' && value.startsWith(FILE_PREFIX))
      tools[name] = { kind: 'file', ref: value.slice(FILE_PREFIX.length), loc, lineText }
    else if (typeof value === 'string') tools[name] = { kind: 'text', template: compileTemplate(value), loc }
    else tools[name] = { kind: 'json', value: valueTemplate(value), loc }
  }
  return { loc: locatePath(site.source, at, { key: true }).loc, tools }
}

function valueTemplate(value: unknown): ValueTemplate {
  if (typeof value === 'string') return { kind: 'text', template: compileTemplate(value) }
  if (Array.isArray(value)) return { kind: 'list', items: value.map(valueTemplate) }
  if (value !== null && typeof value === 'object')
    return { kind: 'object', entries: Object.entries(value).map(([k, v]) => [k, valueTemplate(v)]) }
  return { kind: 'literal', value: value as number | boolean | null }
}
