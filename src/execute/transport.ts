import { Agent, errors as undiciErrors } from 'undici'
import { DeadlineError, dispatchText } from './dispatch-text.js'
import { EndpointError, type EndpointErrorCode } from './transport-error.js'
import { performance } from 'node:perf_hooks'
import { setTimeout as sleep } from 'node:timers/promises'
import { UNLIMITED, type RateLimiter } from './rate-limit.js'
import { NO_RETRY, parseRetryAfter, retryDelay, shouldRetry, type RetryPolicy } from './retry.js'

export interface HttpRequest {
  url: string
  method: string
  headers: Record<string, string>
  body?: string
  /** Covers one attempt: connecting, waiting for headers and reading the whole body. Backoff waits are not counted. */
  timeoutMs: number
  /** When to try again; default: never. */
  retry?: RetryPolicy
  /** Called with each decoded body chunk as it arrives (streaming replies). */
  onChunk?: (text: string) => void
}

export interface HttpResponse {
  status: number
  headers: Record<string, string | string[] | undefined>
  text: string
  /** Time of the last attempt, from sending to the end of the body. */
  latencyMs: number
  /** Attempts beyond the first. */
  retries: number
}

export { EndpointError, type EndpointErrorCode } from './transport-error.js'

export interface Transport {
  send(req: HttpRequest): Promise<HttpResponse>
  close(): Promise<void>
}

/**
 * All networking goes through here: one keep-alive undici Agent for the run, the run's rate
 * limit (taken once per attempt), a hard per-attempt deadline, retries with backoff honouring
 * Retry-After, and failures classified into EndpointError codes. A response with any status is
 * returned; adapters decide which statuses are errors.
 */
export function createTransport(opts: { connections: number; rate?: RateLimiter; abort?: AbortSignal }): Transport {
  const agent = new Agent({ connections: opts.connections, keepAliveTimeout: 10_000, keepAliveMaxTimeout: 60_000 })
  const rate = opts.rate ?? UNLIMITED
  // Cancels for the attempts in flight, so an interrupted run stops them all at once.
  const inflight = new Set<(reason: Error) => void>()
  opts.abort?.addEventListener('abort', () => inflight.forEach((cancel) => cancel(new Error(String(opts.abort!.reason)))), { once: true })
  const attempt = async (req: HttpRequest): Promise<Omit<HttpResponse, 'retries'>> => {
    await rate.take()
    let cancel: ((reason: Error) => void) | undefined
    const started = performance.now()
    try {
      if (opts.abort?.aborted) throw new Error('aborted')
      const res = await dispatchText(agent, req, { onCancel: (c) => { cancel = c; inflight.add(c) } })
      return { status: res.status, headers: res.headers, text: res.text, latencyMs: performance.now() - started }
    } catch (err) {
      if (opts.abort?.aborted) throw new EndpointError('ABORTED', `request cancelled: ${String(opts.abort.reason)}`)
      throw classify(err, req.timeoutMs)
    } finally {
      if (cancel) inflight.delete(cancel)
    }
  }
  return {
    async send(req) {
      const policy = req.retry ?? NO_RETRY
      for (let n = 1; ; n++) {
        let res: Omit<HttpResponse, 'retries'>
        try {
          res = await attempt(req)
        } catch (err) {
          const failure = err as EndpointError
          if (opts.abort?.aborted || !shouldRetry(policy, n, { code: failure.code as EndpointErrorCode })) {
            failure.retries = n - 1
            throw failure
          }
          await sleep(retryDelay(policy, n, undefined))
          continue
        }
        if (opts.abort?.aborted || !shouldRetry(policy, n, { status: res.status })) return { status: res.status, headers: res.headers, text: res.text, latencyMs: res.latencyMs, retries: n - 1 }
        await sleep(retryDelay(policy, n, parseRetryAfter(res.headers['retry-after'])))
      }
    },
    async close() {
      await agent.close()
    },
  }
}

function classify(err: unknown, timeoutMs: number): EndpointError {
  if (err instanceof EndpointError) return err
  if (err instanceof DeadlineError || err instanceof undiciErrors.HeadersTimeoutError || err instanceof undiciErrors.BodyTimeoutError || err instanceof undiciErrors.ConnectTimeoutError) {
    return new EndpointError('TIMEOUT', `no complete response within ${timeoutMs} ms`)
  }
  const code = (err as { code?: string }).code ?? (err as { cause?: { code?: string } }).cause?.code
  if (code === 'ECONNREFUSED') return new EndpointError('CONNECTION_REFUSED', 'connection refused')
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || err instanceof undiciErrors.SocketError) {
    return new EndpointError('CONNECTION_RESET', 'connection closed before the response was complete')
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new EndpointError('NETWORK', `host not found (${code})`)
  return new EndpointError('NETWORK', `request failed: ${(err as Error).message ?? String(err)}${code ? ` (${code})` : ''}`)
}
