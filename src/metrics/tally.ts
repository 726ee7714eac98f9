import type { CaseResult, Status, Summary } from '../report/model.js'
import { createGeneratorCounts } from './generators.js'

/** Counts results one at a time, so a summary needs no list of every result (nightly runs). */
export interface Tally {
  add(result: CaseResult): void
  summary(): Summary
}

export function createTally(): Tally {
  const zero = (): Record<Status, number> => ({ passed: 0, failed: 0, errored: 0, skipped: 0 })
  const conv = zero()
  const turns = zero()
  const generators = createGeneratorCounts()
  let conversations = 0
  return {
    add(result) {
      conversations++
      conv[result.status]++
      for (const t of result.turns) turns[t.status]++
      generators.add(result)
    },
    summary() {
      const total = turns.passed + turns.failed + turns.errored + turns.skipped
      const byGenerator = generators.result()
      return { conversations, ...conv, turns: { total, ...turns }, ...(byGenerator ? { generators: byGenerator } : {}) }
    },
  }
}

/** Counts of conversations and turns by status, over a list of results. */
export function summarize(cases: readonly CaseResult[]): Summary {
  const tally = createTally()
  for (const c of cases) tally.add(c)
  return tally.summary()
}
