/**
 * Small node:http helpers shared by the reference assistant's routes: bounded body reading and
 * JSON responses.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'

/** Request bodies larger than this are refused with 413. */
export const MAX_BODY_BYTES = 64 * 1024

const JSON_CONTENT_TYPE = 'application/json; charset=utf-8'

/** The outcome of reading a request body. */
export type BodyResult = { kind: 'ok'; text: string } | { kind: 'too_large' }

/** Writes `body` as JSON with the given status; extra headers are merged in. No-op if already sent. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.writableEnded) return
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'content-type': JSON_CONTENT_TYPE,
    'content-length': String(Buffer.byteLength(text)),
    ...headers,
  })
  res.end(text)
}

/**
 * Reads the whole body as UTF-8, up to `limit` bytes. A declared Content-Length over the limit
 * is refused before reading anything; otherwise reading stops (the stream is paused and no longer
 * buffered) as soon as the limit is passed. Rejects if the client aborts.
 */
export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<BodyResult> {
  const declared = Number(req.headers['content-length'])
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve({ kind: 'too_large' })
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const cleanup = () => {
      req.off('data', onData)
      req.off('end', onEnd)
      req.off('error', onError)
      req.off('aborted', onAborted)
    }
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) {
        cleanup()
        req.pause()
        resolve({ kind: 'too_large' })
        return
      }
      chunks.push(chunk)
    }
    const onEnd = () => {
      cleanup()
      resolve({ kind: 'ok', text: Buffer.concat(chunks).toString('utf8') })
    }
    const onError = (err: Error) => {
      cleanup()
      reject(err)
    }
    const onAborted = () => onError(new Error('request aborted'))
    req.on('data', onData)
    req.on('end', onEnd)
    req.on('error', onError)
    req.on('aborted', onAborted)
  })
}

/** Responds 413 and closes the connection, since the rest of the body will not be read. */
export function sendTooLarge(res: ServerResponse, limit = MAX_BODY_BYTES): void {
  sendJson(res, 413, { error: `request body too large (limit ${limit} bytes)` }, { connection: 'close' })
}
