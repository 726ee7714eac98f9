/**
 * A tiny table-driven router: exact path → method → handler, with JSON 404/405/500 responses.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { sendJson } from './http-io.js'

/** A node:http request listener. */
export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void

/** Handles one route; a rejection or throw becomes a 500 if nothing was sent yet. */
export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>

/** Exact path (no query string) → upper-case HTTP method → handler. */
export type Routes = Record<string, Partial<Record<string, RouteHandler>>>

/** The request path without query string or fragment. */
function requestPath(req: IncomingMessage): string {
  const url = req.url ?? '/'
  const cut = url.search(/[?#]/)
  return cut === -1 ? url : url.slice(0, cut)
}

/**
 * Dispatches by exact path, then method. Unknown path → 404; known path, other method → 405
 * with an `Allow` header listing the route's methods.
 */
export function createRouter(routes: Routes): RequestHandler {
  const table = new Map(Object.entries(routes))
  return (req, res) => {
    const path = requestPath(req)
    const methods = table.get(path)
    if (methods === undefined) {
      sendJson(res, 404, { error: `not found: ${path}` })
      return
    }
    const method = (req.method ?? 'GET').toUpperCase()
    const handler = methods[method]
    if (handler === undefined) {
      const allow = Object.keys(methods).join(', ')
      sendJson(res, 405, { error: `method ${method} not allowed on ${path} (allowed: ${allow})` }, { allow })
      return
    }
    const fail = (err: unknown) => {
      sendJson(res, 500, { error: `internal error: ${err instanceof Error ? err.message : String(err)}` })
    }
    try {
      const done = handler(req, res)
      if (done instanceof Promise) done.catch(fail)
    } catch (err) {
      fail(err)
    }
  }
}
