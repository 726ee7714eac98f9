import type { MessageExpect } from '../core/scenario.types.generated.js'
import type { BotiumHook } from './botium-step.js'

/**
 * Botium's default text matching (`SCRIPTING_MATCHING_MODE: wildcardIgnoreCase`, with
 * `SCRIPTING_NORMALIZE_TEXT`): the expected text, with `*` matching anything, is looked for inside
 * the bot's text ignoring case, both with whitespace runs collapsed. A `#bot` text naming an
 * utterance list accepts any utterance of the list. banter's equivalents: `contains` with
 * `ignore_case` for plain one-line text; otherwise a regular expression where `*` is `[\s\S]*`,
 * whitespace (line breaks included) is `\s+`, and alternatives are joined with `|`. A negated
 * text (`!text`) must not occur: `not_contains`, or `not_matches` for patterns.
 * Scripting-memory variables (`$name`) match any text, as they do with memory enabled.
 */
export function textExpect(alternatives: string[], negated: boolean): MessageExpect {
  const plain = alternatives.length === 1 && !/[*\n]|\$[A-Za-z_]/.test(alternatives[0]!) && !/\s{2,}/.test(alternatives[0]!)
  if (plain) return negated ? { not_contains: alternatives[0]!, ignore_case: true } : { contains: alternatives[0]!, ignore_case: true }
  const body = alternatives.map(wildcardPattern).join('|')
  const group = alternatives.length > 1 ? `(?:${body})` : body
  return negated ? { not_matches: group, ignore_case: true } : { matches: group, ignore_case: true }
}

function wildcardPattern(text: string): string {
  return text
    .trim()
    .split(/(\*|\s+|\$[A-Za-z_][A-Za-z0-9_]*)/)
    .map((part) => {
      if (part === '*' || /^\$[A-Za-z_]/.test(part)) return '[\\s\\S]*'
      if (/^\s+$/.test(part)) return '\\s+'
      return escapeRegex(part)
    })
    .join('')
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** The text asserters banter can express on one message; others are listed as not carried over. */
export function textAsserterExpect(hook: BotiumHook): MessageExpect | undefined {
  const ignoreCase = hook.name.endsWith('_IC')
  const name = hook.name.replace(/_IC$/, '')
  const args = hook.args.filter((a) => a !== '')
  if (!args.length) return undefined
  const ic = ignoreCase ? { ignore_case: true } : {}
  switch (name) {
    case 'TEXT_CONTAINS_ALL':
      return { contains: args.length === 1 ? args[0]! : args, ...ic }
    case 'TEXT_CONTAINS_ANY':
      return args.length === 1 ? { contains: args[0]!, ...ic } : { matches: `(?:${args.map(escapeRegex).join('|')})`, ...ic }
    case 'TEXT_EQUALS':
    case 'TEXT':
      return args.length === 1 ? { equals: args[0]!, ...ic } : { matches: `^(?:${args.map(escapeRegex).join('|')})$`, ...ic }
    case 'TEXT_REGEXP_ALL':
      return { matches: args.length === 1 ? args[0]! : args, ...ic }
    case 'TEXT_REGEXP_ANY':
      return { matches: args.length === 1 ? args[0]! : `(?:${args.join('|')})`, ...ic }
    case 'TEXT_WILDCARD_ALL':
      return { matches: args.map(wildcardPattern), ...ic }
    case 'TEXT_WILDCARD_ANY':
      return { matches: `(?:${args.map(wildcardPattern).join('|')})`, ...ic }
    default:
      return undefined
  }
}

/** Merges message checks; `ignore_case` must agree, else undefined (the caller lists the second as not carried over). */
export function mergeExpect(a: MessageExpect, b: MessageExpect): MessageExpect | undefined {
  if (Object.keys(a).length && (a.ignore_case ?? false) !== (b.ignore_case ?? false)) return undefined
  const out: MessageExpect = { ...a }
  for (const key of ['contains', 'not_contains', 'matches', 'not_matches'] as const) {
    const both = [...asList(a[key]), ...asList(b[key])]
    if (both.length) out[key] = both.length === 1 ? both[0]! : both
  }
  if (b.equals !== undefined) {
    if (a.equals !== undefined) return undefined
    out.equals = b.equals
  }
  if (b.ignore_case !== undefined) out.ignore_case = b.ignore_case
  return out
}

function asList(v: string | string[] | undefined): string[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v]
}
