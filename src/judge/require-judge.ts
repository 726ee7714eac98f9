import type { SourceLoc } from '../diagnostics/diagnostic.js'
import { InputError } from '../core/errors.js'
import type { GeneratorPlan, PlanNode } from '../generate/plan.js'
import type { Check, Conversation } from '../scenario/compiled-conversation.js'

/** Where the `judge:` expectations of these conversations and generators are written. */
export function judgeLocations(conversations: Iterable<Conversation>, plans: readonly GeneratorPlan[] = []): SourceLoc[] {
  const locs: SourceLoc[] = []
  const add = (checks: Check[]) => {
    for (const c of checks) if (c.kind === 'judge') locs.push(c.loc)
  }
  for (const conv of conversations) for (const turn of conv.turns) add(turn.checks)
  const walk = (nodes: PlanNode[]): void => {
    for (const n of nodes) {
      if (n.kind === 'turn') add(n.checks)
      else if (n.kind === 'one_of') n.branches.forEach(walk)
      else walk(n.body)
    }
  }
  for (const plan of plans) walk(plan.steps)
  return locs
}

/** Judge expectations shown at most, when no judge is configured. */
const SHOWN = 10

/**
 * The input error for judge expectations with no judge to grade them: the config has no
 * `judge:`, and the run targets an endpoint other than the embedded reference assistant (whose
 * rule-based judge is the default). Each expectation is listed (up to SHOWN).
 */
export function noJudgeError(locs: SourceLoc[]): InputError {
  const hint =
    'configure one in banter.config.yaml: judge: {url: https://api.openai.com/v1, model: gpt-4o-mini, api_key: ${JUDGE_KEY}} (docs/llm-assistants.md "Grading with a judge model")'
  return new InputError(
    locs.slice(0, SHOWN).map((loc, i) => ({
      code: 'JUDGE_NOT_CONFIGURED',
      message:
        i === 0 && locs.length > SHOWN
          ? `judge expectation but no judge model is configured (${locs.length} judge expectations in all)`
          : 'judge expectation but no judge model is configured',
      loc,
      hint,
    })),
  )
}
