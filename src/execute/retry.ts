import type { EndpointErrorCode } from './transport.js'

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
  /** No wait is longer than this, whatever Retry-After asks. */
  maxDelayMs: number
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 3, on: ['connection_refused', 429, 503], baseDelayMs: 200, maxDelayMs: 30_000 }
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

/**
 * The wait before retry number `retry` (1-based): Retry-After when the server gave one, else
 * exponential backoff with full jitter; capped at maxDelayMs either way.
 */
export function retryDelay(policy: RetryPolicy, retry: number, retryAfterMs: number | undefined, random = Math.random): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, policy.maxDelayMs)
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1))
  return Math.floor(random() * ceiling)
}
