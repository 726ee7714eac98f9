import type { Diagnostic, SourceLoc } from '../diagnostics/diagnostic.js'
import { suggestionHint } from '../diagnostics/suggest.js'
import { locatePath, type DataPath, type YamlSource } from '../diagnostics/yaml-source.js'
import { placeholders, type Template } from '../template/template.js'
import { compileTurn } from './compile-turn.js'
import type { Check, Conversation, PlannedFeedback, PlannedTurn, ValueMatcher, ValueTemplate } from './compiled-conversation.js'
import type { FeedbackStep, Fragment, Include, Scenario, Turn } from '../core/scenario.types.generated.js'

export interface ScenarioDef {
  source: YamlSource
  path: DataPath
  scenario: Scenario
}

export interface FragmentDef {
  source: YamlSource
  path: DataPath
  name: string
  fragment: Fragment
}

/**
 * Expands a scenario into a Conversation: includes are replaced by their fragment's turns, each
 * turn compiled, and every {{variable}} checked against what is defined at that point (scenario
 * variables, the include's `with:`, and captures of earlier turns).
 */
export function expandScenario(def: ScenarioDef, fragments: Map<string, FragmentDef>, diagnostics: Diagnostic[]): Conversation {
  const { scenario, source, path } = def
  const variables = scenario.variables ?? {}
  const known = new Set(Object.keys(variables))
  const turns: PlannedTurn[] = []
  let feedback: PlannedFeedback | undefined
  scenario.turns.forEach((step, i) => {
    const stepPath = [...path, 'turns', i]
    if ('feedback' in step) {
      feedback = compileFeedback(step, { source, path: stepPath }, i === scenario.turns.length - 1, diagnostics)
    } else if ('include' in step) {
      const include = step as Include
      const fragment = fragments.get(include.include)
      if (!fragment) {
        diagnostics.push({
          code: 'UNKNOWN_FRAGMENT',
          message: `unknown fragment "${include.include}"`,
          ...locatePath(source, [...stepPath, 'include']),
          hint:
            fragments.size > 0
              ? suggestionHint(include.include, [...fragments.keys()], 'defined fragments')
              : 'no fragments are defined; put fragment files in a fragments/ folder beside the scenarios, in the run paths, or under `fragments:` in banter.config.yaml',
        })
        return
      }
      const scope = include.with ?? {}
      fragment.fragment.turns.forEach((turn, j) => {
        const site = { source: fragment.source, path: [...fragment.path, 'turns', j] }
        const planned = { ...compileTurn(turn, site, turns.length, diagnostics), fragment: fragment.name, scope }
        checkVariables(turn, planned, site.source, site.path, new Set([...known, ...Object.keys(scope)]), diagnostics)
        addCaptures(planned, known)
        turns.push(planned)
      })
    } else {
      const site = { source, path: stepPath }
      const planned = compileTurn(step as Turn, site, turns.length, diagnostics)
      checkVariables(step as Turn, planned, source, stepPath, known, diagnostics)
      addCaptures(planned, known)
      turns.push(planned)
    }
  })
  const skip = scenario.skip === true ? 'skipped' : typeof scenario.skip === 'string' ? scenario.skip : undefined
  return {
    id: scenario.name,
    name: scenario.name,
    description: scenario.description,
    tags: scenario.tags ?? [],
    file: source.file,
    loc: locatePath(source, [...path, 'name']).loc,
    skip,
    variables,
    // Copied at its exact length: every conversation of a suite is kept until it runs.
    turns: turns.slice(),
    ...(feedback ? { feedback } : {}),
  }
}

/** A feedback step closes a conversation: it must be the last step, after at least one turn. */
function compileFeedback(
  step: FeedbackStep,
  site: { source: YamlSource; path: DataPath },
  last: boolean,
  diagnostics: Diagnostic[],
): PlannedFeedback {
  const where = locatePath(site.source, [...site.path, 'feedback'], { key: true })
  if (!last)
    diagnostics.push({
      code: 'FEEDBACK_NOT_LAST',
      message: 'a feedback step must be the last step of a scenario',
      ...where,
      hint: 'move `- feedback:` to the end of `turns:`',
    })
  else if (site.path.at(-1) === 0)
    diagnostics.push({
      code: 'FEEDBACK_WITHOUT_TURNS',
      message: 'a feedback step needs at least one turn before it',
      ...where,
      hint: 'add a `- user:` turn before the feedback',
    })
  const { satisfaction, resolved, comment } = step.feedback
  return { satisfaction, resolved, ...(comment !== undefined ? { comment } : {}), loc: where.loc }
}

function addCaptures(turn: PlannedTurn, known: Set<string>): void {
  for (const c of turn.captures) known.add(c.name)
}

export function checkTemplates(checks: Check[]): { template: Template; loc: SourceLoc }[] {
  return checks.flatMap((c) => {
    switch (c.kind) {
      case 'intent':
      case 'action':
      case 'actions':
        return c.names.map((template) => ({ template, loc: c.loc }))
      case 'messages':
        return checkTemplates(c.items.flat())
      case 'entities':
        return c.items.flatMap((i) => (i.value ? [{ template: i.value, loc: c.loc }] : []))
      case 'reply':
        return 'text' in c ? [{ template: c.text, loc: c.loc }] : []
      case 'tool_calls':
        return c.items.flatMap((i) =>
          [i.name, ...(i.arguments ? valueTemplates(i.arguments) : [])].map((template) => ({ template, loc: i.loc })),
        )
      case 'json_path':
        return c.value ? [{ template: c.value.text, loc: c.loc }] : []
      case 'judge':
        return [{ template: c.rubric, loc: c.loc }]
      default:
        return []
    }
  })
}

/** The templates in an expected or supplied value. */
function valueTemplates(v: ValueMatcher | ValueTemplate): Template[] {
  switch (v.kind) {
    case 'text':
      return [v.template]
    case 'object':
      return v.entries.flatMap(([, e]) => valueTemplates(e))
    case 'list':
      return v.items.flatMap((e: ValueMatcher | ValueTemplate) => valueTemplates(e))
    default:
      return []
  }
}

/** The templates of a turn's tool results, with where each tool's result is written. */
function toolResultTemplates(turn: PlannedTurn): { template: Template; loc: SourceLoc }[] {
  return Object.values(turn.toolResults?.tools ?? {}).flatMap((r) =>
    (r.kind === 'text' ? [r.template] : r.kind === 'json' ? valueTemplates(r.value) : []).map((template) => ({ template, loc: r.loc })),
  )
}

function checkVariables(
  turn: Turn,
  planned: PlannedTurn,
  source: YamlSource,
  path: DataPath,
  known: Set<string>,
  diagnostics: Diagnostic[],
): void {
  const report = (name: string, where: ReturnType<typeof locatePath>) =>
    diagnostics.push({
      code: 'UNDEFINED_VARIABLE',
      message: `undefined variable "{{${name}}}"`,
      ...where,
      length: name.length + 4,
      hint:
        known.size > 0
          ? suggestionHint(name, [...known], 'defined variables')
          : 'define it under `variables:` or capture it in an earlier turn',
    })
  const messageAt = locatePath(source, [...path, 'user'])
  for (const p of placeholders(planned.message)) {
    if (known.has(p.path[0]!)) continue
    const quoted = messageAt.lineText.slice(messageAt.loc.col - 1).startsWith(turn.user) ? 0 : 1
    report(p.name, { ...messageAt, loc: { ...messageAt.loc, col: messageAt.loc.col + quoted + p.offset } })
  }
  for (const { template, loc } of [...checkTemplates(planned.checks), ...toolResultTemplates(planned)]) {
    for (const p of placeholders(template)) {
      if (!known.has(p.path[0]!)) report(p.name, { ...messageAt, ...locAtLine(source, loc) })
    }
  }
}

function locAtLine(source: YamlSource, loc: SourceLoc): { loc: SourceLoc; lineText: string } {
  const start = source.lineCounter.lineStarts[loc.line - 1] ?? 0
  const end = source.text.indexOf('\n', start)
  return { loc, lineText: source.text.slice(start, end === -1 ? undefined : end) }
}
