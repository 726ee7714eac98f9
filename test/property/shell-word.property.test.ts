import { execFileSync } from 'node:child_process'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { shellWord } from '../../src/util/shell-word.js'

/** The arguments a POSIX shell (`sh`, dash on Debian) passes for `printf '%s\0' <text>`. */
function shellReads(text: string): string[] {
  const out = execFileSync('sh', ['-c', `printf '%s\\0' ${text}`], { encoding: 'utf8' })
  return out.split('\0').slice(0, -1)
}

// Everything a shell treats specially, and text around it; NUL cannot be in an argument.
const SPECIAL = [...' \t\n\'"\\$`*?[]~#!{}()&;|<>=%@:,+-./^']
const word = fc.oneof(
  fc.string({ unit: fc.constantFrom(...SPECIAL, 'a', 'Z', '0', 'é', '日') }),
  fc.string({ unit: 'grapheme' }).filter((s) => !s.includes('\0')),
)

describe('shellWord: what sh reads back is the word', () => {
  it('any list of words, each quoted, reaches the command as exactly those words', () => {
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 6 }), (words) => {
        expect(shellReads(words.map(shellWord).join(' '))).toEqual(words)
      }),
      { numRuns: 150 },
    )
  })
})
