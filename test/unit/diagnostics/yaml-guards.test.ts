import { parseDocument } from 'yaml'
import { describe, expect, it } from 'vitest'
import { duplicateKeys, tooDeepFlowOffset } from '../../../src/diagnostics/yaml-guards.js'

describe('the depth guard counts real flow nesting only', () => {
  const deep = '['.repeat(70)
  it.each([
    ['a block scalar', `a: |\n  ${deep}\n`],
    ['a folded scalar', `a: >-\n  ${deep}\n`],
    ['a plain scalar', `a: text ${deep}\n`],
    ['quoted scalars', `a: "${deep}"\nb: '${deep}'\n`],
    ['a comment', `a: 1 # ${deep}\n`],
  ])('70 "[" in %s are text', (_name, text) => {
    expect(tooDeepFlowOffset(text)).toBe(-1)
  })

  it('finds the bracket past the limit in real flow nesting, at its offset', () => {
    expect(tooDeepFlowOffset(`a: ${deep}`)).toBe(3 + 64)
    expect(tooDeepFlowOffset(`a: ${'[1, '.repeat(64)}2${']'.repeat(64)}`)).toBe(-1)
  })
})

describe('duplicateKeys', () => {
  it('finds repeated keys per mapping, plain and quoted alike, and not across mappings or types', () => {
    const doc = parseDocument('a: 1\n"a": 2\nb: {x: 1, x: 2}\nc: {a: 1}\n1: x\n"1": y\n', { uniqueKeys: false })
    expect(duplicateKeys(doc).map((d) => d.key)).toEqual(['a', 'x'])
  })
})
