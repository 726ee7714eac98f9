import { DEFAULT_RETRY } from '../network/retry.js'
import type { Adapter, AdapterSession } from './adapter.js'
import { createCookieJar } from '../network/cookie-jar.js'
import type { AdapterContext } from './endpoint.js'
import { callSession, compileSession } from './http-session.js'
import { EndpointError } from '../network/endpoint-error.js'
import type { HttpResponse } from '../network/transport.js'
import { expectOk, isTextBody, parseJson, quoteBody } from '../network/read-body.js'
import { compileRequest } from './request-template.js'
import { compileMapping, mapReply, type CompiledMapping } from './response-mapping.js'
import { isRecord } from '../util/is-record.js'

export const DEFAULT_BODY = { session_id: '{{session_id}}', user_id: '{{user_id}}', message: '{{message}}' }

const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/json' }

/**
 * A generic HTTP endpoint, fully described by configuration: an optional session-start request
 * whose captured values fill `{{session.<name>}}` in later URLs, headers and bodies, cookies kept
 * per conversation, an optional end request, and a response mapping (JSON paths, or the whole
 * body for text replies). Templates are compiled once; each turn renders them with
 * `{message, session_id, user_id, turn, vars, session}`.
 */
export function createHttpAdapter(ctx: AdapterContext): Adapter {
  const { endpoint, transport, redact } = ctx
  const request = compileRequest({ ...endpoint, body: endpoint.body ?? DEFAULT_BODY }, { headers: JSON_HEADERS })
  const session = compileSession(endpoint.session, endpoint.headers)
  const mapping = compileMapping(endpoint.response)
  const retry = endpoint.retry ?? DEFAULT_RETRY
  const timeoutMs = endpoint.timeoutMs

  return {
    target: redact(endpoint.url),
    async open({ sessionId, userId }): Promise<AdapterSession> {
      const jar = createCookieJar()
      const scope = { session_id: sessionId, user_id: userId, session: {} as Record<string, unknown> }
      const call = { transport, jar, timeoutMs, retry, redact }
      if (session.start) scope.session = await callSession(session.start, { ...call, scope, what: 'session start: ' })
      return {
        async send(input) {
          const rendered = request.render({
            session_id: scope.session_id,
            user_id: scope.user_id,
            session: scope.session,
            message: input.message,
            turn: input.turn,
            vars: input.vars,
          })
          const cookie = jar.header()
          const headers = cookie ? { ...rendered.headers, cookie } : rendered.headers
          const res = await transport.send({ url: rendered.url, method: rendered.method, headers, body: rendered.body, timeoutMs, retry })
          jar.store(res.headers['set-cookie'])
          expectOk(res, redact)
          const reply = isTextBody(res, endpoint.response?.format)
            ? { text: res.text, entities: [], body: res.text }
            : mapReply(mapping, jsonReply(res, mapping, redact))
          return { reply, latencyMs: res.latencyMs, retries: res.retries, attempts: res.attempts }
        },
        async end() {
          if (session.end) await callSession(session.end, { ...call, scope, what: 'session end: ' })
        },
      }
    },
    close: () => transport.close(),
  }
}

/** The parsed body; BAD_RESPONSE when it is not an object and the mapping does not read the root. */
function jsonReply(res: HttpResponse, mapping: CompiledMapping, redact: (s: string) => string): unknown {
  const body = parseJson(res, redact)
  if (mapping.readsRoot || isRecord(body)) return body
  const kind = body === null ? 'null' : Array.isArray(body) ? 'a list' : `a ${typeof body}`
  const err = new EndpointError(
    'BAD_RESPONSE',
    `response is JSON ${kind}, not an object: ${quoteBody(res.text, redact)} (map it with endpoint.response, e.g. reply: $[*].text, or format: text)`,
    res.status,
  )
  err.retries = res.retries
  throw err
}
