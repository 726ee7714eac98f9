import type { CaseResult, ConversationOutcome, RunReport } from '../report/model.js'

/*
 * What the reporters share about repeated runs (--repeat): how a run is labelled, which failed
 * runs to show, and the conversations that did not pass every run.
 */

/** ` · run 2/5` for a run of a repeated conversation, else ''. */
export function runLabel(c: Pick<CaseResult, 'repeat'>): string {
  return c.repeat ? ` · run ${c.repeat.index}/${c.repeat.of}` : ''
}

/**
 * The failed and errored results to show in detail: every one for a run without repeats; with
 * repeats, the first failed run of each conversation (the others usually repeat it, and the
 * conversation's pass counts say how many there were).
 */
export function problemRuns(report: Pick<RunReport, 'cases' | 'run'>): CaseResult[] {
  const problems = report.cases.filter((c) => c.status === 'failed' || c.status === 'errored')
  if (!report.run.repeat) return problems
  const seen = new Set<string>()
  return problems.filter((c) => !seen.has(c.id) && seen.add(c.id))
}

/** Repeated conversations that did not pass every run: failed and errored first, then flaky, each in report order. */
export function notPassing(report: Pick<RunReport, 'conversations'>): ConversationOutcome[] {
  const list = report.conversations ?? []
  const rank = { errored: 0, failed: 0, flaky: 1, skipped: 2, passed: 3 } as const
  return list.filter((c) => c.outcome !== 'passed').sort((a, b) => rank[a.outcome] - rank[b.outcome])
}

/** `3/5 runs passed`, the pass count of one repeated conversation (skipped runs are not counted). */
export function passCount(c: ConversationOutcome): string {
  const ran = c.passed + c.failed + c.errored
  return `${c.passed}/${ran} runs passed`
}

/** For a failed run's details: its conversation's pass counts, ` (3/5 runs passed, flaky)`; '' without repeats. */
export function outcomeNotes(report: Pick<RunReport, 'conversations'>): (c: Pick<CaseResult, 'id' | 'repeat'>) => string {
  const byId = new Map((report.conversations ?? []).map((o) => [o.id, o]))
  return (c) => {
    const o = c.repeat ? byId.get(c.id) : undefined
    return o ? ` (${passCount(o)}, ${o.outcome})` : ''
  }
}
