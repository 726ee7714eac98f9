import type { ResponseMapping } from '../config/types.generated.js'
import { EndpointError, type Transport } from '../execute/transport.js'
import { compileJsonTemplate, renderJsonTemplate } from '../template/json-template.js'
import { compileTemplate, renderTemplate, type Template } from '../template/template.js'
import type { Adapter, AdapterSession } from './adapter.js'
import { compileMapping, mapReply } from './response-mapping.js'

/** A generic JSON-over-HTTP endpoint, fully described by configuration. */
export interface HttpEndpoint {
  url: string
  method: string
  headers: Record<string, string>
  /** Request body template; defaults to banter's shape `{session_id, user_id, message}`. */
  body?: unknown
  response?: ResponseMapping
  timeoutMs: number
}

export const DEFAULT_BODY = { session_id: '{{session_id}}', user_id: '{{user_id}}', message: '{{message}}' }

/** Bodies longer than this are cut in error messages. */
const SNIPPET = 200

/**
 * The request is built from templates compiled once here; each turn renders them with
 * `{message, session_id, user_id, turn, vars}`.
 */
export function createHttpAdapter(endpoint: HttpEndpoint, transport: Transport, redact: (s: string) => string): Adapter {
  const url = compileTemplate(endpoint.url)
  const headers = Object.entries({ 'content-type': 'application/json', accept: 'application/json', ...lowerKeys(endpoint.headers) })
    .map(([k, v]) => [k, compileTemplate(v)] as [string, Template])
  const body = compileJsonTemplate(endpoint.body ?? DEFAULT_BODY)
  const mapping = compileMapping(endpoint.response)
  const sendsBody = endpoint.method !== 'GET'

  return {
    target: redact(endpoint.url),
    async open({ sessionId, userId }): Promise<AdapterSession> {
      return {
        async send(input) {
          const scope = { message: input.message, session_id: sessionId, user_id: userId, turn: input.turn, vars: input.vars }
          const res = await transport.send({
            url: renderTemplate(url, scope),
            method: endpoint.method,
            headers: Object.fromEntries(headers.map(([k, v]) => [k, renderTemplate(v, scope)])),
            body: sendsBody ? JSON.stringify(renderJsonTemplate(body, scope)) : undefined,
            timeoutMs: endpoint.timeoutMs,
          })
          if (res.status < 200 || res.status >= 300) {
            const err = new EndpointError('HTTP_STATUS', `HTTP ${res.status}: ${redact(snippet(res.text))}`, res.status)
            err.retries = res.retries
            throw err
          }
          let parsed: unknown
          try {
            parsed = JSON.parse(res.text)
          } catch {
            throw new EndpointError('BAD_RESPONSE', `response is not valid JSON: ${redact(snippet(res.text)) || '(empty body)'}`, res.status)
          }
          return { reply: mapReply(mapping, parsed), latencyMs: res.latencyMs, retries: res.retries ?? 0 }
        },
        async end() {},
      }
    },
    close: () => transport.close(),
  }
}

function lowerKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]))
}

function snippet(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length > SNIPPET ? `${flat.slice(0, SNIPPET)}…` : flat
}
