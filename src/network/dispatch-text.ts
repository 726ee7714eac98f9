import { TextDecoder } from 'node:util'
import type { Dispatcher } from 'undici'
import type { Target } from './client-pool.js'
import { EndpointError } from './endpoint-error.js'

/** The raw answer to one HTTP attempt: status, headers and the whole body as text. */
export interface RawResponse {
  status: number
  headers: Record<string, string | string[] | undefined>
  text: string
}

/** What an attempt sends; where it goes (origin and path) comes with its connection (client-pool.ts). */
export interface DispatchRequest {
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

/**
 * One HTTP attempt through undici's dispatch API, collecting the body into a buffer: undici's
 * handler for the request, its deadline, and its answer as a promise (`done`). This skips the
 * Readable stream and the AbortSignal plumbing of `request()`, which were a large share of
 * banter's CPU per turn. It is one object with its methods on the prototype, not a closure per
 * callback: at `-j 1000` a thousand of these wait 500 ms each, and every scavenge copies what
 * they hold.
 */
export class TextAttempt implements Dispatcher.DispatchHandler {
  readonly done: Promise<RawResponse>
  /**
   * When the request was written to a connected socket (performance.now() time; 0 until then):
   * after connecting. undici calls onRequestStart right before writing the request ("invoked
   * before request is dispatched on socket"), again if it re-sends it, so the last call counts.
   */
  sentAt = 0
  private resolve!: (value: RawResponse) => void
  private reject!: (err: Error) => void
  private controller: Dispatcher.DispatchController | undefined = undefined
  private settled = false
  private status = 0
  private headers: RawResponse['headers'] = {}
  private chunks: Buffer[] = []
  private size = 0
  private readonly decoder: TextDecoder | undefined
  private readonly timer: NodeJS.Timeout

  constructor(readonly req: DispatchRequest) {
    this.done = new Promise((resolve, reject) => {
      this.resolve = resolve
      this.reject = reject
    })
    this.decoder = req.onChunk ? new TextDecoder() : undefined
    // A body still arriving at the deadline is a timeout, not a short reply.
    this.timer = setTimeout(onDeadline, req.timeoutMs, this)
  }

  /** Sends the request on `dispatcher`; the outcome arrives through `done`. */
  start(dispatcher: Dispatcher, to: Target): void {
    const req = this.req
    try {
      dispatcher.dispatch(
        {
          origin: to.origin,
          path: to.path,
          method: req.method as Dispatcher.HttpMethod,
          headers: req.headers,
          body: req.body,
          headersTimeout: req.timeoutMs,
          bodyTimeout: req.timeoutMs,
        },
        this,
      )
    } catch (err) {
      this.finish(err as Error)
    }
  }

  /** Aborts the attempt (a run interrupted, the deadline): `done` rejects with `reason`. */
  cancel(reason: Error): void {
    this.controller?.abort(reason)
    this.finish(reason)
  }

  onRequestStart(c: Dispatcher.DispatchController): void {
    this.controller = c
    if (this.settled) c.abort(new Error('cancelled'))
    else this.sentAt = performance.now()
  }

  onResponseStart(_c: Dispatcher.DispatchController, statusCode: number, headers: RawResponse['headers']): void {
    this.status = statusCode
    this.headers = headers
  }

  onResponseData(_c: Dispatcher.DispatchController, chunk: Buffer): void {
    this.size += chunk.length
    if (this.size > MAX_RESPONSE_BYTES)
      return this.cancel(new EndpointError('BAD_RESPONSE', `response body larger than ${MAX_RESPONSE_BYTES} bytes`))
    this.chunks.push(chunk)
    // Only a success is streamed: a 429/503 body before a retry is no part of the reply.
    if (this.decoder && this.status >= 200 && this.status < 300) this.req.onChunk!(this.decoder.decode(chunk, { stream: true }))
  }

  onResponseEnd(): void {
    // One chunk (most replies) is decoded as it is, without a copy.
    const chunks = this.chunks
    const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)
    this.finish(undefined, { status: this.status, headers: this.headers, text: body.toString('utf8') })
  }

  onResponseError(_c: Dispatcher.DispatchController, err: Error): void {
    this.finish(err)
  }

  private finish(err: Error | undefined, value?: RawResponse): void {
    if (this.settled) return
    this.settled = true
    clearTimeout(this.timer)
    if (err) this.reject(err)
    else this.resolve(value!)
  }
}

function onDeadline(attempt: TextAttempt): void {
  attempt.cancel(new DeadlineError(attempt.req.timeoutMs))
}
