/**
 * Every pause banter takes on purpose goes through a Waits: retry backoff and Retry-After, the
 * --rate limiter, --think-time, Direct Line polling. A run's Waits (its RunControl) ends them when
 * the run stops; see run-control.ts.
 */
export interface Waits {
  /**
   * Resolves after `ms`. Rejects with WaitCancelled, at once, when the wait would end after the
   * run's deadline, and as soon as the run is aborted or its deadline moves before the wait's end.
   * `what` names the wait in that message ("retry wait", "think time").
   */
  wait(ms: number, what: string): Promise<void>
}

/** A wait that was not started, or was cut short, because the run is ending; `message` says why. */
export class WaitCancelled extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'WaitCancelled'
  }
}

/** setTimeout fires at once beyond this (about 24.8 days), so longer waits are taken in pieces. */
const MAX_TIMER_MS = 2 ** 31 - 1

/**
 * A timer for `ms`, in pieces when it is longer than setTimeout allows. Returns a function that
 * clears it.
 */
export function startTimer(ms: number, done: () => void, now: () => number = () => performance.now()): () => void {
  const end = now() + ms
  let timer: NodeJS.Timeout
  const arm = (left: number) => {
    timer = setTimeout(
      () => {
        const rest = end - now()
        if (rest > 1) arm(rest)
        else done()
      },
      Math.min(left, MAX_TIMER_MS),
    )
  }
  arm(ms)
  return () => clearTimeout(timer)
}

/** Waits that only wait: outside a run (unit tests, `banter record`), nothing ends them early. */
export const PLAIN_WAITS: Waits = {
  wait: (ms) =>
    ms > 0
      ? new Promise((resolve) => {
          startTimer(ms, () => resolve())
        })
      : Promise.resolve(),
}

/** 1500 → "1.5 s", 250 → "250 ms", 99_999_000 → "99999 s". */
export function formatWait(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${Math.round(ms / 100) / 10} s`
}
