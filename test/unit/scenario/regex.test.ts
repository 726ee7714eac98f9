import { describe, expect, it } from 'vitest'
import { compileRegex, type ReplyPattern } from '../../../src/scenario/regex.js'
import { nameTagMatcher, selectByNameAndTags } from '../../../src/scenario/select.js'

function compiled(pattern: string, flags: '' | 'i' = ''): ReplyPattern {
  const r = compileRegex(pattern, flags)
  if ('error' in r) throw new Error(r.error)
  return r.regex
}

/** The patterns from issue 13 that backtrack for minutes (or forever) in JavaScript's engine. */
const CATASTROPHIC = [
  '(\\w|\\d)+$',
  '(?:a|a)*$',
  '((a+))+$',
  '((a)+)+$',
  '(a|a?)+$',
  '(?:(?:a)+)+$',
  '([a-z]|[a-z0-9])+$',
  '(\\d|1)+$',
  '(a|aa)+$',
  '(aa|a)+$',
  '(a?a)+$',
]

describe('reply.matches runs in linear time', () => {
  it.each(CATASTROPHIC)('%s is accepted and gives the same verdicts as JavaScript on short replies', (pattern) => {
    const re = compiled(pattern)
    const js = new RegExp(pattern)
    // Short enough for JavaScript's backtracking engine to answer: the two engines must agree.
    for (const text of [
      '',
      'a',
      'aaaa',
      'aaaa!',
      '1111',
      '111x',
      'abc1',
      'a1!',
      'x'.repeat(12),
      `${'a'.repeat(14)}!`,
      `${'1'.repeat(14)}\n`,
    ]) {
      expect(re.test(text), JSON.stringify(text)).toBe(js.test(text))
    }
  })

  // Expected verdicts worked out by hand for a…a!, a…a, 1…1x and 1…1 (a million characters each):
  // a `+$` pattern needs a run of its characters right at the end; `*` and `a?` also match empty.
  const VERDICTS: Record<string, [boolean, boolean, boolean, boolean]> = {
    '(\\w|\\d)+$': [false, true, true, true],
    '(?:a|a)*$': [true, true, true, true],
    '((a+))+$': [false, true, false, false],
    '((a)+)+$': [false, true, false, false],
    '(a|a?)+$': [true, true, true, true],
    '(?:(?:a)+)+$': [false, true, false, false],
    '([a-z]|[a-z0-9])+$': [false, true, true, true],
    '(\\d|1)+$': [false, false, false, true],
    '(a|aa)+$': [false, true, false, false],
    '(aa|a)+$': [false, true, false, false],
    '(a?a)+$': [false, true, false, false],
  }

  it.each(CATASTROPHIC)('%s against 1 MB adversarial replies ends with the right verdict', (pattern) => {
    const re = compiled(pattern)
    const n = 1_000_000
    const started = Date.now()
    const got = [`${'a'.repeat(n)}!`, 'a'.repeat(n), `${'1'.repeat(n)}x`, '1'.repeat(n)].map((text) => re.test(text))
    expect(got).toEqual(VERDICTS[pattern])
    // A backtracking engine would not finish in the lifetime of the machine; a linear one takes
    // well under a second per megabyte even on a loaded machine. The bound only catches a hang.
    expect(Date.now() - started).toBeLessThan(30_000)
  })

  it('the verdict table covers every pattern of the issue', () => {
    expect(Object.keys(VERDICTS).sort()).toEqual([...CATASTROPHIC].sort())
  })

  it('ignore_case compiles with the case-insensitive flag and reports the pattern as /…/i', () => {
    const re = compiled('order \\d{5}', 'i')
    expect(re.test('ORDER 12345 shipped')).toBe(true)
    expect(re.test('order 1234')).toBe(false)
    expect(`/${re.source}/${re.flags}`).toBe('/order \\d{5}/i')
  })

  it('keeps the JavaScript syntax users write: named groups, \\u escapes, classes, lazy quantifiers, lookbehind', () => {
    expect(compiled('(?<id>\\d+)').test('id 42')).toBe(true)
    expect(compiled('\\u0041\\u{1F600}?').test('A')).toBe(true)
    expect(compiled('[^]+x').test('ab\nx')).toBe(true)
    expect(compiled('(?<=order )\\d+').test('order 12')).toBe(true)
    expect(compiled('(?<!order )\\b12\\b').test('order 12')).toBe(false)
    expect(compiled('a.*?b').test('a__b')).toBe(true)
    expect(compiled('^Sorry').test('Well, Sorry')).toBe(false)
  })

  it.each([
    ['(\\w+) \\1', 'UNSUPPORTED_REGEX', '\\1'],
    ['(?<w>\\w+) \\k<w>', 'UNSUPPORTED_REGEX', 'backreference'],
    ['order(?= shipped)', 'UNSUPPORTED_REGEX', '(?='],
    ['order(?! shipped)', 'UNSUPPORTED_REGEX', '(?!'],
    ['(?<=(order) )\\d+', 'UNSUPPORTED_REGEX', 'capture in lookbehind'],
    ['[unclosed', 'INVALID_REGEX', 'Unterminated character class'],
    ['(?i)abc', 'INVALID_REGEX', 'Invalid group'],
  ])('refuses %s with %s', (pattern, code, text) => {
    const r = compileRegex(pattern, '')
    expect(r).toMatchObject({ code })
    expect('error' in r && r.error).toContain(text)
    if (code === 'UNSUPPORTED_REGEX') expect('hint' in r && r.hint).toContain('docs/scenarios.md')
  })

  it('a \\k<…> inside a character class or after an escaped backslash is not a backreference', () => {
    expect(compiled('[\\k<]').test('k')).toBe(true)
    expect(compiled('\\\\k<x>').test('\\k<x>')).toBe(true)
  })
})

describe('--grep uses the same engine', () => {
  const items = [
    { name: `${'a'.repeat(5_000)}!`, tags: [] },
    { name: 'aaaa', tags: [] },
  ]

  it('a catastrophic pattern selects at once, case-insensitively', () => {
    expect(selectByNameAndTags(items, { grep: '(a|aa)+$' }, 'scenario').map((s) => s.name)).toEqual(['aaaa'])
    expect(selectByNameAndTags(items, { grep: '^(A|AA)+$' }, 'scenario')).toHaveLength(1)
  })

  it('a pattern RE2 cannot run is INVALID_GREP with the hint', () => {
    expect(() => nameTagMatcher({ grep: '(a)\\1' })).toThrow(
      expect.objectContaining({ diagnostics: [expect.objectContaining({ code: 'INVALID_GREP', hint: expect.stringContaining('RE2') })] }),
    )
  })
})
