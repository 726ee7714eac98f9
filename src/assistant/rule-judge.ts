/**
 * The reference assistant's deterministic judge: it grades a reply against a rubric by the share
 * of the rubric's key terms found in the reply. No model, no randomness: the same rubric and reply
 * always get the same score, so judge expectations can be run and tested out of the box.
 *
 *  1. Key terms: each "double-quoted phrase" of the rubric is one term; the rest of the rubric is
 *     split into words (runs of letters and digits, lower-cased), dropping STOP_WORDS and words
 *     shorter than 3 characters (unless they hold a digit); each term counts once.
 *  2. A phrase is found when the reply, lower-cased with runs of white space made single spaces,
 *     contains it (likewise normalised).
 *  3. A word is found when a word of the reply starts with its stem: the word's first
 *     max(5, ceil(0.75 × length)) characters, or the whole word when it is shorter. So "refund"
 *     finds "refunded" and "refunds" but not "refuse"; "apologises" finds "apologise".
 *  4. score = found / terms, rounded to 2 decimals; a rubric with no key term scores 0.
 *  5. reason: "2 of 3 key terms found: refund, order; missing: apologises".
 */

/** Words that carry no requirement: English function words and the vocabulary of rubrics themselves. */
const STOP_WORDS = new Set([
  'a',
  'about',
  'above',
  'after',
  'again',
  'all',
  'also',
  'an',
  'and',
  'any',
  'are',
  'as',
  'at',
  'be',
  'been',
  'before',
  'being',
  'both',
  'but',
  'by',
  'can',
  'could',
  'did',
  'do',
  'does',
  'doing',
  'each',
  'either',
  'etc',
  'for',
  'from',
  'further',
  'had',
  'has',
  'have',
  'having',
  'how',
  'if',
  'in',
  'into',
  'is',
  'it',
  'its',
  'itself',
  'just',
  'least',
  'may',
  'might',
  'more',
  'most',
  'must',
  'neither',
  'nor',
  'not',
  'of',
  'on',
  'once',
  'only',
  'or',
  'other',
  'our',
  'out',
  'over',
  'own',
  'per',
  'same',
  'shall',
  'should',
  'so',
  'some',
  'such',
  'than',
  'that',
  'the',
  'their',
  'them',
  'then',
  'there',
  'these',
  'they',
  'this',
  'those',
  'through',
  'to',
  'too',
  'under',
  'until',
  'up',
  'very',
  'was',
  'we',
  'were',
  'what',
  'when',
  'where',
  'whether',
  'which',
  'while',
  'who',
  'whom',
  'why',
  'will',
  'with',
  'without',
  'would',
  'you',
  'your',
  // rubric vocabulary: it describes the reply rather than what the reply must contain
  'reply',
  'replies',
  'response',
  'responds',
  'answer',
  'answers',
  'assistant',
  'bot',
  'user',
  'clearly',
  'politely',
  'mention',
  'mentions',
  'mentioned',
  'include',
  'includes',
  'included',
  'contain',
  'contains',
  'say',
  'says',
  'state',
  'states',
])

export interface RuleGrade {
  score: number
  reason: string
  found: string[]
  missing: string[]
}

const WORD = /[\p{L}\p{N}]+/gu

/** The rubric's key terms, in order of first appearance. */
export function keyTerms(rubric: string): { phrases: string[]; words: string[] } {
  const phrases: string[] = []
  const rest = rubric.replace(/"([^"]+)"/g, (_, phrase: string) => {
    const p = normalise(phrase)
    if (p && !phrases.includes(p)) phrases.push(p)
    return ' '
  })
  const words: string[] = []
  for (const w of rest.toLowerCase().match(WORD) ?? []) {
    if (STOP_WORDS.has(w) || (w.length < 3 && !/\p{N}/u.test(w)) || words.includes(w)) continue
    words.push(w)
  }
  return { phrases, words }
}

/** Grades a reply against a rubric by the rules above. */
export function ruleGrade(rubric: string, reply: string): RuleGrade {
  const { phrases, words } = keyTerms(rubric)
  const text = normalise(reply)
  const replyWords = text.match(WORD) ?? []
  const found: string[] = []
  const missing: string[] = []
  for (const p of phrases) (text.includes(p) ? found : missing).push(`"${p}"`)
  for (const w of words) {
    const stem = w.slice(0, Math.max(5, Math.ceil(0.75 * w.length)))
    ;(replyWords.some((r) => r.startsWith(stem)) ? found : missing).push(w)
  }
  const terms = found.length + missing.length
  if (terms === 0) return { score: 0, reason: 'the rubric has no key terms to look for (only common words)', found, missing }
  const score = Math.round((found.length / terms) * 100) / 100
  const reason = `${found.length} of ${terms} key terms found${found.length ? `: ${found.join(', ')}` : ''}${missing.length ? `; missing: ${missing.join(', ')}` : ''}`
  return { score, reason, found, missing }
}

function normalise(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ').trim()
}
