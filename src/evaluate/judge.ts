import type { Judge } from '../judge/judge.js'
import type { Check, PlannedTurn } from '../scenario/compiled-conversation.js'
import { renderTemplate, type Scope } from '../template/template.js'
import type { AssistantReply } from '../report/model.js'
import type { Verdict } from '../report/verdict.js'

type JudgeCheck = Extract<Check, { kind: 'judge' }>

/** True when the turn has a `judge:` expectation (the runner then awaits judgeTurn). */
export function hasJudgeChecks(turn: PlannedTurn): boolean {
  return turn.checks.some((c) => c.kind === 'judge')
}

/**
 * The verdicts of a turn's judge checks: passed when the judge's score is at least min_score
 * (JUDGE_OK), failed below it (JUDGE_LOW_SCORE), each with the score and the judge's reason.
 * When the judge gives no grade (timeout, HTTP error, malformed or out-of-range answer) the
 * verdict is errored with the JUDGE_* code: never a pass.
 */
export async function judgeTurn(turn: PlannedTurn, reply: AssistantReply, scope: Scope, judge: Judge): Promise<Verdict[]> {
  const checks = turn.checks.filter((c): c is JudgeCheck => c.kind === 'judge')
  return Promise.all(checks.map((check) => checkJudge(check, reply, scope, judge)))
}

async function checkJudge(check: JudgeCheck, reply: AssistantReply, scope: Scope, judge: Judge): Promise<Verdict> {
  const rubric = renderTemplate(check.rubric, scope)
  const base = { check: 'judge' as const, loc: check.loc, expected: { rubric, min_score: check.minScore } }
  const outcome = await judge.grade(rubric, reply.text)
  if ('error' in outcome)
    return { ...base, pass: false, errored: true, code: outcome.error.code as `JUDGE_${string}`, actual: { error: outcome.error.message } }
  const pass = outcome.grade.score >= check.minScore
  return {
    ...base,
    pass,
    code: pass ? 'JUDGE_OK' : 'JUDGE_LOW_SCORE',
    actual: { score: outcome.grade.score, reason: outcome.grade.reason },
    judge: outcome.call,
  }
}
