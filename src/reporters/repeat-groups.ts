import type { CaseResult } from '../report/model.js'
import type { RunCounts } from '../metrics/outcomes.js'

/** The runs of one repeated conversation seen so far: counts by status, and the first that failed or errored. */
export interface RepeatGroup {
  runs: RunCounts
  firstProblem?: CaseResult
}

/**
 * Collects the runs of repeated conversations as they finish (in any order) for reporters that
 * write one entry per conversation while the run goes: `add` returns the group once its last run
 * is in, and `rest` hands over the groups a stopped run left incomplete. Only conversations with
 * runs still to come are held.
 */
export function createRepeatGroups(): { add(c: CaseResult): RepeatGroup | undefined; rest(): RepeatGroup[] } {
  const open = new Map<string, RepeatGroup & { seen: number }>()
  return {
    add(c) {
      const g = open.get(c.id) ?? { runs: { passed: 0, failed: 0, errored: 0, skipped: 0 }, seen: 0 }
      g.runs[c.status]++
      g.seen++
      if (!g.firstProblem && (c.status === 'failed' || c.status === 'errored')) g.firstProblem = c
      if (g.seen < (c.repeat?.of ?? 1)) {
        open.set(c.id, g)
        return undefined
      }
      open.delete(c.id)
      return g
    },
    rest() {
      const groups = [...open.values()]
      open.clear()
      return groups
    },
  }
}
