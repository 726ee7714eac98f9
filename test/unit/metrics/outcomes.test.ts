import { describe, expect, it } from 'vitest'
import { countOutcomes, createOutcomeTally, outcomeOf, repeatsPart } from '../../../src/metrics/outcomes.js'
import { measure } from '../../../src/metrics/measure.js'
import type { CaseResult, Status } from '../../../src/report/model.js'

const loc = { file: 's.yaml', line: 1, col: 1 }

function run(id: string, status: Status, index: number, of: number, line = 1): CaseResult {
  return {
    id,
    name: id,
    file: 's.yaml',
    loc: { ...loc, line },
    tags: [],
    status,
    sessionId: `${id}-${index}`,
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 1,
    turns: [],
    ...(of > 1 ? { repeat: { index, of } } : {}),
  }
}

describe("a repeated conversation's outcome", () => {
  it.each([
    [{ passed: 3, failed: 0, errored: 0, skipped: 0 }, 'passed'],
    [{ passed: 2, failed: 1, errored: 0, skipped: 0 }, 'flaky'],
    [{ passed: 1, failed: 0, errored: 2, skipped: 0 }, 'flaky'],
    [{ passed: 0, failed: 3, errored: 0, skipped: 0 }, 'failed'],
    [{ passed: 0, failed: 1, errored: 2, skipped: 0 }, 'failed'],
    [{ passed: 0, failed: 0, errored: 3, skipped: 0 }, 'errored'],
    [{ passed: 0, failed: 0, errored: 0, skipped: 3 }, 'skipped'],
    [{ passed: 2, failed: 0, errored: 0, skipped: 1 }, 'passed'],
  ] as const)('%j → %s', (runs, outcome) => {
    expect(outcomeOf(runs)).toBe(outcome)
  })
})

describe('pass_rate and flaky_rate', () => {
  it('count runs and conversations whatever order the runs finish in', () => {
    const results = [
      run('a', 'passed', 2, 3),
      run('b', 'failed', 1, 3),
      run('a', 'failed', 1, 3),
      run('b', 'failed', 3, 3),
      run('a', 'passed', 3, 3),
      run('b', 'errored', 2, 3),
      run('c', 'skipped', 1, 3),
      run('c', 'skipped', 2, 3),
      run('c', 'skipped', 3, 3),
    ]
    const m = measure(results, 1000)
    // 2 passing of 6 runs that ran; a is flaky, b failed, c did not run.
    expect(m.pass_rate).toBeCloseTo(2 / 6)
    expect(m.flaky_rate).toBe(0.5)
    const part = repeatsPart()
    for (const r of results) part.add(r)
    expect(part.state()).toEqual({ runs: 6, passing_runs: 2, conversations: 2, flaky: 1, repeated: 2 })
  })

  it('count the runs a stopped run had, and state() does not consume them', () => {
    const part = repeatsPart()
    part.add(run('a', 'passed', 1, 5))
    part.add(run('a', 'failed', 2, 5))
    expect(part.state()).toEqual({ runs: 2, passing_runs: 1, conversations: 1, flaky: 1, repeated: 1 })
    expect(part.state()).toEqual(part.state())
    expect(part.result({ durationMs: 1 })).toEqual({ pass_rate: 0.5, flaky_rate: 1 })
  })

  it('without repeats: pass_rate is passed over ran, flaky_rate is null (nothing ran twice)', () => {
    const m = measure([run('a', 'passed', 1, 1), run('b', 'failed', 1, 1), run('c', 'skipped', 1, 1)], 1000)
    expect(m.pass_rate).toBe(0.5)
    expect(m.flaky_rate).toBeNull()
  })

  it('a state from a report without the part loads as nothing', () => {
    const part = repeatsPart()
    part.load(undefined as never)
    expect(part.result({ durationMs: 1 })).toEqual({ pass_rate: null, flaky_rate: null })
  })
})

describe('the per-conversation list', () => {
  it('groups runs by id, in file and line order (gen#2 before gen#10), with counts and pass rates', () => {
    const tally = createOutcomeTally()
    for (const r of [
      run('gen#10', 'passed', 1, 2, 1),
      run('b', 'errored', 1, 2, 9),
      run('gen#2', 'failed', 1, 2, 1),
      run('gen#10', 'failed', 2, 2, 1),
      run('b', 'errored', 2, 2, 9),
      run('gen#2', 'failed', 2, 2, 1),
    ])
      tally.add(r)
    const list = tally.list()
    expect(list.map((c) => [c.id, c.outcome, c.runs, c.passed, c.pass_rate])).toEqual([
      ['gen#2', 'failed', 2, 0, 0],
      ['gen#10', 'flaky', 2, 1, 0.5],
      ['b', 'errored', 2, 0, 0],
    ])
    expect(countOutcomes(list)).toEqual({ conversations: 3, passed: 0, failed: 1, flaky: 1, errored: 1, skipped: 0 })
  })
})
