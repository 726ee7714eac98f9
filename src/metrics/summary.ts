import type { CaseResult, Status, Summary } from '../report/model.js'
import { createGeneratorCounts } from './generators.js'

/** Counts of conversations and turns by status. */
export function summarize(cases: readonly CaseResult[]): Summary {
  const zero = (): Record<Status, number> => ({ passed: 0, failed: 0, errored: 0, skipped: 0 })
  const conv = zero()
  const turns = zero()
  const generators = createGeneratorCounts()
  for (const c of cases) {
    conv[c.status]++
    for (const t of c.turns) turns[t.status]++
    generators.add(c)
  }
  const total = turns.passed + turns.failed + turns.errored + turns.skipped
  const byGenerator = generators.result()
  return { conversations: cases.length, ...conv, turns: { total, ...turns }, ...(byGenerator ? { generators: byGenerator } : {}) }
}
