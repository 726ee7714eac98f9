import type { Adapter } from '../adapters/adapter.js'
import type { Conversation } from '../scenario/compiled-conversation.js'
import type { CaseResult } from '../report/model.js'
import type { Judge } from '../judge/judge.js'
import { runConversation } from './conversation.js'
import type { FeedbackTarget } from './feedback.js'
import { CONNECTION_FAILURES, DEFAULT_DOWN_AFTER, type RunControl } from './run-control.js'

export interface ExecuteOptions {
  adapter: Adapter
  concurrency: number
  /** Masks secrets in kept texts before long ones are cut. */
  redact?: (text: string) => string
  /** Stop starting new conversations after the first one that does not pass. */
  bail?: boolean
  /** Each finished conversation, in completion order, with its position in the input order. */
  onCaseResult?: (result: CaseResult, position: number) => void
  /** Pause between two turns of a conversation, in ms. */
  thinkTimeMs?: number
  /** Where scenarios' feedback steps are sent. */
  feedback?: FeedbackTarget
  /** Whether to keep a result in `results` (default: all); dropped ones still reach onCaseResult. */
  keep?: (result: CaseResult) => boolean
  /** Stop/abort signals (interrupts, --max-duration); the runner halts it when the endpoint is down. */
  control?: RunControl
  /** Consecutive connection failures that count as "endpoint down". Default 5. */
  downAfter?: number
  /** Grades `judge:` expectations. */
  judge?: Judge
}

export interface ExecuteResult {
  /** In input order, whatever the completion order. */
  results: CaseResult[]
  /** Conversations never started because the run stopped early. */
  notRun: number
  stoppedEarly?: string
}

/**
 * Runs conversations concurrently through a fixed pool of `concurrency` workers, each pulling the
 * next conversation from the lazy case source when it is free: constant work per conversation
 * (no race over a growing set of promises), and a generated stream of any length runs in bounded
 * memory. Once the run is halted (--bail, a stop signal, the endpoint down) workers start nothing
 * more, and the rest of the source is counted as not run.
 */
export async function executeCases(cases: Iterable<Conversation>, opts: ExecuteOptions): Promise<ExecuteResult> {
  const source = cases[Symbol.iterator]()
  const state = createRunState(opts)
  const worker = async () => {
    while (!state.halted()) {
      const next = source.next()
      if (next.done) return
      const position = state.next()
      state.record(
        position,
        await runConversation(next.value, opts.adapter, {
          thinkTimeMs: opts.thinkTimeMs,
          feedback: opts.feedback,
          waits: opts.control,
          redact: opts.redact,
          judge: opts.judge,
        }),
      )
    }
  }
  // A worker that throws (a bug, or a case source that fails) halts the others; the first error is rethrown once all have stopped.
  await Promise.all(await startWorkers(Math.max(1, opts.concurrency), () => worker().catch(state.fail)))
  let notRun = 0
  for (let next = source.next(); !next.done; next = source.next()) notRun++
  return state.finish(notRun)
}

/**
 * Workers started between two turns of the event loop. Each worker prepares and dispatches its
 * first request before yielding, so starting 1,000 at once kept the loop busy for ~200 ms before
 * the first request reached a socket, and the whole first wave then queued at the assistant.
 * Started in slices, the first requests are on the wire while later workers are still starting:
 * at -j 1000 this took 0.2-0.4 s off a 6-7 s run (bench row "(f) scale").
 */
export const START_SLICE = 16

/** Starts `count` workers, yielding to the event loop (I/O included) after every START_SLICE. */
export async function startWorkers(count: number, start: () => Promise<void>): Promise<Promise<void>[]> {
  const started: Promise<void>[] = []
  for (let i = 0; i < count; i++) {
    if (i > 0 && i % START_SLICE === 0) await new Promise((resolve) => setImmediate(resolve))
    started.push(start())
  }
  return started
}

/** What both runners (closed pool, open arrival schedule) share: ordering, keep, bail, the down-watch, failures. */
export interface RunState {
  halted(): boolean
  /** The input position of the next conversation started. */
  next(): number
  record(position: number, result: CaseResult): void
  fail(error: unknown): void
  /** Throws the first failure, else returns the kept results in input order. */
  finish(notRun: number): ExecuteResult
}

export function createRunState(opts: ExecuteOptions): RunState {
  const results: { order: number; result: CaseResult }[] = []
  let stoppedEarly: string | undefined
  let failure: { error: unknown } | undefined
  let order = 0
  const watchDown = endpointDownWatch(opts)
  return {
    halted: () => stoppedEarly !== undefined || failure !== undefined || opts.control?.stop.aborted === true,
    next: () => order++,
    record(position, result) {
      if (opts.keep?.(result) ?? true) results.push({ order: position, result })
      opts.onCaseResult?.(result, position)
      watchDown(result)
      if (opts.bail && (result.status === 'failed' || result.status === 'errored'))
        stoppedEarly ??= `--bail: "${result.name}" ${result.status}`
    },
    fail(error) {
      failure ??= { error }
    },
    finish(notRun) {
      if (failure) throw failure.error
      results.sort((a, b) => a.order - b.order)
      return { results: results.map((r) => r.result), notRun, stoppedEarly }
    },
  }
}

/**
 * Counts connection failures across conversations (in completion order); any reply resets the
 * count. At `downAfter` in a row, the run is halted as endpoint_down.
 */
function endpointDownWatch(opts: ExecuteOptions): (result: CaseResult) => void {
  const limit = opts.downAfter ?? DEFAULT_DOWN_AFTER
  let consecutive = 0
  let last = ''
  return (result) => {
    for (const turn of result.turns) {
      // A reply (also one whose judge then failed) shows the endpoint is up.
      if (turn.status === 'passed' || turn.status === 'failed' || turn.reply) consecutive = 0
      else if (turn.error && CONNECTION_FAILURES.has(turn.error.code)) {
        consecutive++
        last = turn.error.message
      }
    }
    if (consecutive >= limit && opts.control && !opts.control.stop.aborted) {
      opts.control.halt(
        'endpoint_down',
        `the endpoint looks down: ${consecutive} connections failed in a row (${last}); stopped starting conversations`,
      )
    }
  }
}
