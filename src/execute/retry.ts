/**
 * Retries for answers that say "try again later": 503 and 429. Only those: they mean the request
 * was not processed, so sending it again cannot advance the assistant's dialogue twice. A reset,
 * a timeout or a 500 may come after the turn was processed, so they are never retried.
 */
import type { HttpResponse, Transport } from './transport.js'

/** Options for withRetries. */
export interface RetryOptions {
  /** Retries per request after the first attempt. Default 2; 0 disables retrying. */
  retries?: number
  /** Longest wait honoured from Retry-After; a longer one is not retried. Default 5000 ms. */
  maxWaitMs?: number
  /** Wait when there is no Retry-After header. Default 200 ms, doubled per attempt. */
  baseDelayMs?: number
  /** Cancels a pending wait (interrupts, --max-duration). */
  abort?: AbortSignal
}

export const DEFAULT_RETRIES = 2
const RETRYABLE = new Set([429, 503])

/** A transport whose responses carry `retries`: how many extra attempts the answer took. */
export function withRetries(inner: Transport, opts: RetryOptions = {}): Transport {
  const retries = opts.retries ?? DEFAULT_RETRIES
  return {
    async send(req) {
      let attempt = 0
      for (;;) {
        const res = await inner.send(req)
        const wait = RETRYABLE.has(res.status) && attempt < retries ? retryDelayMs(res, attempt, opts) : undefined
        if (wait === undefined || opts.abort?.aborted) return { ...res, retries: attempt }
        await sleep(wait, opts.abort)
        if (opts.abort?.aborted) return { ...res, retries: attempt }
        attempt++
      }
    },
    close: () => inner.close(),
  }
}

/** Milliseconds to wait before the next attempt, or undefined when the server asks for too long. */
export function retryDelayMs(res: Pick<HttpResponse, 'headers'>, attempt: number, opts: RetryOptions = {}): number | undefined {
  const header = res.headers['retry-after']
  const value = Array.isArray(header) ? header[0] : header
  const base = (opts.baseDelayMs ?? 200) * 2 ** attempt
  if (value === undefined || value.trim() === '') return base
  const seconds = Number(value)
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(value) - Date.now()
  if (!Number.isFinite(ms)) return base
  return ms > (opts.maxWaitMs ?? 5000) ? undefined : Math.max(0, ms)
}

function sleep(ms: number, abort?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms)
    function done() {
      clearTimeout(timer)
      abort?.removeEventListener('abort', done)
      resolve()
    }
    abort?.addEventListener('abort', done, { once: true })
  })
}
