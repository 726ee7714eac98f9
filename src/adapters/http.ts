import { DEFAULT_RETRY } from '../network/retry.js'
import type { Adapter, AdapterSession } from './adapter.js'
import { createCookieJar, type CookieJar } from '../network/cookie-jar.js'
import type { AdapterContext } from './endpoint.js'
import { callSession, compileSession } from './http-session.js'
import { EndpointError } from '../network/endpoint-error.js'
import type { HttpResponse } from '../network/transport.js'
import { expectOk, isTextBody, parseJson, quoteBody } from '../network/read-body.js'
import { compileRequest } from './request-template.js'
import { compileMapping, mapReply, toolCallIds, type CompiledMapping } from './response-mapping.js'
import { compileToolLoop, runToolLoop, type Exchange } from './http-tools.js'
import type { RequestTemplate } from './request-template.js'
import { isRecord } from '../util/is-record.js'

export const DEFAULT_BODY = { session_id: '{{session_id}}', user_id: '{{user_id}}', message: '{{message}}' }

const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/json' }

/** A reply without tool calls has no ids to answer (one list for all of them). */
const NO_IDS: readonly (string | undefined)[] = []

/**
 * A generic HTTP endpoint, fully described by configuration: an optional session-start request
 * whose captured values fill `{{session.<name>}}` in later URLs, headers and bodies, cookies kept
 * per conversation, an optional end request, and a response mapping (JSON paths, or the whole
 * body for text replies), and an optional tool loop (`tool_results`, http-tools.ts). Templates
 * are compiled once; each turn renders them with `{message, session_id, user_id, turn, vars, session}`.
 */
export function createHttpAdapter(ctx: AdapterContext): Adapter {
  const { endpoint, transport, redact } = ctx
  const request = compileRequest({ ...endpoint, body: endpoint.body ?? DEFAULT_BODY }, { headers: JSON_HEADERS })
  const session = compileSession(endpoint.session, endpoint.headers)
  const mapping = compileMapping(endpoint.response)
  const retry = endpoint.retry ?? DEFAULT_RETRY
  const timeoutMs = endpoint.timeoutMs
  const toolLoop = compileToolLoop(endpoint.toolResults, endpoint, { headers: JSON_HEADERS })
  /** Sends a rendered request with the conversation's cookies (no async frame of its own: this is every turn's path). */
  const post = (jar: CookieJar, rendered: ReturnType<RequestTemplate['render']>): Promise<HttpResponse> => {
    const cookie = jar.header()
    const headers = cookie ? { ...rendered.headers, cookie } : rendered.headers
    return transport.send({ url: rendered.url, method: rendered.method, headers, body: rendered.body, timeoutMs, retry })
  }
  /** Keeps the answer's cookies, refuses an error status, and maps the reply (written out, not spread: every turn's path). */
  const answer = (jar: CookieJar, res: HttpResponse): Exchange => {
    jar.store(res.headers['set-cookie'])
    expectOk(res, redact)
    const { latencyMs, retries, attempts } = res
    if (isTextBody(res, endpoint.response?.format))
      return { reply: { text: res.text, entities: [], body: res.text }, callIds: NO_IDS, latencyMs, retries, attempts }
    const body = jsonReply(res, mapping, redact)
    const reply = mapReply(mapping, body)
    return { reply, callIds: reply.toolCalls ? toolCallIds(mapping, body) : NO_IDS, latencyMs, retries, attempts }
  }

  return {
    target: redact(endpoint.url),
    async open({ sessionId, userId }): Promise<AdapterSession> {
      const jar = createCookieJar()
      const scope = { session_id: sessionId, user_id: userId, session: {} as Record<string, unknown> }
      const call = { transport, jar, timeoutMs, retry, redact }
      if (session.start) scope.session = await callSession(session.start, { ...call, scope, what: 'session start: ' })
      return {
        async send(input) {
          const turnScope = {
            session_id: scope.session_id,
            user_id: scope.user_id,
            session: scope.session,
            message: input.message,
            turn: input.turn,
            vars: input.vars,
          }
          const first = answer(jar, await post(jar, request.render(turnScope)))
          if (toolLoop && input.toolResults && first.reply.toolCalls)
            return runToolLoop(toolLoop, first, input, turnScope, async (rendered) => answer(jar, await post(jar, rendered)))
          return { reply: first.reply, latencyMs: first.latencyMs, retries: first.retries, attempts: first.attempts }
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
