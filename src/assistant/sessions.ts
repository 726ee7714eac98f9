/**
 * A bounded in-memory session store: least-recently-used eviction past `maxSessions`, and an
 * optional idle TTL, so long fuzz runs against the reference assistant keep memory flat.
 *
 * Built on lru-cache (a linked list over arrays). The store used to keep recency by deleting and
 * re-inserting Map entries; V8 leaves each deleted entry in its key's hash chain until the next
 * rehash, so one busy session (a load test with a fixed session id) cost O(sessions) per request:
 * 25 µs per lookup with 5,000 sessions, a quarter of the assistant's CPU.
 */
import { LRUCache } from 'lru-cache'

/** Options for `createSessionStore`. */
export interface SessionStoreOptions {
  /** Most sessions kept; the least recently used is evicted beyond this. Default 10,000. */
  maxSessions?: number
  /** Sessions idle for longer than this are forgotten. Default: never. */
  ttlMs?: number
  /** Clock in milliseconds, injectable for tests. Default `Date.now`. */
  now?: () => number
}

/** A bounded map from session id to per-session state. */
export interface SessionStore<T> {
  /** The session's state, refreshing its recency; undefined if unknown or expired. */
  get(id: string): T | undefined
  /** Stores the session's state as most recently used, evicting the oldest over capacity. */
  set(id: string, value: T): void
  delete(id: string): boolean
  /** Number of live (unexpired) sessions. */
  activeSessions(): number
  clear(): void
}

const DEFAULT_MAX_SESSIONS = 10_000

export function createSessionStore<T extends NonNullable<unknown>>(options: SessionStoreOptions = {}): SessionStore<T> {
  const max = Math.max(1, Math.floor(options.maxSessions ?? DEFAULT_MAX_SESSIONS))
  const now = options.now
  const cache = new LRUCache<string, T>({
    max,
    ...(options.ttlMs !== undefined ? { ttl: options.ttlMs, updateAgeOnGet: true, ttlResolution: 0 } : {}),
    ...(now ? { perf: { now } } : {}),
  })
  return {
    get: (id) => cache.get(id),
    set(id, value) {
      cache.set(id, value)
    },
    delete: (id) => cache.delete(id),
    activeSessions() {
      cache.purgeStale()
      return cache.size
    },
    clear: () => cache.clear(),
  }
}
