import { suggestionHint } from '../diagnostics/suggest.js'
import { inputError } from '../core/errors.js'
import type { Conversation } from '../scenario/compiled-conversation.js'
import { createFaker } from './faker-api.js'
import { generateCase, toConversation, type GeneratedCase } from './generate-case.js'
import type { GeneratorPlan } from './plan.js'

/**
 * `count` conversations, generated lazily as the runner asks for them: case i comes from plan
 * i mod P and is that plan's case floor(i / P), so ids are `<generator>#<n>`.
 */
export function* generateConversations(
  plans: GeneratorPlan[],
  opts: { seed: number; count: number; keepId?: (id: string) => boolean },
): Generator<Conversation> {
  const faker = createFaker()
  for (let i = 0; i < opts.count; i++) {
    const plan = plans[i % plans.length]!
    const n = Math.floor(i / plans.length)
    // Ids are known before generating, so a shard skips other shards' cases at no cost.
    if (opts.keepId && !opts.keepId(caseId(plan.name, n))) continue
    yield toConversation(generateCase(plan, opts.seed, n, faker))
  }
}

/** The stable id of a plan's case n. */
function caseId(generator: string, n: number): string {
  return `${generator}#${n}`
}

/** How many of the first `count` case ids `keepId` keeps. */
export function countKept(plans: GeneratorPlan[], count: number, keepId: (id: string) => boolean): number {
  let kept = 0
  for (let i = 0; i < count; i++) if (keepId(caseId(plans[i % plans.length]!.name, Math.floor(i / plans.length)))) kept++
  return kept
}

/** The generated case with this id (`<generator>#<n>`), for replay and shrinking. */
export function caseById(plans: GeneratorPlan[], id: string, seed: number): GeneratedCase {
  const m = /^(.+)#(\d+)$/.exec(id)
  if (!m)
    throw inputError(
      'INVALID_CASE_ID',
      `--case: "${id}" is not a generated case id`,
      'ids look like <generator>#<n>, for example order-status#12',
    )
  const plan = plans.find((p) => p.name === m[1])
  if (!plan)
    throw inputError(
      'UNKNOWN_GENERATOR',
      `--case: no generator named "${m[1]}"`,
      suggestionHint(
        m[1]!,
        plans.map((p) => p.name),
        'generators',
      ),
    )
  return generateCase(plan, seed, Number(m[2]), createFaker())
}
