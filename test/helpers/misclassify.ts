import { classify, FALLBACK_CONFIDENCE, type Intent } from '../../src/assistant/nlu.js'

/**
 * The reference assistant's NLU with an injected fault: any message containing `word` (a whole
 * word, any case) is classified as `fallback`. Pass it as `classify` to `startAssistant` or
 * `respond` to make chosen conversations fail, as a regression in a real assistant would.
 */
export function misclassifying(word: string): (message: string) => Intent {
  return (message) => (containsWord(message, word) ? { name: 'fallback', confidence: FALLBACK_CONFIDENCE } : classify(message))
}

/** Whole-word, case-insensitive containment (word characters are `[A-Za-z0-9_]`); an empty word is never contained. */
export function containsWord(message: string, word: string): boolean {
  const trimmed = word.trim()
  if (trimmed === '') return false
  const escaped = trimmed.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  return new RegExp(`(?<![A-Za-z0-9_])${escaped}(?![A-Za-z0-9_])`, 'i').test(message)
}
