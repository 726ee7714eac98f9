import type { CaseResult } from '../report/model.js'
import type { Conversation } from '../scenario/compiled-conversation.js'
import { createFaker } from './faker-api.js'
import { fakerValues, renderMessage, toConversation, type GeneratedCase } from './generate-case.js'
import { hashSeed } from './rng.js'

/** Re-runs allowed per shrunk failure. */
const SHRINK_BUDGET = 50

export interface ShrinkOptions {
  /** Runs one candidate against the endpoint. */
  run: (conv: Conversation) => Promise<CaseResult>
  budget?: number
}

export interface Shrunk {
  case: GeneratedCase
  result: CaseResult
  reruns: number
}

/**
 * What makes a failure "the same": the first failing verdict's code and the position of the
 * expectation that made it (a generator turn), or the endpoint error's code and turn position.
 */
function failureSignature(result: CaseResult): string | undefined {
  for (const t of result.turns) {
    if (t.error) return `${t.error.code}@${t.loc.line}:${t.loc.col}`
    const v = t.verdicts.find((x) => !x.pass)
    if (v) return `${v.code}@${v.loc.line}:${v.loc.col}`
  }
  return undefined
}

/**
 * Greedy shrinking: try smaller candidates (keep only the failing turn, drop one turn, pick the
 * shortest variant, simplify slot and faker values) and keep the first one that still fails with
 * the same signature; repeat until nothing smaller fails or the budget of re-runs is spent.
 */
export async function shrinkCase(gc: GeneratedCase, result: CaseResult, opts: ShrinkOptions): Promise<Shrunk> {
  const target = failureSignature(result)
  let best: Shrunk = { case: gc, result, reruns: 0 }
  if (target === undefined) return best
  const budget = opts.budget ?? SHRINK_BUDGET
  let improved = true
  while (improved && best.reruns < budget) {
    improved = false
    for (const candidate of candidates(best.case, best.result)) {
      if (best.reruns >= budget) break
      const r = await opts.run(toConversation(candidate))
      best.reruns++
      if (failureSignature(r) === target) {
        best = { case: candidate, result: r, reruns: best.reruns }
        improved = true
        break
      }
    }
  }
  return best
}

function* candidates(gc: GeneratedCase, result: CaseResult): Generator<GeneratedCase> {
  const failing = result.turns.findIndex((t) => t.status === 'failed' || t.status === 'errored')
  if (gc.turns.length > 1 && failing >= 0) yield { ...gc, turns: [gc.turns[failing]!] }
  if (failing > 0) yield { ...gc, turns: gc.turns.slice(failing) }
  for (let i = gc.turns.length - 1; i >= 0 && gc.turns.length > 1; i--) yield { ...gc, turns: gc.turns.filter((_, j) => j !== i) }
  for (const [i, turn] of gc.turns.entries()) {
    const length = (v: number) => renderMessage({ ...turn, variant: v, values: [] }, gc.slots).length
    for (const shorter of shorterVariants(turn.node.variants.length, turn.variant, length)) {
      const faker = createFaker()
      faker.seed(hashSeed(gc.seed, gc.id, 'shrink', i, shorter))
      const values = fakerValues(turn.node.variants[shorter]!, faker)
      yield { ...gc, turns: gc.turns.map((t, j) => (j === i ? { ...t, variant: shorter, values } : t)) }
    }
    for (const [k, value] of turn.values.entries()) {
      for (const simpler of simplify(value))
        yield { ...gc, turns: gc.turns.map((t, j) => (j === i ? { ...t, values: t.values.map((x, m) => (m === k ? simpler : x)) } : t)) }
    }
  }
  for (const [name, value] of Object.entries(gc.slots)) {
    for (const simpler of simplify(value)) yield { ...gc, slots: { ...gc.slots, [name]: simpler } }
  }
}

/** Variants shorter than the current one (as text without faker values), shortest first. */
function shorterVariants(count: number, current: number, length: (v: number) => number): number[] {
  return Array.from({ length: count }, (_, v) => v)
    .filter((v) => length(v) < length(current))
    .sort((a, b) => length(a) - length(b) || a - b)
}

/**
 * Simpler values of the same shape, simplest first: every letter and digit run cut to one
 * character, then the same length with digits as 1 and letters as a/A. Punctuation stays, so an
 * email stays an email and an id keeps its length in the second form.
 */
export function simplify(value: string): string[] {
  const canonical = value.replace(/[0-9]/g, '1').replace(/[a-z]/g, 'a').replace(/[A-Z]/g, 'A')
  const short = canonical.replace(/1+/g, '1').replace(/a+/g, 'a').replace(/A+/g, 'A')
  return [...new Set([short, canonical])].filter((v) => v !== value && v.length <= value.length)
}
