/** Characters a POSIX shell reads literally anywhere in a word: no quoting, expansion, globbing or comment. */
const SAFE = /^[A-Za-z0-9_./:=@%+,-]+$/

/**
 * A word as a POSIX shell reads it literally: bare when every character is safe, else in single
 * quotes, where nothing is special but `'` itself, written `'\''` (end quote, escaped quote,
 * quote again). The empty word is `''`. Newlines are kept inside the quotes, where sh keeps them.
 */
export function shellWord(word: string): string {
  return SAFE.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`
}
