import type { AssistantReply, TurnAttempt } from '../report/model.js'
import type { TurnInput, TurnOutput } from './adapter.js'

/**
 * What the adapters that run a tool loop (openai, and http with `endpoint.tool_results`) share:
 * the default bound on rounds, why a loop stops early, and what a turn of several requests cost.
 */

/** Tool rounds per turn when the config does not set them. */
export const DEFAULT_MAX_TOOL_ROUNDS = 5

/** What a turn's requests cost together: the user waited for all of them. */
export interface TurnCost {
  latencyMs: number
  retries: number
  attempts: TurnAttempt[]
  /** Whether some request took more than one attempt (only then are attempts reported). */
  several: boolean
}

export function newCost(): TurnCost {
  return { latencyMs: 0, retries: 0, attempts: [], several: false }
}

/** Adds one request's latency, retries and attempts to the turn's. */
export function addCost(cost: TurnCost, done: { latencyMs: number; retries: number; attempts?: TurnAttempt[] }): void {
  cost.latencyMs += done.latencyMs
  cost.retries += done.retries
  cost.attempts.push(...(done.attempts ?? [{ latencyMs: done.latencyMs }]))
  cost.several ||= done.attempts !== undefined
}

/**
 * Why a tool loop stops before the assistant answers in words: a called tool the turn has no
 * result for, or calls still coming after `maxRounds` rounds of results. Undefined: go on (or no
 * loop at all, for a turn without `tool_results`).
 */
export function loopStop(missing: string[], round: number, maxRounds: number, input: TurnInput): AssistantReply['toolLoop'] {
  if (!input.toolResults) return undefined
  if (missing.length > 0) return { stop: 'missing_result', tools: [...new Set(missing)] }
  if (round > maxRounds) return { stop: 'max_rounds', maxRounds }
  return undefined
}

export function turnOutput(reply: AssistantReply, cost: TurnCost, ttftMs?: number): TurnOutput {
  const out: TurnOutput = { reply, latencyMs: cost.latencyMs, retries: cost.retries }
  if (cost.several) out.attempts = cost.attempts
  if (ttftMs !== undefined) out.ttftMs = ttftMs
  return out
}
