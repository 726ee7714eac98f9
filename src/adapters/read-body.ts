import { clip } from '../config/redact.js'
// The error class from its own module, not transport.js: that loads undici, which `banter validate`
// (config loading reaches this file through http-session.ts) never needs.
import { EndpointError } from '../execute/transport-error.js'
import type { HttpResponse } from '../execute/transport.js'

/** Bodies longer than this are cut in error messages (after redaction: see config/redact.ts). */
const SNIPPET = 200

/**
 * Throws HTTP_STATUS for a non-2xx response, quoting (redacted) the start of the body and saying
 * why a status the retry policy covers was not retried.
 */
export function expectOk(res: HttpResponse, redact: (s: string) => string, what = ''): void {
  if (res.status >= 200 && res.status < 300) return
  const why = res.notRetried ? ` (not retried: ${res.notRetried})` : ''
  const err = new EndpointError('HTTP_STATUS', `${what}HTTP ${res.status}: ${quoteBody(res.text, redact)}${why}`, res.status)
  err.retries = res.retries
  if (res.attempts) err.attempts = res.attempts
  throw err
}

/** Parses a JSON body or throws BAD_RESPONSE. */
export function parseJson(res: HttpResponse, redact: (s: string) => string, what = ''): unknown {
  try {
    return JSON.parse(res.text)
  } catch {
    const err = new EndpointError('BAD_RESPONSE', `${what}response is not valid JSON: ${quoteBody(res.text, redact) || '(empty body)'}`, res.status)
    err.retries = res.retries
    if (res.attempts) err.attempts = res.attempts
    throw err
  }
}

/** True when the body should be read as plain text: `format: text`, or `auto` and a non-JSON content-type. */
export function isTextBody(res: HttpResponse, format: 'auto' | 'json' | 'text' = 'auto'): boolean {
  if (format !== 'auto') return format === 'text'
  const type = String(res.headers['content-type'] ?? '').toLowerCase()
  return type.startsWith('text/') && !type.includes('json')
}

/** The start of a body for a message: redacted first, then flattened and cut to SNIPPET characters. */
export function quoteBody(text: string, redact: (text: string) => string): string {
  return clip(text, SNIPPET, redact)
}

/** Throws BAD_RESPONSE with a message. */
export function badResponse(message: string): never {
  throw new EndpointError('BAD_RESPONSE', message)
}
