import pLimit from 'p-limit'
import type { Adapter } from '../adapters/adapter.js'
import type { Conversation } from '../scenario/model.js'
import type { CaseResult } from '../results.js'
import { runConversation } from './conversation.js'
import type { FeedbackTarget } from './feedback.js'

export interface ExecuteOptions {
  adapter: Adapter
  concurrency: number
  /** Stop starting new conversations after the first one that does not pass. */
  bail?: boolean
  onCaseResult?: (result: CaseResult) => void
  /** Pause between two turns of a conversation, in ms. */
  thinkTimeMs?: number
  /** Where scenarios' feedback steps are sent. */
  feedback?: FeedbackTarget
  /** Whether to keep a result in `results` (default: all); dropped ones still reach onCaseResult. */
  keep?: (result: CaseResult) => boolean
}

export interface ExecuteResult {
  /** In input order, whatever the completion order. */
  results: CaseResult[]
  /** Conversations never started because the run stopped early. */
  notRun: number
  stoppedEarly?: string
}

/**
 * Runs conversations concurrently (at most `concurrency` at once, through p-limit). The input is
 * consumed lazily, with at most twice the concurrency queued, so a generated stream of any length
 * runs in bounded memory.
 */
export async function executeCases(cases: Iterable<Conversation>, opts: ExecuteOptions): Promise<ExecuteResult> {
  const limit = pLimit(opts.concurrency)
  const inflight = new Set<Promise<void>>()
  const results: { order: number; result: CaseResult }[] = []
  let stoppedEarly: string | undefined
  let order = 0
  let notRun = 0
  for (const conv of cases) {
    if (stoppedEarly) {
      notRun++
      continue
    }
    const position = order++
    const task = limit(async () => {
      if (stoppedEarly) {
        notRun++
        return
      }
      const result = await runConversation(conv, opts.adapter, { thinkTimeMs: opts.thinkTimeMs, feedback: opts.feedback })
      if (opts.keep?.(result) ?? true) results.push({ order: position, result })
      opts.onCaseResult?.(result)
      if (opts.bail && (result.status === 'failed' || result.status === 'errored')) stoppedEarly ??= `--bail: "${result.name}" ${result.status}`
    }).finally(() => inflight.delete(task))
    inflight.add(task)
    if (inflight.size >= opts.concurrency * 2) await Promise.race(inflight)
  }
  await Promise.all(inflight)
  results.sort((a, b) => a.order - b.order)
  return { results: results.map((r) => r.result), notRun, stoppedEarly }
}
