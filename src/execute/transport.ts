import { Agent, request, errors as undiciErrors } from 'undici'
import { performance } from 'node:perf_hooks'

export interface HttpRequest {
  url: string
  method: string
  headers: Record<string, string>
  body?: string
  /** Covers connecting, waiting for headers and reading the whole body. */
  timeoutMs: number
}

export interface HttpResponse {
  status: number
  headers: Record<string, string | string[] | undefined>
  text: string
  latencyMs: number
  /** Extra attempts this answer took (see retry.ts); absent means none. */
  retries?: number
}

/**
 * An endpoint or protocol failure. `code` is stable and documented: CONNECTION_REFUSED,
 * CONNECTION_RESET, TIMEOUT, HTTP_STATUS, BAD_RESPONSE, NETWORK, and ABORTED (the run was
 * interrupted or hit --max-duration while the request was in flight).
 */
export class EndpointError extends Error {
  /** Extra attempts made before this error (503/429 retries), for the turn's `retries`. */
  retries?: number
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
 * All networking goes through here: one keep-alive undici Agent for the run, a hard per-request
 * deadline, and failures classified into EndpointError codes.
 */
export function createTransport(opts: { connections: number; abort?: AbortSignal }): Transport {
  const agent = new Agent({ connections: opts.connections, keepAliveTimeout: 10_000, keepAliveMaxTimeout: 60_000 })
  return {
    async send(req) {
      const deadline = AbortSignal.timeout(req.timeoutMs)
      const signal = opts.abort ? AbortSignal.any([deadline, opts.abort]) : deadline
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
        const text = await readText(res.body, signal)
        return { status: res.statusCode, headers: res.headers, text, latencyMs: performance.now() - started }
      } catch (err) {
        if (opts.abort?.aborted) throw new EndpointError('ABORTED', `request cancelled: ${String(opts.abort.reason)}`)
        throw classify(err, signal, req.timeoutMs)
      }
    },
    async close() {
      await agent.close()
    },
  }
}

async function readText(body: AsyncIterable<Buffer> & { text(): Promise<string> }, signal: AbortSignal): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of body) {
    size += chunk.length
    if (size > MAX_RESPONSE_BYTES) throw new EndpointError('BAD_RESPONSE', `response body larger than ${MAX_RESPONSE_BYTES} bytes`)
    chunks.push(chunk)
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
