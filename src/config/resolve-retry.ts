import { DEFAULT_RETRY, type RetryPolicy } from '../network/retry.js'
import type { Retry } from '../core/config.types.generated.js'

/** `endpoint.retry` over the defaults (3 attempts on connection_refused, 429, 503). */
export function resolveRetry(retry: Retry | undefined): RetryPolicy {
  return {
    attempts: retry?.attempts ?? DEFAULT_RETRY.attempts,
    on: retry?.on ?? DEFAULT_RETRY.on,
    baseDelayMs: retry?.base_delay_ms ?? DEFAULT_RETRY.baseDelayMs,
    maxDelayMs: retry?.max_delay_ms ?? DEFAULT_RETRY.maxDelayMs,
  }
}
