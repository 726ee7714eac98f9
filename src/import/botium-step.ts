/**
 * One Botium convo step read the way botium-core reads it (src/scripting/helper.js,
 * `linesToConvoStep`), for both the text and the YAML convo formats:
 * - each line may start with `?` (optional; `??` is an escaped `?`) and then `!` (negated; `!!`
 *   is an escaped `!`); one character is taken off per prefix, so `!!text` means the text
 *   `!text` and `????x` the text `???x`;
 * - a line whose first word names an asserter (on a bot step), a user input (on a `#me` step) or
 *   a logic hook is that, with `|`-separated arguments (`\|` escapes a bar);
 * - every other line is message text: lines are joined with newlines, blank lines between text
 *   lines are kept, trailing ones dropped; the prefixes apply to the first text line only;
 * - text that parses as JSON is a structured message (`sourceData`), not text.
 */

/** A raw line of a step, as written, with its 1-based line number; objects come from YAML convos. */
export interface RawLine {
  value: string | Record<string, unknown>
  line: number
}

export interface BotiumHook {
  name: string
  args: string[]
  not: boolean
  optional: boolean
  line: number
  /** Not one of botium-core's own: a project's custom asserter or logic hook. */
  custom?: boolean
}

export interface BotiumStep {
  sender: string
  line: number
  /** The message text (null: the step has none). */
  text: string | null
  textLine: number
  not: boolean
  optional: boolean
  /** A JSON structured message instead of text. */
  sourceData?: unknown
  asserters: BotiumHook[]
  logicHooks: BotiumHook[]
  userInputs: BotiumHook[]
}

const BOTIUM_ASSERTERS = new Set([
  'BUTTONS',
  'BUTTONS_COUNT',
  'BUTTONS_COUNT_REC',
  'MEDIA',
  'MEDIA_COUNT',
  'MEDIA_COUNT_REC',
  'CARDS',
  'CARDS_COUNT',
  'CARDS_COUNT_REC',
  'PAUSE_ASSERTER',
  'JSON_PATH',
  'JSON_PATH_COUNT',
  'RESPONSE_LENGTH',
  'FORMS',
  'ENTITIES',
  'ENTITY_VALUES',
  'ENTITY_CONTENT',
  'INTENT',
  'INTENT_UNIQUE',
  'INTENT_CONFIDENCE',
  'TEXT_CONTAINS_ANY',
  'TEXT_CONTAINS_ANY_IC',
  'TEXT_CONTAINS_ALL',
  'TEXT_CONTAINS_ALL_IC',
  'TEXT_WILDCARD_ANY',
  'TEXT_WILDCARD_ANY_IC',
  'TEXT_WILDCARD_ALL',
  'TEXT_WILDCARD_ALL_IC',
  'TEXT_WILDCARDEXACT_ANY',
  'TEXT_WILDCARDEXACT_ANY_IC',
  'TEXT_WILDCARDEXACT_ALL',
  'TEXT_WILDCARDEXACT_ALL_IC',
  'TEXT_REGEXP_ANY',
  'TEXT_REGEXP_ANY_IC',
  'TEXT_REGEXP_ALL',
  'TEXT_REGEXP_ALL_IC',
  'TEXT_EQUALS',
  'TEXT_EQUALS_IC',
  'TEXT',
  'TEXT_IC',
  'TEXT_WER',
  'BOT_CONSUMED',
  'BOT_UNCONSUMED_COUNT',
])

const BOTIUM_LOGIC_HOOKS = new Set([
  'PAUSE',
  'WAITFORBOT',
  'SET_SCRIPTING_MEMORY',
  'CLEAR_SCRIPTING_MEMORY',
  'ASSIGN_SCRIPTING_MEMORY',
  'UPDATE_CUSTOM',
  'SKIP_BOT_UNCONSUMED',
  'INCLUDE',
  'CONDITIONAL_STEP_TIME_BASED',
  'CONDITIONAL_STEP_BUSINESS_HOURS',
  'CONDITIONAL_STEP_CAPABILITY_VALUE_BASED',
  'CONDITIONAL_STEP_JSON_PATH_BASED',
  'CONVO_STEP_PARAMETERS',
  'ORDERED_LIST_TO_BUTTON',
])

const BOTIUM_USER_INPUTS = new Set(['BUTTON', 'MEDIA', 'FORM'])

/**
 * Custom asserters and logic hooks are registered in a Botium project's capabilities, which an
 * import does not see. A line such as `DUMMY dbUrl | dbPassword` (an upper-case name, then
 * `|`-separated arguments) is read as one, so it is listed as not carried over rather than
 * required as reply text; so is any upper-case name in #begin / #end, which hold no messages.
 */
const CUSTOM_HOOK = /^[A-Z][A-Z0-9_]*\s+\S.*\|/

/** Thrown for a step Botium itself refuses; the importer turns it into an input error. */
export class BotiumStepError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message)
  }
}

export function readStep(sender: string, line: number, lines: RawLine[]): BotiumStep {
  const step: BotiumStep = {
    sender,
    line,
    text: null,
    textLine: line,
    not: false,
    optional: false,
    asserters: [],
    logicHooks: [],
    userInputs: [],
  }
  const text: RawLine[] = []
  let pending: RawLine[] = []
  let textAccepted = true
  for (const raw of lines) {
    if (typeof raw.value !== 'string') {
      objectLine(step, raw)
      continue
    }
    const hook = hookLine(sender, raw.value, raw.line)
    if (hook) {
      step[hook.kind].push(hook.hook)
      if (hook.kind !== 'asserters') textAccepted = false
      continue
    }
    if (sender === 'me' && !textAccepted) {
      if (raw.value.trim())
        throw new BotiumStepError(`no text expected after a logic hook or user input on a #me step: "${raw.value.trim()}"`, raw.line)
      continue
    }
    pending.push(raw)
    if (raw.value.trim()) {
      text.push(...pending)
      pending = []
    }
  }
  while (text.length && !text[0]!.value.toString().trim()) text.shift()
  if (!text.length) return step
  let first = text[0]!.value as string
  if (first.startsWith('?')) {
    if (!first.startsWith('??')) step.optional = true
    first = first.slice(1)
  }
  if (first.startsWith('!')) {
    if (!first.startsWith('!!')) step.not = true
    first = first.slice(1)
  }
  const lineTexts = [first, ...text.slice(1).map((l) => l.value as string)]
  step.textLine = text[0]!.line
  const json = structured(lineTexts.join(' '))
  if (json !== undefined) step.sourceData = json
  else step.text = lineTexts.join('\n').replace(/[\n\t\r]+$/, '')
  return step
}

function hookLine(
  sender: string,
  raw: string,
  line: number,
): { kind: 'asserters' | 'logicHooks' | 'userInputs'; hook: BotiumHook } | undefined {
  let rest = raw
  let optional = false
  let not = false
  if (rest.startsWith('?')) {
    if (!rest.startsWith('??')) optional = true
    rest = rest.slice(1)
  }
  if (rest.startsWith('!')) {
    if (!rest.startsWith('!!')) not = true
    rest = rest.slice(1)
  }
  const name = rest.split(' ')[0]!
  const hook = (): BotiumHook => ({ name, args: parseArgs(rest.slice(name.length + 1)), not, optional, line })
  if (sender !== 'me' && BOTIUM_ASSERTERS.has(name)) return { kind: 'asserters', hook: hook() }
  if (sender === 'me' && BOTIUM_USER_INPUTS.has(name)) return { kind: 'userInputs', hook: hook() }
  if (BOTIUM_LOGIC_HOOKS.has(name)) return { kind: 'logicHooks', hook: hook() }
  if (CUSTOM_HOOK.test(rest) || ((sender === 'begin' || sender === 'end') && /^[A-Z][A-Z0-9_]*$/.test(name)))
    return { kind: 'logicHooks', hook: { ...hook(), custom: true } }
  return undefined
}

/** `a|b\|c` → ['a', 'b|c'], trimmed (Botium's `_parseArgs`). */
function parseArgs(text: string): string[] {
  if (!text) return []
  return text
    .replace(/\\\|/g, '\uE000')
    .split('|')
    .map((s) => s.replace(/\uE000/g, '|').trim())
}

/** YAML convo lines that are objects: `{asserter, args}`, `{logichook}`, `{userinput}`, or `{NAME: args}` with `?`/`OPTIONAL_`, `!`/`NOT_`. */
function objectLine(step: BotiumStep, raw: RawLine): void {
  const obj = raw.value as Record<string, unknown>
  const args = (v: unknown): string[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v.map(String) : [String(v)])
  const explicit = obj.asserter ?? obj.logichook ?? obj.logicHook ?? obj.userinput ?? obj.userInput
  if (typeof explicit === 'string') {
    const kind =
      obj.asserter !== undefined ? 'asserters' : obj.logichook !== undefined || obj.logicHook !== undefined ? 'logicHooks' : 'userInputs'
    step[kind].push({ name: explicit, args: args(obj.args), not: Boolean(obj.not), optional: Boolean(obj.optional), line: raw.line })
    return
  }
  let name = Object.keys(obj)[0] ?? ''
  let optional = false
  let not = false
  if (name.startsWith('?')) [optional, name] = [true, name.slice(1)]
  else if (name.startsWith('OPTIONAL_')) [optional, name] = [true, name.slice(9)]
  if (name.startsWith('!')) [not, name] = [true, name.slice(1)]
  else if (name.startsWith('NOT_')) [not, name] = [true, name.slice(4)]
  const hook = { name, args: args(obj[Object.keys(obj)[0]!]), not, optional, line: raw.line }
  if (step.sender !== 'me' && BOTIUM_ASSERTERS.has(name)) step.asserters.push(hook)
  else if (step.sender === 'me' && BOTIUM_USER_INPUTS.has(name)) step.userInputs.push(hook)
  else step.logicHooks.push(BOTIUM_LOGIC_HOOKS.has(name) ? hook : { ...hook, custom: true })
}

/** Botium's `is-json` test: text that is a JSON object or array. */
function structured(text: string): unknown {
  const t = text.trim()
  if (!/^[[{]/.test(t)) return undefined
  try {
    return JSON.parse(t) as unknown
  } catch {
    return undefined
  }
}
