import type { Session, SessionRequest } from '../core/config.types.generated.js'
import type { RetryPolicy } from '../network/retry.js'
import type { Transport } from '../network/transport.js'
import { compilePath, select, type CompiledPath } from '../template/path.js'
import type { Scope } from '../template/template.js'
import type { CookieJar } from '../network/cookie-jar.js'
import { badResponse, expectOk, parseJson } from '../network/read-body.js'
import { compileRequest, type RequestTemplate } from './request-template.js'

/** One compiled session request (start or end) and the values it captures. */
interface CompiledSessionRequest {
  request: RequestTemplate
  capture: [string, CompiledPath][]
}

export interface CompiledSession {
  start?: CompiledSessionRequest
  end?: CompiledSessionRequest
}

/** Compiles `endpoint.session`; throws PathSyntaxError for a bad capture path. */
export function compileSession(session: Session | undefined, headers: Record<string, string>): CompiledSession {
  const one = (req: SessionRequest | undefined): CompiledSessionRequest | undefined =>
    req && {
      request: compileRequest(req, { headers: { 'content-type': 'application/json', accept: 'application/json', ...headers } }),
      capture: Object.entries(req.capture ?? {}).map(([name, path]) => [name, compilePath(path)]),
    }
  return { start: one(session?.start), end: one(session?.end) }
}

export interface SessionCall {
  transport: Transport
  scope: Scope
  jar: CookieJar
  timeoutMs: number
  retry?: RetryPolicy
  redact: (s: string) => string
  what: string
}

/** Sends a session request and returns the captured values (strings or numbers as found). */
export async function callSession(req: CompiledSessionRequest, call: SessionCall): Promise<Record<string, unknown>> {
  const rendered = req.request.render(call.scope)
  const cookie = call.jar.header()
  const res = await call.transport.send({
    ...rendered,
    headers: cookie ? { ...rendered.headers, cookie } : rendered.headers,
    timeoutMs: call.timeoutMs,
    retry: call.retry,
  })
  call.jar.store(res.headers['set-cookie'])
  expectOk(res, call.redact, call.what)
  if (req.capture.length === 0) return {}
  const body = parseJson(res, call.redact, call.what)
  const values = req.capture.map(([name, path]) => [name, select(path, body)] as const)
  const missing = values.find(([, v]) => v === undefined || v === null)
  if (missing) badResponse(`${call.what}capture "${missing[0]}": nothing at ${req.capture.find(([n]) => n === missing[0])![1].source}`)
  return Object.fromEntries(values)
}
