/**
 * Compiles a user-written regular expression for reply matching. Patterns with nested unbounded
 * quantifiers such as `(a+)+` or `(\w*)*` can backtrack catastrophically on a long reply and hang
 * the run, so they are refused with a hint; replies are also capped in length before matching.
 */
export type RegexResult = { regex: RegExp } | { error: string; code: string; hint?: string }

const NESTED_QUANTIFIER = /\((?:[^()\\]|\\.)*[+*](?:[^()\\]|\\.)*\)[+*{]/
const REPEATED_ALTERNATION = /\(((?:[^()|\\]|\\.)+)\|\1\)[+*]/

export function compileRegex(pattern: string, flags: string): RegexResult {
  let regex: RegExp
  try {
    regex = new RegExp(pattern, flags)
  } catch (err) {
    return { code: 'INVALID_REGEX', error: `invalid regular expression /${pattern}/: ${(err as Error).message.replace(/^Invalid regular expression: \/.*\/\w*: /, '')}` }
  }
  if (NESTED_QUANTIFIER.test(pattern) || REPEATED_ALTERNATION.test(pattern)) {
    return {
      code: 'UNSAFE_REGEX',
      error: `regular expression /${pattern}/ has a nested quantifier that can backtrack catastrophically`,
      hint: 'drop the quantifier on the group, e.g. write (a+)+ as a+',
    }
  }
  return { regex }
}

/** Replies longer than this are truncated before regex matching (a guard against slow patterns). */
export const MAX_MATCH_INPUT = 100_000
