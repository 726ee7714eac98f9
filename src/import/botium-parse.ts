/**
 * Parser for Botium's text formats, following botium-core's CompilerTxt
 * (github.com/codeforequity-at/botium-core, src/scripting/CompilerTxt.js):
 * - `.convo.txt`: lines before the first `#` line are the header (first line the name, the rest
 *   the description); then sections `#me`, `#bot` (optionally `#bot channel`), `#begin`, `#end`,
 *   each holding message text lines and asserter / logic-hook lines `NAME arg1|arg2`, optionally
 *   prefixed with `!` (negated) or `?` (optional).
 * - `.utterances.txt`: first line the name, then one utterance per line.
 */

/** A line of a section, 1-based line number kept for messages. */
export interface BotiumLine {
  text: string
  line: number
}

/** `INTENT order_help` → {name: 'INTENT', args: ['order_help']}. */
export interface BotiumHook {
  name: string
  args: string[]
  not: boolean
  optional: boolean
  line: number
}

export interface BotiumSection {
  sender: string
  line: number
  /** Message text lines (not asserters), blank lines removed. */
  text: BotiumLine[]
  hooks: BotiumHook[]
}

export interface BotiumConvo {
  name?: string
  description?: string
  sections: BotiumSection[]
}

/** Asserters and logic hooks that ship with botium-core (and common plugins). */
export const BOTIUM_HOOKS = new Set([
  'INTENT', 'INTENT_CONFIDENCE', 'INTENT_UNIQUE', 'ENTITIES', 'ENTITY_VALUES', 'ENTITY_CONTENT',
  'BUTTONS', 'BUTTONS_COUNT', 'BUTTONS_COUNT_REC', 'MEDIA', 'MEDIA_COUNT', 'MEDIA_COUNT_REC', 'CARDS', 'CARDS_COUNT', 'CARDS_COUNT_REC',
  'TEXT', 'TEXT_EQUALS', 'TEXT_EQUALS_IC', 'TEXT_CONTAINS_ANY', 'TEXT_CONTAINS_ANY_IC', 'TEXT_CONTAINS_ALL', 'TEXT_CONTAINS_ALL_IC',
  'TEXT_WILDCARD_ANY', 'TEXT_WILDCARD_ALL', 'TEXT_REGEX_ANY', 'TEXT_REGEX_ALL', 'JSON_PATH', 'JSON_PATH_COUNT', 'RESPONSE_LENGTH',
  'FORMAT_TEXT', 'PAUSE', 'PAUSE_ASSERTER', 'WAITFORBOT', 'INCLUDE', 'SET_SCRIPTING_MEMORY', 'CLEAR_SCRIPTING_MEMORY',
  'UPDATE_CUSTOM', 'SKIP_BOT_UNCONSUMED', 'CONDITIONAL_STEP_TIME_BASED', 'CONDITIONAL_STEP_BUSINESS_HOURS', 'CONDITIONAL_STEP_CAPABILITY_VALUE_BASED',
  'CONDITIONAL_STEP_JSON_PATH_BASED', 'BUTTON', 'FORM', 'ORDERED_LIST_TO_BUTTON', 'VOIP_CONFIDENCE_THRESHOLD', 'ASSERT_DATE',
])

const HOOK_LINE = /^([!?]*)([A-Z][A-Z0-9_]*)(?:\s+(.*))?$/

export function parseConvo(text: string): BotiumConvo {
  const lines = text.replace(/\r\n?/g, '\n').split('\n')
  const header: string[] = []
  const sections: BotiumSection[] = []
  lines.forEach((raw, i) => {
    const line = raw.trim()
    if (line.startsWith('#')) {
      sections.push({ sender: line.slice(1).trim().split(/\s+/)[0] ?? '', line: i + 1, text: [], hooks: [] })
      return
    }
    const current = sections.at(-1)
    if (!current) {
      if (line) header.push(line)
      return
    }
    if (!line) return
    const hook = parseHook(line, i + 1)
    if (hook) current.hooks.push(hook)
    else current.text.push({ text: line, line: i + 1 })
  })
  return { name: header[0], description: header.slice(1).join('\n') || undefined, sections }
}

function parseHook(line: string, lineNo: number): BotiumHook | undefined {
  const m = HOOK_LINE.exec(line)
  if (!m || !BOTIUM_HOOKS.has(m[2]!)) return undefined
  const args = m[3] === undefined ? [] : m[3].split('|').map((a) => a.trim())
  return { name: m[2]!, args, not: m[1]!.includes('!'), optional: m[1]!.includes('?'), line: lineNo }
}

/** `.utterances.txt`: the name, then the utterances (blank lines dropped). */
export function parseUtterances(text: string): { name?: string; utterances: BotiumLine[] } {
  const lines = text.replace(/\r\n?/g, '\n').split('\n').map((t, i) => ({ text: t.trim(), line: i + 1 })).filter((l) => l.text)
  return { name: lines[0]?.text, utterances: lines.slice(1) }
}
