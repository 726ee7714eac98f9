import { createRequire } from 'node:module'
import type { RE2JS as RE2JSType } from 're2js'

// Loaded on the first pattern, not at startup: the engine's Unicode tables cost tens of
// milliseconds to load, which every command without a `reply.matches` or `--grep` would pay.
let engine: typeof RE2JSType | undefined
const re2 = (): typeof RE2JSType => (engine ??= (createRequire(import.meta.url)('re2js') as { RE2JS: typeof RE2JSType }).RE2JS)

/**
 * Compiles a user-written regular expression (`reply.matches`) for a linear-time engine: RE2
 * (the `re2js` port), which never backtracks, so no pattern can stall a run however long the
 * reply. A pattern must be valid JavaScript regex syntax (what the README promises) and
 * compile for RE2; what RE2 cannot do (backreferences, lookahead, capturing lookbehind) is refused
 * when the file loads, with a hint. See docs/scenarios.md "Regular expressions".
 */
export interface ReplyPattern {
  /** The pattern as written. */
  source: string
  /** `i` with ignore_case, else empty. */
  flags: string
  /** True when the pattern matches somewhere in `text` (unanchored, like RegExp.test). */
  test(text: string): boolean
}

export type RegexResult = { regex: ReplyPattern } | { error: string; code: string; hint?: string }

const RE2_HINT =
  'banter matches with RE2, which runs in linear time: no backreferences (\\1, \\k<name>), no lookahead ((?=…), (?!…)), lookbehind only without capturing groups; see docs/scenarios.md "Regular expressions"'

export function compileRegex(pattern: string, flags: '' | 'i'): RegexResult {
  try {
    new RegExp(pattern, flags)
  } catch (err) {
    return {
      code: 'INVALID_REGEX',
      error: `invalid regular expression /${pattern}/: ${(err as Error).message.replace(/^Invalid regular expression: \/.*\/\w*: /, '')}`,
    }
  }
  const unsupported = namedBackreference(pattern)
  if (unsupported)
    return {
      code: 'UNSUPPORTED_REGEX',
      error: `regular expression /${pattern}/ uses ${unsupported}, which banter's linear-time engine does not support`,
      hint: RE2_HINT,
    }
  try {
    const RE2JS = re2()
    const re = RE2JS.compile(RE2JS.translateRegExp(pattern), RE2JS.LOOKBEHINDS | (flags === 'i' ? RE2JS.CASE_INSENSITIVE : 0))
    return { regex: { source: pattern, flags, test: (text) => re.test(text) } }
  } catch (err) {
    const reason = (err as Error).message.replace(/^error parsing regexp: /, '')
    return {
      code: 'UNSUPPORTED_REGEX',
      error: `regular expression /${pattern}/ is not supported by banter's linear-time engine: ${reason}`,
      hint: RE2_HINT,
    }
  }
}

/**
 * `\k<name>` outside a character class. RE2 rejects `\1` itself, but the translation from
 * JavaScript syntax turns `\k<name>` into the literal text `k<name>` (what it means in a pattern
 * without named groups), which would silently change a backreference into text.
 */
function namedBackreference(pattern: string): string | undefined {
  let inClass = false
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]
    if (ch === '\\') {
      if (!inClass && pattern[i + 1] === 'k' && pattern[i + 2] === '<') return 'a backreference (\\k<…>)'
      i++
    } else if (ch === '[') {
      inClass = true
    } else if (ch === ']') {
      inClass = false
    }
  }
  return undefined
}
