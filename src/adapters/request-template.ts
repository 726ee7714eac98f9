import type { HttpRequest } from '../network/transport.js'
import { compileJsonTemplate, renderJsonTemplate, type JsonTemplate } from '../template/json-template.js'
import { compileTemplate, isLiteral, renderTemplate, type Scope, type Template } from '../template/template.js'

/** A request described in config, compiled once: URL, headers and body are templates. */
export interface RequestTemplate {
  render(scope: Scope): Pick<HttpRequest, 'url' | 'method' | 'headers' | 'body'>
}

export interface RequestSpec {
  url: string
  method?: string
  headers?: Record<string, string>
  body?: unknown
}

export function compileRequest(spec: RequestSpec, defaults: { headers?: Record<string, string> } = {}): RequestTemplate {
  const method = spec.method ?? 'POST'
  const url = compileTemplate(spec.url)
  const headers = Object.entries({ ...lowerKeys(defaults.headers ?? {}), ...lowerKeys(spec.headers ?? {}) }).map(
    ([k, v]) => [k, compileTemplate(v)] as [string, Template],
  )
  const body: JsonTemplate | undefined = spec.body === undefined || method === 'GET' ? undefined : compileJsonTemplate(spec.body)
  // Headers without placeholders (the usual case) are built once; callers copy before adding to them.
  const fixedHeaders = headers.every(([, v]) => isLiteral(v)) ? Object.freeze(renderHeaders(headers, {})) : undefined
  return {
    render(scope) {
      return {
        url: renderTemplate(url, scope),
        method,
        headers: fixedHeaders ?? renderHeaders(headers, scope),
        body: body && JSON.stringify(renderJsonTemplate(body, scope)),
      }
    },
  }
}

function renderHeaders(headers: [string, Template][], scope: Scope): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of headers) out[k] = renderTemplate(v, scope)
  return out
}

function lowerKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]))
}
