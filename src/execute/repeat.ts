import type { Conversation } from '../scenario/compiled-conversation.js'
import { inputError } from '../core/errors.js'

/** The largest --repeat (and config `repeat:`): beyond it a run is a load test, not a flakiness check. */
export const MAX_REPEAT = 10_000

/**
 * Each conversation `times` times in a row, each run marked with its index (`repeat`). Every run
 * is the same compiled conversation (a generated case keeps the content its seed and id gave
 * it), and runConversation opens a fresh session for each. Runs of one conversation follow each
 * other in the source, so a stopped run leaves at most a few conversations part-way, and the
 * shard a conversation belongs to runs all of its repeats.
 */
export function repeatCases(cases: Iterable<Conversation>, times: number): Iterable<Conversation> {
  if (times <= 1) return cases
  return {
    *[Symbol.iterator]() {
      for (const conv of cases) {
        for (let index = 1; index <= times; index++) yield { ...conv, repeat: { index, of: times } }
      }
    },
  }
}

/**
 * The repeat count in force, checked: a whole number from 1 to MAX_REPEAT (the CLI and the config
 * schema check it too; this guards callers of run()). Open-loop load starts conversations on a
 * schedule to measure the endpoint under load, where a conversation's outcome across runs
 * means nothing: --repeat is refused there (--duration cycles through the conversations instead).
 */
export function checkRepeat(repeat: number, opts: { arrivalRate?: number }): number {
  if (!Number.isInteger(repeat) || repeat < 1 || repeat > MAX_REPEAT)
    throw inputError('INVALID_REPEAT', `repeat: expected a whole number from 1 to ${MAX_REPEAT}, got ${repeat}`)
  if (repeat > 1 && opts.arrivalRate !== undefined) {
    throw inputError(
      'REPEAT_WITH_ARRIVAL_RATE',
      `--repeat ${repeat} (or config repeat:) cannot be combined with --arrival-rate: an open-loop run measures the endpoint under load, not each conversation's outcome`,
      'to repeat conversations under load, run --repeat with --concurrency; to keep an arrival rate going longer, use --duration',
    )
  }
  return repeat
}
