import type { Diagnostic, SourceLoc } from '../diagnostics/diagnostic.js'
import { locatePath, type DataPath, type YamlSource } from '../diagnostics/yaml-source.js'
import { compilePath, PathSyntaxError } from '../template/path.js'
import { compileTemplate } from '../template/template.js'
import type { Capture, Check, MessageCheck, PlannedTurn, SequenceMode } from './compiled-conversation.js'
import { compileRegex } from './regex.js'
import { compileToolResults, toolCallsCheck } from './compile-tools.js'
import { jsonReplyChecks } from './compile-json-reply.js'
import type {
  ActionsExpect,
  EntitiesExpect,
  Expect,
  IntentExpect,
  MessageExpect,
  MessagesExpect,
  NameOrNames,
  ReplyExpect,
  TextOrTexts,
  Turn,
} from '../core/scenario.types.generated.js'

/** `judge.min_score` when the scenario gives none. */
const DEFAULT_MIN_SCORE = 0.7

/** Where a raw turn sits, so every compiled check can point back at its line. */
export interface TurnSite {
  source: YamlSource
  path: DataPath
}

const list = (v: NameOrNames | TextOrTexts): string[] => (Array.isArray(v) ? v : [v])

/** Compiles one schema-valid turn; problems (bad regex, bad path) are appended to `diagnostics`. */
export function compileTurn(turn: Turn, site: TurnSite, index: number, diagnostics: Diagnostic[]): PlannedTurn {
  const keyLoc = (...keys: (string | number)[]): SourceLoc => locatePath(site.source, [...site.path, ...keys], { key: true }).loc
  return {
    index,
    message: compileTemplate(turn.user),
    loc: keyLoc('user'),
    checks: turn.expect ? compileExpect(turn.expect, site, diagnostics) : [],
    captures: compileCaptures(turn.capture ?? {}, site, diagnostics),
    ...(turn.tool_results ? { toolResults: compileToolResults(turn.tool_results, site) } : {}),
  }
}

function compileExpect(expect: Expect, site: TurnSite, diagnostics: Diagnostic[]): Check[] {
  const loc = (key: string) => locatePath(site.source, [...site.path, 'expect', key], { key: true }).loc
  const checks: Check[] = []
  if (expect.intent !== undefined) checks.push(intentCheck(expect.intent, loc('intent')))
  if (expect.entities !== undefined) checks.push(entitiesCheck(expect.entities, loc('entities')))
  if (expect.action !== undefined) checks.push({ kind: 'action', loc: loc('action'), names: list(expect.action).map(compileTemplate) })
  if (expect.actions !== undefined) checks.push(actionsCheck(expect.actions, loc('actions')))
  if (expect.reply !== undefined) {
    const replySite = { ...site, path: [...site.path, 'expect', 'reply'] }
    checks.push(...replyChecks(expect.reply, replySite, diagnostics), ...jsonReplyChecks(expect.reply, replySite, diagnostics))
  }
  if (expect.messages !== undefined) checks.push(messagesCheck(expect.messages, site, loc('messages'), diagnostics))
  if (expect.tool_calls !== undefined) checks.push(toolCallsCheck(expect.tool_calls, site, diagnostics))
  if (expect.judge !== undefined)
    checks.push({
      kind: 'judge',
      loc: loc('judge'),
      rubric: compileTemplate(expect.judge.rubric),
      minScore: expect.judge.min_score ?? DEFAULT_MIN_SCORE,
    })
  if (expect.max_latency_ms !== undefined) checks.push({ kind: 'latency', loc: loc('max_latency_ms'), maxMs: expect.max_latency_ms })
  // In the order the file writes them, so verdicts and failure output follow the file (a stable
  // sort: several checks of one key keep their list order), copied at its exact length to be kept.
  return checks.sort((a, b) => a.loc.line - b.loc.line || a.loc.col - b.loc.col).slice()
}

function intentCheck(intent: IntentExpect, loc: SourceLoc): Check {
  if (typeof intent === 'object' && !Array.isArray(intent)) {
    return { kind: 'intent', loc, names: list(intent.name).map(compileTemplate), minConfidence: intent.min_confidence }
  }
  return { kind: 'intent', loc, names: list(intent).map(compileTemplate) }
}

function entitiesCheck(entities: EntitiesExpect, loc: SourceLoc): Check {
  const { strict, items } = Array.isArray(entities)
    ? { strict: false, items: entities }
    : { strict: entities.strict ?? false, items: entities.items }
  return {
    kind: 'entities',
    loc,
    strict,
    items: items.map((e) => ({ type: e.type, value: e.value === undefined ? undefined : compileTemplate(String(e.value)) })),
  }
}

/** A list expectation's items and how they compare: a plain list is exact. */
function sequence<T>(value: T[] | { contains_in_order: T[] } | { contains: T[] }): {
  mode: SequenceMode
  items: T[]
  key: (string | number)[]
} {
  if (Array.isArray(value)) return { mode: 'exact', items: value, key: [] }
  if ('contains_in_order' in value) return { mode: 'in_order', items: value.contains_in_order, key: ['contains_in_order'] }
  return { mode: 'contains', items: value.contains, key: ['contains'] }
}

function actionsCheck(actions: ActionsExpect, loc: SourceLoc): Check {
  const { mode, items } = sequence(actions)
  return { kind: 'actions', loc, mode, names: items.map(compileTemplate) }
}

function messagesCheck(messages: MessagesExpect, site: TurnSite, loc: SourceLoc, diagnostics: Diagnostic[]): Check {
  const { mode, items, key } = sequence<MessageExpect>(messages)
  const compiled = items.map(
    (m, i): MessageCheck => replyChecks(m, { ...site, path: [...site.path, 'expect', 'messages', ...key, i] }, diagnostics),
  )
  return { kind: 'messages', loc, mode, items: compiled }
}

/** The checks of a reply (or one message) expectation; `site.path` points at it. */
function replyChecks(reply: ReplyExpect | MessageExpect, site: TurnSite, diagnostics: Diagnostic[]): Extract<Check, { kind: 'reply' }>[] {
  const ignoreCase = reply.ignore_case ?? false
  const at = (...keys: (string | number)[]) => locatePath(site.source, [...site.path, ...keys], { key: keys.length === 1 })
  const checks: Extract<Check, { kind: 'reply' }>[] = []
  if (reply.equals !== undefined)
    checks.push({ kind: 'reply', op: 'equals', loc: at('equals').loc, text: compileTemplate(reply.equals), ignoreCase })
  for (const op of ['contains', 'not_contains'] as const) {
    const texts = reply[op]
    if (texts !== undefined) {
      for (const text of list(texts)) checks.push({ kind: 'reply', op, loc: at(op).loc, text: compileTemplate(text), ignoreCase })
    }
  }
  for (const op of ['matches', 'not_matches'] as const) {
    const patterns = reply[op]
    if (patterns === undefined) continue
    list(patterns).forEach((pattern, i) => {
      const where = Array.isArray(patterns) ? at(op, i) : at(op)
      const compiled = compileRegex(pattern, ignoreCase ? 'i' : '')
      if ('error' in compiled)
        diagnostics.push({ code: compiled.code, message: `reply.${op}: ${compiled.error}`, ...where, hint: compiled.hint })
      else checks.push({ kind: 'reply', op, loc: at(op).loc, pattern: compiled.regex })
    })
  }
  return checks
}

function compileCaptures(capture: Record<string, string>, site: TurnSite, diagnostics: Diagnostic[]): Capture[] {
  const captures: Capture[] = []
  for (const [name, source] of Object.entries(capture)) {
    const where = locatePath(site.source, [...site.path, 'capture', name])
    try {
      captures.push({ name, path: compilePath(source), loc: where.loc })
    } catch (err) {
      if (!(err instanceof PathSyntaxError)) throw err
      diagnostics.push({
        code: 'INVALID_PATH',
        message: `capture.${name}: ${err.message}`,
        ...where,
        hint: 'paths look like $.intent.name or $.entities[0].value',
      })
    }
  }
  return captures
}
