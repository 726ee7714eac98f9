import { PLAIN_WAITS, type Waits } from './waits.js'

/** Paces requests across the whole run. */
export interface RateLimiter {
  /**
   * Resolves when the caller may send one request. Rejects with WaitCancelled when the run ends
   * first (or its deadline comes before the caller's slot): the request must not be sent.
   */
  take(): Promise<void>
}

/**
 * A token bucket holding one token, refilled `perSecond` times a second: requests leave evenly
 * spaced, never in bursts, so an endpoint with a per-second quota never sees more than it allows.
 * Slots are reserved synchronously, so concurrent callers queue in call order. Waiting for a slot
 * is a wait of the run (`waits`), so it ends with the run.
 */
export function createRateLimiter(perSecond: number, waits: Waits = PLAIN_WAITS, now: () => number = () => performance.now()): RateLimiter {
  const interval = 1000 / perSecond
  let next = 0
  return {
    async take() {
      const t = now()
      const slot = Math.max(t, next)
      next = slot + interval
      if (slot > t) await waits.wait(slot - t, 'wait for a --rate slot')
    },
  }
}

export const UNLIMITED: RateLimiter = { take: async () => {} }
