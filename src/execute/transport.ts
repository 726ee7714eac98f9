import { Agent, request, errors as undiciErrors } from 'undici'
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

export type EndpointErrorCode = 'CONNECTION_REFUSED' | 'CONNECTION_RESET' | 'TIMEOUT' | 'HTTP_STATUS' | 'BAD_RESPONSE' | 'NETWORK' | 'ABORTED'

/**
 * An endpoint or protocol failure. `code` is stable and documented: CONNECTION_REFUSED,
 * CONNECTION_RESET, TIMEOUT, HTTP_STATUS, BAD_RESPONSE, NETWORK, and ABORTED (the run was
 * interrupted or hit --max-duration while the request was in flight).
 */
export class EndpointError extends Error {
  /** Attempts beyond the first made before giving up. */
  retries = 0
  constructor(readonly code: string, message: string, readonly status?: number) {
    super(message)
    this.name = 'EndpointError'
  }
}

export interface Transport {
  send(req: HttpRequest): Promise<HttpResponse>
  close(): Promise<void>
}

/** Responses larger than this are cut off and reported as BAD_RESPONSE: no chat reply is this big. */
const MAX_RESPONSE_BYTES = 8 * 1024 * 1024

/**
 * All networking goes through here: one keep-alive undici Agent for the run, the run's rate
 * limit (taken once per attempt), a hard per-attempt deadline, retries with backoff honouring
 * Retry-After, and failures classified into EndpointError codes. A response with any status is
 * returned; adapters decide which statuses are errors.
 */
export function createTransport(opts: { connections: number; rate?: RateLimiter; abort?: AbortSignal }): Transport {
  const agent = new Agent({ connections: opts.connections, keepAliveTimeout: 10_000, keepAliveMaxTimeout: 60_000 })
  const rate = opts.rate ?? UNLIMITED
  // One controller per attempt, aborted by its own timer or by the run's abort signal. Cheaper
  // per request than AbortSignal.timeout + AbortSignal.any, which showed up in profiles.
  const inflight = new Set<AbortController>()
  opts.abort?.addEventListener('abort', () => inflight.forEach((c) => c.abort(opts.abort!.reason)), { once: true })
  const attempt = async (req: HttpRequest): Promise<Omit<HttpResponse, 'retries'>> => {
    await rate.take()
    const controller = new AbortController()
    const signal = controller.signal
    if (opts.abort?.aborted) controller.abort(opts.abort.reason)
    inflight.add(controller)
    const timer = setTimeout(() => controller.abort(new Error(`timeout after ${req.timeoutMs} ms`)), req.timeoutMs)
    const started = performance.now()
    try {
      const res = await request(req.url, {
        method: req.method as 'POST',
        headers: req.headers,
        body: req.body,
        dispatcher: agent,
        signal,
        headersTimeout: req.timeoutMs,
        bodyTimeout: req.timeoutMs,
      })
      const text = await readText(res.body, signal, req.onChunk)
      return { status: res.statusCode, headers: res.headers, text, latencyMs: performance.now() - started }
    } catch (err) {
      if (opts.abort?.aborted) throw new EndpointError('ABORTED', `request cancelled: ${String(opts.abort.reason)}`)
      throw classify(err, signal, req.timeoutMs)
    } finally {
      clearTimeout(timer)
      inflight.delete(controller)
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
        if (opts.abort?.aborted || !shouldRetry(policy, n, { status: res.status })) return { ...res, retries: n - 1 }
        await sleep(retryDelay(policy, n, parseRetryAfter(res.headers['retry-after'])))
      }
    },
    async close() {
      await agent.close()
    },
  }
}

async function readText(body: AsyncIterable<Buffer>, signal: AbortSignal, onChunk?: (text: string) => void): Promise<string> {
  const chunks: Buffer[] = []
  const decoder = new TextDecoder()
  let size = 0
  for await (const chunk of body) {
    size += chunk.length
    if (size > MAX_RESPONSE_BYTES) throw new EndpointError('BAD_RESPONSE', `response body larger than ${MAX_RESPONSE_BYTES} bytes`)
    chunks.push(chunk)
    onChunk?.(decoder.decode(chunk, { stream: true }))
    // A body still arriving at the deadline is a timeout, not a short reply.
    signal.throwIfAborted()
  }
  return Buffer.concat(chunks).toString('utf8')
}

function classify(err: unknown, signal: AbortSignal, timeoutMs: number): EndpointError {
  if (err instanceof EndpointError) return err
  if (signal.aborted || err instanceof undiciErrors.HeadersTimeoutError || err instanceof undiciErrors.BodyTimeoutError || err instanceof undiciErrors.ConnectTimeoutError) {
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
