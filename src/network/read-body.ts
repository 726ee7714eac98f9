import { clip } from '../secrets/redact.js'
// The error class from its own module, not transport.js: that loads undici, which `banter validate`
// (config loading reaches this file through http-session.ts) never needs.
import { EndpointError } from './endpoint-error.js'
import type { HttpResponse } from './transport.js'
import { nestedDeeperThan } from '../util/json-depth.js'

/** Bodies longer than this are cut in error messages (after redaction: see secrets/redact.ts). */
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

/**
 * JSON from an endpoint nested deeper than this is refused. Real replies nest a few levels; a
 * hostile one nested thousands deep would overflow the stack of every recursive step after
 * parsing (mapping, JSON.stringify, redaction, reporters), so it is stopped before any of them.
 */
const MAX_JSON_DEPTH = 256

/** Parses a JSON body or throws BAD_RESPONSE (not JSON, or nested deeper than MAX_JSON_DEPTH). */
export function parseJson(res: HttpResponse, redact: (s: string) => string, what = ''): unknown {
  let problem: string
  try {
    if (!nestedDeeperThan(res.text, MAX_JSON_DEPTH)) return JSON.parse(res.text)
    problem = `response is nested deeper than ${MAX_JSON_DEPTH} levels`
  } catch {
    problem = 'response is not valid JSON'
  }
  const err = new EndpointError('BAD_RESPONSE', `${what}${problem}: ${quoteBody(res.text, redact) || '(empty body)'}`, res.status)
  err.retries = res.retries
  if (res.attempts) err.attempts = res.attempts
  throw err
}

/** JSON.parse for endpoint text that is not a whole body (stream events, tool arguments): BAD_RESPONSE when too deep. */
export function parseJsonText(text: string, what: string): unknown {
  if (nestedDeeperThan(text, MAX_JSON_DEPTH)) badResponse(`${what} is nested deeper than ${MAX_JSON_DEPTH} levels`)
  return JSON.parse(text)
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
