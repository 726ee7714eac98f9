import { formatWait, startTimer, WaitCancelled, type Waits } from '../network/waits.js'

/**
 * When a run stops early and why. Two signals drive the runner: `stop` (start no new
 * conversations) and `abort` (cancel the requests in flight; their turns error with code
 * ABORTED). An interrupt stops at once and aborts after a grace period; --max-duration stops and
 * aborts at once; an endpoint that is down stops, and in-flight requests fail on their own.
 *
 * The control is also the run's Waits: every pause (retry backoff, Retry-After, --rate,
 * --think-time, Direct Line polling) ends when the run is aborted, and a pause that would end
 * after the run's deadline (the --max-duration deadline, or the end of the grace period after an
 * interrupt) is not started, or is cut short as soon as the deadline moves before its end. Work
 * that cannot finish before the deadline stops the run: no conversation is started after it.
 */

/** Why a run ended before every conversation ran. */
type StopReason = 'interrupted' | 'max_duration' | 'endpoint_down'

export interface RunControl extends Waits {
  stop: AbortSignal
  abort: AbortSignal
  /** The first reason given, with its message; undefined if the run was never stopped. */
  readonly stopped: { reason: StopReason; message: string } | undefined
  /** When in-flight work will be cancelled (performance.now() time), if a deadline is set. */
  readonly deadline: number | undefined
  /** Stop starting conversations; with `abortAfterMs`, then cancel in-flight requests. */
  halt(reason: StopReason, message: string, abortAfterMs?: number): void
  /** Clears timers and ends pending waits; call when the run is over. */
  dispose(): void
}

/** Options for createRunControl. */
export interface RunControlOptions {
  /** External stop request (SIGINT/SIGTERM in the CLI). */
  signal?: AbortSignal
  /** How long in-flight conversations may finish after `signal`. Default 5000 ms. */
  graceMs?: number
  /** Deadline for the whole run. */
  maxDurationMs?: number
  /** Clock in ms (tests). Default performance.now. */
  now?: () => number
}

export const DEFAULT_GRACE_MS = 5_000

interface Deadline {
  at: number
  reason: StopReason
  /** "the --max-duration deadline (1000 ms)": what a wait would end after. */
  label: string
}

interface PendingWait {
  end: number
  cut(message: string): void
}

export function createRunControl(opts: RunControlOptions = {}): RunControl {
  const now = opts.now ?? (() => performance.now())
  const stop = new AbortController()
  const abort = new AbortController()
  const timers: NodeJS.Timeout[] = []
  const pending = new Set<PendingWait>()
  let stopped: RunControl['stopped']
  let deadline: Deadline | undefined

  const cutPending = (past: number, message: (p: PendingWait) => string) => {
    for (const p of [...pending]) if (p.end > past) p.cut(message(p))
  }
  const abortNow = (message: string) => {
    abort.abort(message)
    cutPending(-Infinity, () => `cut short: ${message}`)
  }
  const moveDeadline = (next: Deadline) => {
    if (deadline && deadline.at <= next.at) return
    deadline = next
    cutPending(next.at, () => `cut short: it would end after ${next.label}`)
  }
  const halt: RunControl['halt'] = (reason, message, abortAfterMs) => {
    stopped ??= { reason, message }
    stop.abort(message)
    if (abortAfterMs === undefined) return
    if (abortAfterMs <= 0) return abortNow(message)
    moveDeadline({
      at: now() + abortAfterMs,
      reason,
      label: reason === 'interrupted' ? `the ${formatWait(abortAfterMs)} grace period after the interrupt` : `the deadline (${message})`,
    })
    timers.push(setTimeout(() => abortNow(`${message}; grace period over`), abortAfterMs))
  }
  const onSignal = () => halt('interrupted', 'interrupted', opts.graceMs ?? DEFAULT_GRACE_MS)
  if (opts.signal?.aborted) onSignal()
  else opts.signal?.addEventListener('abort', onSignal, { once: true })
  if (opts.maxDurationMs !== undefined) {
    const limit = opts.maxDurationMs
    moveDeadline({ at: now() + limit, reason: 'max_duration', label: `the --max-duration deadline (${formatWait(limit)})` })
    timers.push(setTimeout(() => halt('max_duration', `--max-duration of ${limit} ms reached`, 0), limit))
  }

  const wait: Waits['wait'] = (ms, what) => {
    if (abort.signal.aborted) return Promise.reject(new WaitCancelled(`${what} not started: ${String(abort.signal.reason)}`))
    if (!(ms > 0)) return Promise.resolve()
    const end = now() + ms
    if (deadline && end > deadline.at) {
      const d = deadline
      if (d.reason === 'max_duration')
        halt('max_duration', `--max-duration of ${opts.maxDurationMs} ms would pass during a ${what} of ${formatWait(ms)}`)
      return Promise.reject(new WaitCancelled(`${what} of ${formatWait(ms)} not started: it would end after ${d.label}`))
    }
    return new Promise<void>((resolve, reject) => {
      const entry: PendingWait = {
        end,
        cut(message) {
          clear()
          pending.delete(entry)
          reject(new WaitCancelled(`${what} of ${formatWait(ms)} ${message}`))
        },
      }
      const clear = startTimer(
        ms,
        () => {
          pending.delete(entry)
          resolve()
        },
        now,
      )
      pending.add(entry)
    })
  }

  return {
    stop: stop.signal,
    abort: abort.signal,
    get stopped() {
      return stopped
    },
    get deadline() {
      return deadline?.at
    },
    halt,
    wait,
    dispose() {
      timers.forEach(clearTimeout)
      opts.signal?.removeEventListener('abort', onSignal)
      cutPending(-Infinity, () => 'cut short: the run is over')
    },
  }
}

/** Error codes that mean nothing answered at all (as opposed to a bad answer). */
export const CONNECTION_FAILURES = new Set(['CONNECTION_REFUSED', 'NETWORK'])

/** Consecutive connection failures (no reply in between) after which the endpoint counts as down. */
export const DEFAULT_DOWN_AFTER = 5
