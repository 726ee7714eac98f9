// A loopback endpoint (127.0.0.1, port 0) that misbehaves on purpose, one way per path, so tests
// can point banter at `server.url('deep', { depth: 5000 })` and assert what it makes of it.
// Every request is answered (or left hanging) according to its path; close() ends everything.
import http from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

export type HostileMode =
  /** Reads the request and never answers. */
  | 'silent'
  /** Sends 200 and headers, then nothing. */
  | 'stall'
  /** A valid JSON reply, one byte every `ms` (default 200) milliseconds. */
  | 'drip'
  /** A valid JSON reply: `size` x's (default 7 MB, under the 8 MB cap), then `END`. */
  | 'huge'
  /** `{"reply": [[[…"x"…]]]}` nested `depth` levels (default 5,000). */
  | 'deep'
  /** A JSON body that is not an object: `body` (default `[1,2]`). */
  | 'non-object'
  /** Headers and half a body, then the connection is destroyed. */
  | 'reset'
  /** `status` (default 503) with `Retry-After: retry` (default 99999). */
  | 'retry-after'
  /** A reply, intent, action and entity full of ANSI escapes and control characters. */
  | 'ansi'
  /** `{"reply": "aaaa…a!"}` with `size` a's (default 50,000): the input that makes backtracking regexes explode. */
  | 'redos'

export interface HostileOptions {
  size?: number
  depth?: number
  body?: string
  ms?: number
  status?: number
  retry?: string
}

export interface HostileServer {
  /** The URL that behaves as `mode`. */
  url(mode: HostileMode, opts?: HostileOptions): string
  /** Requests seen, per mode. */
  hits: Record<string, number>
  close(): Promise<void>
}

/** The ANSI/control text sent by mode `ansi`: a colour, a screen clear, a title change, a bell, a backspace, C1 CSI, a bidi override. */
export const ANSI_TEXT = 'ok \u001b[31mRED\u001b[0m \u001b[2J\u001b]0;pwned\u0007 back\bspace \u009b1m \u202eevil\u202c end\r'

export async function startHostileServer(): Promise<HostileServer> {
  const sockets = new Set<Socket>()
  const timers = new Set<NodeJS.Timeout>()
  const hits: Record<string, number> = {}
  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t)
      fn()
    }, ms)
    timers.add(t)
  }
  const server = http.createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1')
      const mode = url.pathname.split('/')[1] as HostileMode
      hits[mode] = (hits[mode] ?? 0) + 1
      const opt = (name: string) => url.searchParams.get(name) ?? undefined
      answer(
        mode,
        {
          size: num(opt('size')),
          depth: num(opt('depth')),
          body: opt('body'),
          ms: num(opt('ms')),
          status: num(opt('status')),
          retry: opt('retry'),
        },
        res,
        later,
      )
    })
  })
  server.on('connection', (s) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url(mode, opts = {}) {
      const query = new URLSearchParams(Object.entries(opts).map(([k, v]): [string, string] => [k, String(v)])).toString()
      return `http://127.0.0.1:${port}/${mode}${query ? `?${query}` : ''}`
    },
    hits,
    close: () =>
      new Promise((resolve) => {
        timers.forEach(clearTimeout)
        timers.clear()
        sockets.forEach((s) => s.destroy())
        server.close(() => resolve())
      }),
  }
}

const num = (v: string | undefined) => (v === undefined ? undefined : Number(v))

function answer(mode: HostileMode, o: HostileOptions, res: http.ServerResponse, later: (ms: number, fn: () => void) => void): void {
  const json = (status: number, body: string, headers: http.OutgoingHttpHeaders = {}): void =>
    void res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(body)
  switch (mode) {
    case 'silent':
      return
    case 'stall':
      res.writeHead(200, { 'content-type': 'application/json' })
      res.flushHeaders()
      return
    case 'drip': {
      const body = JSON.stringify({ reply: 'slowly' })
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) })
      const step = (i: number) => {
        if (res.destroyed) return
        if (i >= body.length) return void res.end()
        res.write(body[i])
        later(o.ms ?? 200, () => step(i + 1))
      }
      return step(0)
    }
    case 'huge':
      return json(200, JSON.stringify({ reply: `${'x'.repeat(o.size ?? 7_000_000)}END`, intent: 'greet' }))
    case 'deep': {
      const depth = o.depth ?? 5_000
      return json(200, `{"reply":${'['.repeat(depth)}"x"${']'.repeat(depth)}}`)
    }
    case 'non-object':
      return json(200, o.body ?? '[1,2]')
    case 'reset': {
      const body = JSON.stringify({ reply: 'cut short', intent: 'greet' })
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) })
      res.write(body.slice(0, body.length >> 1))
      return void later(20, () => res.socket?.destroy())
    }
    case 'retry-after':
      return json(o.status ?? 503, '{"error":"busy"}', { 'retry-after': o.retry ?? '99999' })
    case 'ansi':
      return json(
        200,
        JSON.stringify({
          reply: ANSI_TEXT,
          intent: { name: `greet\u001b[8m`, confidence: 0.9 },
          action: 'act\u0007',
          entities: [{ type: 'order\u001b[1m', value: '1\u001b[2K2' }],
        }),
      )
    case 'redos':
      return json(200, JSON.stringify({ reply: `${'a'.repeat(o.size ?? 50_000)}!`, intent: 'greet' }))
    default:
      return json(404, `{"error":"unknown hostile mode ${String(mode)}"}`)
  }
}
