import { describe, expect, it } from 'vitest'
import { checkRepeat, MAX_REPEAT, repeatCases } from '../../../src/execute/repeat.js'
import { InputError } from '../../../src/core/errors.js'
import type { Conversation } from '../../../src/scenario/compiled-conversation.js'

const conv = (id: string): Conversation => ({
  id,
  name: id,
  tags: [],
  file: 's.yaml',
  loc: { file: 's.yaml', line: 1, col: 1 },
  variables: {},
  turns: [],
})

describe('repeatCases', () => {
  it('yields each conversation N times in a row, marked 1..N, sharing its compiled turns', () => {
    const a = conv('a')
    const runs = [...repeatCases([a, conv('b')], 3)]
    expect(runs.map((r) => [r.id, r.repeat])).toEqual([
      ['a', { index: 1, of: 3 }],
      ['a', { index: 2, of: 3 }],
      ['a', { index: 3, of: 3 }],
      ['b', { index: 1, of: 3 }],
      ['b', { index: 2, of: 3 }],
      ['b', { index: 3, of: 3 }],
    ])
    expect(runs[1]!.turns).toBe(a.turns)
    expect(a.repeat).toBeUndefined()
  })

  it('reads a lazy source lazily (a generated stream is never held whole)', () => {
    let pulled = 0
    const source = {
      *[Symbol.iterator]() {
        for (let i = 0; i < 1e9; i++) {
          pulled++
          yield conv(`g#${i}`)
        }
      },
    }
    const it = repeatCases(source, 2)[Symbol.iterator]()
    for (let i = 0; i < 5; i++) it.next()
    expect(pulled).toBe(3)
  })

  it('leaves a run without repeats as it is', () => {
    const cases = [conv('a')]
    expect(repeatCases(cases, 1)).toBe(cases)
  })
})

describe('checkRepeat', () => {
  it.each([0, -1, 1.5, MAX_REPEAT + 1, Number.NaN])('refuses %s', (n) => {
    expect(() => checkRepeat(n, {})).toThrow(InputError)
  })
  it('refuses --repeat with an open-loop arrival rate, not --repeat 1', () => {
    expect(() => checkRepeat(2, { arrivalRate: 5 })).toThrow(/cannot be combined with --arrival-rate/)
    expect(checkRepeat(1, { arrivalRate: 5 })).toBe(1)
    expect(checkRepeat(MAX_REPEAT, {})).toBe(MAX_REPEAT)
  })
})
