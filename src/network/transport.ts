import { errors as undiciErrors } from 'undici'
import { performance } from 'node:perf_hooks'
import type { TurnAttempt } from '../report/model.js'
import { createClientPool, type Lease } from './client-pool.js'
import { DeadlineError, TextAttempt, type RawResponse } from './dispatch-text.js'
import { EndpointError, type EndpointErrorCode } from './endpoint-error.js'
import { UNLIMITED, type RateLimiter } from './rate-limit.js'
import { NO_RETRY, parseRetryAfter, retryWait, shouldRetry, type RetryPolicy } from './retry.js'
import { PLAIN_WAITS, WaitCancelled, type Waits } from './waits.js'

export interface HttpRequest {
  url: string
  method: string
  headers: Record<string, string>
  body?: string
  /** Covers one attempt: connecting, waiting for headers and reading the whole body. Backoff waits are not counted. */
  timeoutMs: number
  /** When to try again; default: never. */
  retry?: RetryPolicy
  /** Called with each decoded body chunk of a 2xx answer as it arrives (streaming replies). */
  onChunk?: (text: string) => void
}

export interface HttpResponse {
  status: number
  headers: Record<string, string | string[] | undefined>
  text: string
  /**
   * What the caller waited: from sending the first attempt to the end of the final answer's
   * body, retries and the waits between them included. "Sending" is the moment undici writes the
   * request to a connected socket, so time spent queued in banter (--rate, a busy connection
   * pool) before the first attempt is not counted.
   */
  latencyMs: number
  /** performance.now() when the first attempt was sent. */
  sentAt: number
  /** performance.now() when the final attempt was sent. */
  lastSentAt: number
  /** Attempts beyond the first. */
  retries: number
  /** Every attempt, when there was more than one. */
  attempts?: TurnAttempt[]
  /** Why the final answer was not retried although the policy covers its status (Retry-After too long, the run ending). */
  notRetried?: string
}

export { EndpointError } from './endpoint-error.js'

export interface Transport {
  send(req: HttpRequest): Promise<HttpResponse>
  close(): Promise<void>
}

export interface TransportOptions {
  connections: number
  rate?: RateLimiter
  /** Cancels the attempts in flight (the run interrupted or past its deadline). */
  abort?: AbortSignal
  /** Where retry waits are taken, so that they end with the run. Default: plain timers. */
  waits?: Waits
}

/** One attempt's outcome: an answer or a failure, with when it was sent and when it ended. */
interface Outcome {
  res?: RawResponse
  error?: EndpointError
  sentAt: number
  endAt: number
}

/**
 * All networking goes through here: the run's keep-alive connections (client-pool.ts), the run's rate
 * limit (taken once per attempt), a hard per-attempt deadline, retries with backoff honouring
 * Retry-After, and failures classified into EndpointError codes. A response with any status is
 * returned; adapters decide which statuses are errors.
 */
export function createTransport(opts: TransportOptions): Transport {
  const clients = createClientPool(opts.connections, { keepAliveTimeout: 10_000, keepAliveMaxTimeout: 60_000 })
  const rate = opts.rate ?? UNLIMITED
  const waits = opts.waits ?? PLAIN_WAITS
  // The attempts in flight, so an interrupted run cancels them all at once.
  const inflight = new Set<TextAttempt>()
  opts.abort?.addEventListener('abort', () => inflight.forEach((a) => a.cancel(new Error(String(opts.abort!.reason)))), { once: true })
  const attempt = async (req: HttpRequest): Promise<Outcome> => {
    const dispatched = performance.now()
    let call: TextAttempt | undefined
    let lease: Lease | undefined
    try {
      const leased = clients.lease(req.url)
      lease = leased instanceof Promise ? await leased : leased
      if (opts.abort?.aborted) throw new Error('aborted')
      call = new TextAttempt(req)
      inflight.add(call)
      call.start(lease.client, lease.target)
      const res = await call.done
      return { res, sentAt: call.sentAt || dispatched, endAt: performance.now() }
    } catch (err) {
      const error = opts.abort?.aborted
        ? new EndpointError('ABORTED', `request cancelled: ${String(opts.abort.reason)}`)
        : classify(err, req.timeoutMs)
      // A request that failed before it was written (refused, cancelled in the queue) counts from its dispatch.
      return { error, sentAt: call?.sentAt || dispatched, endAt: performance.now() }
    } finally {
      if (call) inflight.delete(call)
      if (lease) clients.release(lease)
    }
  }
  return {
    async send(req) {
      const policy = req.retry ?? NO_RETRY
      const tried: TurnAttempt[] = []
      let first: Outcome | undefined
      let last: Outcome | undefined
      let notRetried: string | undefined
      for (let n = 1; ; n++) {
        try {
          await rate.take()
        } catch (err) {
          if (!(err instanceof WaitCancelled)) throw err
          if (!last) throw new EndpointError('ABORTED', `request not sent: ${err.message}`)
          notRetried = err.message
          break
        }
        const previous = last
        last = await attempt(req)
        first ??= last
        if (previous) tried.at(-1)!.waitMs = last.sentAt - previous.endAt
        tried.push(record(last))
        if (opts.abort?.aborted) break
        if (!shouldRetry(policy, n, last.error ? { code: last.error.code as EndpointErrorCode } : { status: last.res!.status })) break
        const wait = retryWait(policy, n, last.res && parseRetryAfter(last.res.headers['retry-after']))
        if ('skip' in wait) {
          notRetried = wait.skip
          break
        }
        try {
          await waits.wait(wait.ms, 'retry wait')
        } catch (err) {
          if (!(err instanceof WaitCancelled)) throw err
          notRetried = err.message
          break
        }
      }
      return settle(first!, last!, tried, notRetried)
    },
    close: () => clients.close(),
  }
}

function record(o: Outcome): TurnAttempt {
  const latencyMs = o.endAt - o.sentAt
  return o.res ? { status: o.res.status, latencyMs } : { code: o.error!.code, latencyMs }
}

/** The final answer (or the final failure, thrown) with the whole turn's timing and attempts. */
function settle(first: Outcome, last: Outcome, tried: TurnAttempt[], notRetried: string | undefined): HttpResponse {
  const attempts = tried.length > 1 ? tried : undefined
  const retries = tried.length - 1
  if (last.error) {
    const err = last.error
    if (notRetried) err.message += ` (not retried: ${notRetried})`
    err.retries = retries
    if (attempts) err.attempts = attempts
    throw err
  }
  const res = last.res!
  // Written out rather than spread: this runs once per request.
  const answer: HttpResponse = {
    status: res.status,
    headers: res.headers,
    text: res.text,
    latencyMs: last.endAt - first.sentAt,
    sentAt: first.sentAt,
    lastSentAt: last.sentAt,
    retries,
  }
  if (attempts) answer.attempts = attempts
  if (notRetried) answer.notRetried = notRetried
  return answer
}

function classify(err: unknown, timeoutMs: number): EndpointError {
  if (err instanceof EndpointError) return err
  if (
    err instanceof DeadlineError ||
    err instanceof undiciErrors.HeadersTimeoutError ||
    err instanceof undiciErrors.BodyTimeoutError ||
    err instanceof undiciErrors.ConnectTimeoutError
  ) {
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
