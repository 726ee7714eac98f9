import type { ClassScores, ReplyEntity } from '../report/model.js'
import { sameEntityValue } from '../evaluate/entity-value.js'

/** The label used in the confusion matrix when the reply carried no intent. */
export const NO_LABEL = '(none)'
/**
 * The label used in the confusion matrix for an answer below the check's `min_confidence`: not a
 * confident prediction of any intent, so a miss in every intent metric (docs/reports-and-metrics.md "Metrics").
 */
export const LOW_CONFIDENCE_LABEL = '(low confidence)'

/** Confusion counts of expected vs predicted labels, added one turn at a time. */
export interface Confusion {
  add(expected: string, actual: string, count?: number): void
  matrix(): { labels: string[]; matrix: number[][] }
  scores(): Record<string, ClassScores>
  /** The non-zero cells as [expected, actual, count], for the mergeable metric state. */
  cells(): [string, string, number][]
}

export function createConfusion(): Confusion {
  const counts = new Map<string, Map<string, { n: number }>>()
  const labels = new Set<string>()
  const get = (e: string, a: string) => counts.get(e)?.get(a)?.n ?? 0
  const sorted = () => [...labels].sort()
  // The cell added to last: a run mostly repeats the same pair (a passing intent), so it is counted without lookups.
  let last: { expected: string; actual: string; cell: { n: number } } | undefined
  return {
    add(expected, actual, count = 1) {
      if (last && last.expected === expected && last.actual === actual) {
        last.cell.n += count
        return
      }
      labels.add(expected).add(actual)
      let row = counts.get(expected)
      if (!row) counts.set(expected, (row = new Map()))
      let cell = row.get(actual)
      if (!cell) row.set(actual, (cell = { n: 0 }))
      cell.n += count
      last = { expected, actual, cell }
    },
    matrix() {
      const all = sorted()
      return { labels: all, matrix: all.map((e) => all.map((a) => get(e, a))) }
    },
    scores() {
      const all = sorted()
      const out: Record<string, ClassScores> = {}
      for (const label of all) {
        if (label === NO_LABEL || label === LOW_CONFIDENCE_LABEL) continue
        const tp = get(label, label)
        const support = all.reduce((s, a) => s + get(label, a), 0)
        const predicted = all.reduce((s, e) => s + get(e, label), 0)
        out[label] = prf(tp, predicted - tp, support - tp, support)
      }
      return out
    },
    cells() {
      const all = sorted()
      return all.flatMap((e) => all.filter((a) => get(e, a) > 0).map((a): [string, string, number] => [e, a, get(e, a)]))
    },
  }
}

/**
 * Precision tp/(tp+fp), null when the label was never predicted; recall tp/(tp+fn), null when
 * it was never expected; F1 = 2tp/(2tp+fp+fn), which equals the harmonic mean when both exist
 * and is 0 (not NaN) when either is missing; null only when there is nothing to count.
 */
export function prf(tp: number, fp: number, fn: number, support = tp + fn): ClassScores {
  return {
    precision: ratio(tp, tp + fp),
    recall: ratio(tp, tp + fn),
    f1: ratio(2 * tp, 2 * tp + fp + fn),
    support,
  }
}

/** a/b, or null when b is 0: a rate with nothing to count is undefined, never NaN. */
export function ratio(a: number, b: number): number | null {
  return b === 0 ? null : a / b
}

/**
 * Matches expected entities to actual ones as the entities check does (each actual entity used
 * once; by type and value, or by type alone when no value is expected): matched pairs are true
 * positives, unmatched expectations false negatives, unmatched actual entities false positives.
 */
export function matchEntities(expected: { type: string; value?: string }[], actual: ReplyEntity[]): { tp: number; fp: number; fn: number } {
  const unmatched = [...actual]
  let tp = 0
  for (const want of expected) {
    const at = unmatched.findIndex((e) => e.type === want.type && (want.value === undefined || sameEntityValue(e.value, want.value)))
    if (at !== -1) {
      tp++
      unmatched.splice(at, 1)
    }
  }
  return { tp, fp: unmatched.length, fn: expected.length - tp }
}
