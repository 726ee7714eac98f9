import { setTimeout as sleep } from 'node:timers/promises'

/** Paces requests across the whole run. */
export interface RateLimiter {
  /** Resolves when the caller may send one request. */
  take(): Promise<void>
}

/**
 * A token bucket holding one token, refilled `perSecond` times a second: requests leave evenly
 * spaced, never in bursts, so an endpoint with a per-second quota never sees more than it allows.
 * Slots are reserved synchronously, so concurrent callers queue in call order.
 */
export function createRateLimiter(perSecond: number, now: () => number = () => performance.now()): RateLimiter {
  const interval = 1000 / perSecond
  let next = 0
  return {
    async take() {
      const t = now()
      const slot = Math.max(t, next)
      next = slot + interval
      if (slot > t) await sleep(slot - t)
    },
  }
}

export const UNLIMITED: RateLimiter = { take: async () => {} }
