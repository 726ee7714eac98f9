import type { CaseResult, Status, Summary } from '../results.js'

/** Counts of conversations and turns by status. */
export function summarize(cases: readonly CaseResult[]): Summary {
  const zero = (): Record<Status, number> => ({ passed: 0, failed: 0, errored: 0, skipped: 0 })
  const conv = zero()
  const turns = zero()
  for (const c of cases) {
    conv[c.status]++
    for (const t of c.turns) turns[t.status]++
  }
  const total = turns.passed + turns.failed + turns.errored + turns.skipped
  return { conversations: cases.length, ...conv, turns: { total, ...turns } }
}
