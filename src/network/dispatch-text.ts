import type { Dispatcher } from 'undici'
import type { Target } from './client-pool.js'
import { EndpointError } from './endpoint-error.js'

/** The raw answer to one HTTP attempt: status, headers and the whole body as text. */
export interface RawResponse {
  status: number
  headers: Record<string, string | string[] | undefined>
  text: string
}

export interface DispatchRequest {
  url: string
  method: string
  headers: Record<string, string>
  body?: string
  timeoutMs: number
  onChunk?: (text: string) => void
}

/** The attempt ran past its deadline (connect, headers and body together). */
export class DeadlineError extends Error {
  constructor(timeoutMs: number) {
    super(`no complete response within ${timeoutMs} ms`)
    this.name = 'DeadlineError'
  }
}

/** Responses larger than this are cut off and reported as BAD_RESPONSE: no chat reply is this big. */
const MAX_RESPONSE_BYTES = 8 * 1024 * 1024

/** What the caller learns while an attempt runs. */
export interface DispatchHooks {
  /** Gets the function that aborts the attempt (a run interrupted). */
  onCancel: (cancel: (reason: Error) => void) => void
  /**
   * The request is being written to a connected socket (performance.now() time): after any wait
   * for a free connection in undici's pool and after connecting. undici calls its handler's
   * onRequestStart right before writing the request ("invoked before request is dispatched on
   * socket"), again if it re-sends it, so the last call is the one that counts.
   */
  onSent?: (at: number) => void
}

/**
 * One HTTP attempt through undici's dispatch API, collecting the body into a buffer. This skips
 * the Readable stream and the AbortSignal plumbing of `request()`, which were a large share of
 * banter's CPU per turn.
 */
export function dispatchText(dispatcher: Dispatcher, url: Target, req: DispatchRequest, hooks: DispatchHooks): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    let controller: Dispatcher.DispatchController | undefined
    let settled = false
    let status = 0
    let headers: RawResponse['headers'] = {}
    const chunks: Buffer[] = []
    let size = 0
    const decoder = req.onChunk ? new TextDecoder() : undefined
    const finish = (err: Error | undefined, value?: RawResponse) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      if (err) reject(err)
      else resolve(value!)
    }
    const cancel = (reason: Error) => {
      controller?.abort(reason)
      finish(reason)
    }
    // A body still arriving at the deadline is a timeout, not a short reply.
    const timer = setTimeout(() => cancel(new DeadlineError(req.timeoutMs)), req.timeoutMs)
    hooks.onCancel(cancel)
    const handler: Dispatcher.DispatchHandler = {
      onRequestStart(c) {
        controller = c
        if (settled) c.abort(new Error('cancelled'))
        else hooks.onSent?.(performance.now())
      },
      onResponseStart(_c, statusCode, responseHeaders) {
        status = statusCode
        headers = responseHeaders
      },
      onResponseData(_c, chunk) {
        size += chunk.length
        if (size > MAX_RESPONSE_BYTES)
          return cancel(new EndpointError('BAD_RESPONSE', `response body larger than ${MAX_RESPONSE_BYTES} bytes`))
        chunks.push(chunk)
        // Only a success is streamed: a 429/503 body before a retry is no part of the reply.
        if (decoder && status >= 200 && status < 300) req.onChunk!(decoder.decode(chunk, { stream: true }))
      },
      onResponseEnd() {
        // One chunk (most replies) is decoded as it is, without a copy.
        const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)
        finish(undefined, { status, headers, text: body.toString('utf8') })
      },
      onResponseError(_c, err) {
        finish(err)
      },
    }
    try {
      dispatcher.dispatch(
        {
          origin: url.origin,
          path: url.path,
          method: req.method as Dispatcher.HttpMethod,
          headers: req.headers,
          body: req.body,
          headersTimeout: req.timeoutMs,
          bodyTimeout: req.timeoutMs,
        },
        handler,
      )
    } catch (err) {
      finish(err as Error)
    }
  })
}
