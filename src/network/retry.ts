import type { EndpointErrorCode } from './endpoint-error.js'
import { formatWait } from './waits.js'

/**
 * When a failed attempt is tried again. Re-sending a chat message can duplicate a turn in the
 * assistant's session, so the default retries only what was certainly not processed: a refused
 * connection, 429 and 503.
 */
export interface RetryPolicy {
  /** Total attempts, the first included (1 = never retry). */
  attempts: number
  /** Failure codes (lowercase EndpointError codes such as `connection_refused`) and HTTP statuses. */
  on: readonly (string | number)[]
  /** First backoff ceiling; doubles per retry (full jitter picks a delay in [0, ceiling]). */
  baseDelayMs: number
  /**
   * The longest wait before a retry: the backoff ceiling never grows past it, and a Retry-After
   * asking for longer is not waited for (the attempt's failure stands; see retryWait).
   */
  maxDelayMs: number
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 3, on: ['connection_refused', 429, 503], baseDelayMs: 200, maxDelayMs: 5_000 }
export const NO_RETRY: RetryPolicy = { ...DEFAULT_RETRY, attempts: 1 }

/** True when the policy retries this failure (an error code or a status) after `attempt` (1-based) attempts. */
export function shouldRetry(policy: RetryPolicy, attempt: number, failure: { code?: EndpointErrorCode; status?: number }): boolean {
  if (attempt >= policy.attempts) return false
  if (failure.status !== undefined) return policy.on.includes(failure.status)
  return failure.code !== undefined && policy.on.includes(failure.code.toLowerCase())
}

/** Parses Retry-After (delta seconds or an HTTP date) into milliseconds from `now`; undefined when absent or invalid. */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const raw = Array.isArray(value) ? value[0] : value
  if (raw === undefined || raw.trim() === '') return undefined
  if (/^\d+$/.test(raw.trim())) return Number(raw.trim()) * 1000
  const at = Date.parse(raw)
  return Number.isNaN(at) ? undefined : Math.max(0, at - now)
}

/** The wait before a retry, or why the failure stands without one. */
export type RetryWait = { ms: number } | { skip: string }

/**
 * The wait before retry number `retry` (1-based): exactly what Retry-After asks when the server
 * sent it, else exponential backoff with full jitter (a random delay in [0, ceiling], the ceiling
 * doubling from baseDelayMs up to maxDelayMs). The one rule for long Retry-After values: one
 * longer than maxDelayMs is not waited for, and the attempt's failure stands (retrying sooner
 * than the server asked would only be refused again).
 */
export function retryWait(policy: RetryPolicy, retry: number, retryAfterMs: number | undefined, random = Math.random): RetryWait {
  if (retryAfterMs !== undefined) {
    if (retryAfterMs > policy.maxDelayMs)
      return { skip: `Retry-After asks for ${formatWait(retryAfterMs)}, longer than retry.max_delay_ms (${formatWait(policy.maxDelayMs)})` }
    return { ms: retryAfterMs }
  }
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1))
  return { ms: Math.floor(random() * ceiling) }
}
