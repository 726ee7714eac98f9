import { Client } from 'undici'
import { EndpointError } from './endpoint-error.js'

/** Where a request goes: its origin (a connection's key) and the path sent on it. */
export interface Target {
  origin: string
  path: string
}

/**
 * Keep-alive connections per origin, up to `connections` each, lent to one request at a time.
 * undici's Pool looks for a free connection by scanning all of them, so at `-j 1000` every request
 * walks ~500 clients (~5% of banter's CPU, and a cache miss per client); here the free ones are a
 * stack. When every connection of an origin is lent, the request waits for the first one given
 * back, as it would in the Pool's queue (not counted in its latency, which starts when the request
 * is written). A run opens as many connections as it has workers, so a conversation does not wait
 * for another's.
 */
export interface ClientPool {
  /**
   * The connection for a request to `url`, and its parsed target: at once, or once one is given
   * back when all are lent. Throws EndpointError NETWORK for an invalid URL.
   */
  lease(url: string): Lease | Promise<Lease>
  /** Gives a lease's connection back once its request has ended (answered, failed or cancelled). */
  release(lease: Lease): void
  close(): Promise<void>
}

export interface Lease {
  client: Client
  target: Target
}

interface Origin {
  free: Client[]
  opened: number
  /** Requests waiting for a connection, first come first served. */
  waiting: ((client: Client) => void)[]
}

export function createClientPool(connections: number, options: Client.Options): ClientPool {
  const origins = new Map<string, Origin>()
  const all: Client[] = []
  let lastUrl: string | undefined
  let lastTarget: Target | undefined
  // Most runs send every request to one URL: the last one is kept parsed.
  const target = (url: string): Target => {
    if (url !== lastUrl || !lastTarget) {
      let parsed: URL
      try {
        parsed = new URL(url)
      } catch {
        throw new EndpointError('NETWORK', `invalid URL: ${url}`)
      }
      lastTarget = { origin: parsed.origin, path: `${parsed.pathname}${parsed.search}` }
      lastUrl = url
    }
    return lastTarget
  }
  return {
    lease(url) {
      const t = target(url)
      let o = origins.get(t.origin)
      if (!o) origins.set(t.origin, (o = { free: [], opened: 0, waiting: [] }))
      const free = o.free.pop()
      if (free) return { client: free, target: t }
      if (o.opened < connections) {
        const client = new Client(t.origin, options)
        o.opened++
        all.push(client)
        return { client, target: t }
      }
      const waiting = o.waiting
      return new Promise((resolve) => waiting.push((client) => resolve({ client, target: t })))
    },
    release({ client, target }) {
      const o = origins.get(target.origin)!
      const next = o.waiting.shift()
      if (next) next(client)
      else o.free.push(client)
    },
    async close() {
      await Promise.all(all.map((c) => c.close()))
    },
  }
}
