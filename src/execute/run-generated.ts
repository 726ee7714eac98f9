import type { Judge } from '../judge/judge.js'
import type { Adapter } from '../adapters/adapter.js'
import { runConversation } from './conversation.js'
import type { CaseResult } from '../report/model.js'
import type { LoadedSuite } from '../scenario/load.js'
import type { Conversation } from '../scenario/compiled-conversation.js'
import { describeFilters, nameTagMatcher, selectByNameAndTags } from '../scenario/select.js'
import { inputError } from '../core/errors.js'
import { caseById, countKept, generateConversations } from '../generate/cases.js'
import { compileGenerators } from '../generate/compile.js'
import type { GeneratedCase } from '../generate/generate-case.js'
import { toConversation } from '../generate/generate-case.js'
import type { GeneratorPlan } from '../generate/plan.js'
import { shrinkCase } from '../generate/shrink.js'

/** Failed or errored generated conversations kept in full in the report; the rest are counted. */
const MAX_KEPT_PROBLEMS = 1000
/** Passed generated conversations kept in full in the report (the first to finish). */
const MAX_KEPT_PASSED = 100
/** Failures shrunk and saved per run (each costs up to SHRINK_BUDGET re-runs). */
const MAX_SHRUNK = 20

export interface GeneratedRun {
  plans: GeneratorPlan[]
  cases: Iterable<Conversation>
  total: number
}

/**
 * Compiles the generators among the run paths, narrows them by --grep (generator name) and --tag,
 * and prepares the lazy case stream over the kept generators (or one replayed case). Filtering
 * happens before cases are assigned, so case i comes from kept generator i mod G; a case's
 * content depends only on (seed, id), so a kept case is the same as in an unfiltered run.
 * `--case` must name a case of a kept generator: a filter that excludes it is an input error.
 */
export async function planGeneratedRun(
  suite: LoadedSuite,
  opts: { cwd: string; seed: number; count?: number; caseId?: string; grep?: string; tags?: string[]; keepId?: (id: string) => boolean },
): Promise<GeneratedRun> {
  const all = await compileGenerators(suite.generators, opts.cwd)
  if (all.length === 0)
    throw inputError(
      'NO_GENERATORS',
      'no generator files in the given paths',
      'a generator file has a top-level `generator:` key; see scenarios/generators/',
    )
  const filter = { grep: opts.grep, tags: opts.tags }
  if (opts.caseId !== undefined) {
    const matches = nameTagMatcher(filter)
    const replayed = caseById(all, opts.caseId, opts.seed)
    if (!matches(replayed.plan))
      throw inputError(
        'CASE_NOT_SELECTED',
        `--case ${opts.caseId}: generator "${replayed.plan.name}" does not match ${describeFilters(filter)}`,
        'drop --grep/--tag to replay this case, or pick a case of a matching generator',
      )
    return { plans: [replayed.plan], cases: [toConversation(replayed)], total: 1 }
  }
  const plans = selectByNameAndTags(all, filter, 'generator')
  const count = opts.count ?? 0
  const { keepId } = opts
  const total = keepId ? countKept(plans, count, keepId) : count
  return { plans, cases: { [Symbol.iterator]: () => generateConversations(plans, { seed: opts.seed, count, keepId }) }, total }
}

/** The retention rule for generated runs (docs/generated-runs.md "Nightly fuzz runs"): returns `keep` and how many were dropped. */
export function retention(): { keep: (r: CaseResult) => boolean; omitted: () => number } {
  let problems = 0
  let passed = 0
  let omitted = 0
  return {
    keep(r) {
      const ok = r.status === 'passed' || r.status === 'skipped' ? passed++ < MAX_KEPT_PASSED : problems++ < MAX_KEPT_PROBLEMS
      if (!ok) omitted++
      return ok
    },
    omitted: () => omitted,
  }
}

/** A failure after shrinking, for the caller to save. */
export interface ShrunkFailure {
  case: GeneratedCase
  result: CaseResult
  originalTurns: number
  reruns: number
}

/** Shrinks the first MAX_SHRUNK failed generated cases, re-running candidates through the adapter. */
export async function shrinkFailures(
  results: CaseResult[],
  run: { plans: GeneratorPlan[]; seed: number; adapter: Adapter; judge?: Judge },
  onShrunk: (f: ShrunkFailure) => void | Promise<void>,
): Promise<void> {
  // Repeated runs hold several results per case: each case is shrunk once.
  const seen = new Set<string>()
  const failed = results.filter((r) => r.status === 'failed' && !seen.has(r.id) && seen.add(r.id))
  for (const result of failed.slice(0, MAX_SHRUNK)) {
    const original = caseById(run.plans, result.id, run.seed)
    const shrunk = await shrinkCase(original, result, { run: (conv) => runConversation(conv, run.adapter, { judge: run.judge }) })
    await onShrunk({ case: shrunk.case, result: shrunk.result, originalTurns: original.turns.length, reruns: shrunk.reruns })
  }
}
