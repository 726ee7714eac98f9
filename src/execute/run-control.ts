/**
 * When a run stops early and why. Two signals drive the runner: `stop` (start no new
 * conversations) and `abort` (cancel the requests in flight; their turns error with code
 * ABORTED). An interrupt stops at once and aborts after a grace period; --max-duration stops and
 * aborts at once; an endpoint that is down stops, and in-flight requests fail on their own.
 */

/** Why a run ended before every conversation ran. */
export type StopReason = 'interrupted' | 'max_duration' | 'endpoint_down'

export interface RunControl {
  stop: AbortSignal
  abort: AbortSignal
  /** The first reason given, with its message; undefined if the run was never stopped. */
  readonly stopped: { reason: StopReason; message: string } | undefined
  /** Stop starting conversations; with `abortAfterMs`, then cancel in-flight requests. */
  halt(reason: StopReason, message: string, abortAfterMs?: number): void
  /** Clears timers; call when the run is over. */
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
}

export const DEFAULT_GRACE_MS = 5_000

export function createRunControl(opts: RunControlOptions = {}): RunControl {
  const stop = new AbortController()
  const abort = new AbortController()
  const timers: NodeJS.Timeout[] = []
  let stopped: RunControl['stopped']
  const halt: RunControl['halt'] = (reason, message, abortAfterMs) => {
    stopped ??= { reason, message }
    stop.abort(message)
    if (abortAfterMs === undefined) return
    if (abortAfterMs <= 0) abort.abort(message)
    else timers.push(setTimeout(() => abort.abort(`${message}; grace period over`), abortAfterMs))
  }
  const onSignal = () => halt('interrupted', 'interrupted', opts.graceMs ?? DEFAULT_GRACE_MS)
  if (opts.signal?.aborted) onSignal()
  else opts.signal?.addEventListener('abort', onSignal, { once: true })
  if (opts.maxDurationMs !== undefined) {
    timers.push(setTimeout(() => halt('max_duration', `--max-duration of ${opts.maxDurationMs} ms reached`, 0), opts.maxDurationMs))
  }
  return {
    stop: stop.signal,
    abort: abort.signal,
    get stopped() { return stopped },
    halt,
    dispose() {
      timers.forEach(clearTimeout)
      opts.signal?.removeEventListener('abort', onSignal)
    },
  }
}

/** Error codes that mean nothing answered at all (as opposed to a bad answer). */
export const CONNECTION_FAILURES = new Set(['CONNECTION_REFUSED', 'NETWORK'])

/** Consecutive connection failures (no reply in between) after which the endpoint counts as down. */
export const DEFAULT_DOWN_AFTER = 5
