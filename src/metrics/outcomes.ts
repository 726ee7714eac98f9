import type { CaseResult, ConversationOutcome, Outcome, OutcomeCounts, RepeatCounts } from '../report/model.js'
import { ratio } from './classification.js'
import { addCounts, type MetricPart } from './mergeable-part.js'

/*
 * Repeated conversations (--repeat N): every run is a CaseResult of its own (with `repeat`), and
 * a conversation's outcome is read from its runs' statuses. Errored runs count as not passing;
 * skipped runs (a skipped scenario, a run stopped early) count for nothing.
 */

/** One conversation's runs by status. */
export interface RunCounts {
  passed: number
  failed: number
  errored: number
  skipped: number
}

const noRuns = (): RunCounts => ({ passed: 0, failed: 0, errored: 0, skipped: 0 })

/**
 * passed: every run that ran passed; flaky: some passed, some did not; errored: every run
 * errored (no verdict could be trusted, as for a single run); failed: none passed otherwise;
 * skipped: none ran.
 */
export function outcomeOf(n: RunCounts): Outcome {
  const ran = n.passed + n.failed + n.errored
  if (ran === 0) return 'skipped'
  if (n.passed === ran) return 'passed'
  if (n.passed > 0) return 'flaky'
  return n.errored === ran ? 'errored' : 'failed'
}

/**
 * pass_rate (runs that passed over runs that ran) and flaky_rate (flaky conversations over
 * conversations that ran; null when none ran more than once). A conversation's runs are counted
 * together until all `repeat.of` have come, then folded into flat counters, so the state is
 * plain counts that shards add exactly (a shard holds every run of its conversations). A result
 * without `repeat` is a conversation of one run.
 */
export function repeatsPart(): MetricPart<RepeatCounts> {
  const n: RepeatCounts = { runs: 0, passing_runs: 0, conversations: 0, flaky: 0, repeated: 0 }
  const pending = new Map<string, RunCounts & { seen: number }>()
  const state = (): RepeatCounts => {
    const s = { ...n }
    // Conversations whose last runs never came (an interrupted run) count with the runs they had.
    for (const runs of pending.values()) fold(s, runs)
    return s
  }
  return {
    name: 'repeats',
    add(c) {
      if (!c.repeat) return foldOne(n, c.status)
      const runs = pending.get(c.id) ?? { ...noRuns(), seen: 0 }
      runs[c.status]++
      runs.seen++
      if (runs.seen < c.repeat.of) pending.set(c.id, runs)
      else {
        pending.delete(c.id)
        fold(n, runs)
      }
    },
    result() {
      const s = state()
      return { pass_rate: ratio(s.passing_runs, s.runs), flaky_rate: s.repeated > 0 ? ratio(s.flaky, s.conversations) : null }
    },
    state,
    // Reports written before these metrics have no such part.
    load: (s) => {
      if (s) addCounts(n, s)
    },
  }
}

/** fold() of a conversation run once, without building its counts: this runs for every conversation. */
function foldOne(into: RepeatCounts, status: CaseResult['status']): void {
  if (status === 'skipped') return
  into.runs++
  if (status === 'passed') into.passing_runs++
  into.conversations++
}

function fold(into: RepeatCounts, runs: RunCounts): void {
  const ran = runs.passed + runs.failed + runs.errored
  into.runs += ran
  into.passing_runs += runs.passed
  if (ran === 0) return
  into.conversations++
  if (ran > 1) into.repeated++
  if (outcomeOf(runs) === 'flaky') into.flaky++
}

/** The per-conversation view of a repeated run, for the report's `conversations` (countOutcomes gives `summary.outcomes`). */
export interface OutcomeTally {
  add(result: CaseResult): void
  list(): ConversationOutcome[]
}

export function createOutcomeTally(): OutcomeTally {
  const byId = new Map<string, { first: CaseResult; runs: RunCounts }>()
  return {
    add(r) {
      const seen = byId.get(r.id)
      if (seen) seen.runs[r.status]++
      else byId.set(r.id, { first: r, runs: { ...noRuns(), [r.status]: 1 } })
    },
    list: () => sortOutcomes([...byId.values()].map(({ first, runs }) => toOutcome(first, runs))),
  }
}

function toOutcome(c: Pick<CaseResult, 'id' | 'name' | 'file' | 'loc'>, runs: RunCounts): ConversationOutcome {
  const ran = runs.passed + runs.failed + runs.errored
  return {
    id: c.id,
    name: c.name,
    file: c.file,
    loc: { ...c.loc },
    outcome: outcomeOf(runs),
    runs: ran + runs.skipped,
    ...runs,
    pass_rate: ratio(runs.passed, ran),
  }
}

const collator = new Intl.Collator('en', { numeric: true })

/** In file order, then by line, then by id (`gen#2` before `gen#10`): the same order however runs finished. */
export function sortOutcomes(list: ConversationOutcome[]): ConversationOutcome[] {
  return list.sort((a, b) => collator.compare(a.file, b.file) || a.loc.line - b.loc.line || collator.compare(a.id, b.id))
}

/** Conversations by outcome (merge recounts a merged report's list with this). */
export function countOutcomes(list: readonly ConversationOutcome[]): OutcomeCounts {
  const counts: OutcomeCounts = { conversations: list.length, passed: 0, failed: 0, flaky: 0, errored: 0, skipped: 0 }
  for (const c of list) counts[c.outcome]++
  return counts
}
