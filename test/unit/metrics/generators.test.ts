import { describe, expect, it } from 'vitest'
import { createGeneratorCounts } from '../../../src/metrics/generators.js'
import type { CaseResult, Status } from '../../../src/report/model.js'

function result(id: string, status: Status, tags: string[]): CaseResult {
  const loc = { file: 'g.yaml', line: 1, col: 1 }
  return { id, name: id, file: 'g.yaml', loc, tags, status, sessionId: id, startedAt: '2026-01-01T00:00:00.000Z', durationMs: 1, turns: [] }
}

describe('conversations per generator', () => {
  it('counts each generator by its id prefix, for many generators with names that prefix each other', () => {
    const counts = createGeneratorCounts()
    const statuses: Status[] = ['passed', 'failed', 'errored', 'skipped']
    const expected: Record<string, Record<string, number>> = {}
    // 30 generators (more than are remembered by name), ids like `g#3`, `g#3#7`, `g#37#1`: the last # ends the name.
    const names = Array.from({ length: 30 }, (_, i) => (i % 3 === 0 ? `g#${i}` : `g${i}`))
    for (let n = 0; n < 300; n++) {
      const name = names[(n * 7) % names.length]!
      const status = statuses[n % 4]!
      counts.add(result(`${name}#${n}`, status, ['smoke', 'generated']))
      const row = (expected[name] ??= { conversations: 0, passed: 0, failed: 0, errored: 0, skipped: 0 })
      row.conversations!++
      row[status]!++
    }
    // Scenarios (no `generated` tag, or no generator name before the #) are not counted.
    counts.add(result('order#1', 'passed', ['smoke']))
    counts.add(result('#1', 'passed', ['generated']))
    expect(counts.result()).toEqual(expected)
  })

  it('has no counts when nothing was generated', () => {
    const counts = createGeneratorCounts()
    counts.add(result('scenario', 'passed', []))
    expect(counts.result()).toBeUndefined()
  })
})
