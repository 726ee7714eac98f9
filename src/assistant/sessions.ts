/**
 * A bounded in-memory session store: least-recently-used eviction past `maxSessions`, and an
 * optional idle TTL, so long fuzz runs against the reference assistant keep memory flat.
 */

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

export const DEFAULT_MAX_SESSIONS = 10_000

interface Slot<T> {
  value: T
  touchedAt: number
}

/**
 * Map iteration order is insertion order, and every access re-inserts, so the first entry is
 * always the least recently used one — and, with a TTL, the first to expire.
 */
export function createSessionStore<T>(options: SessionStoreOptions = {}): SessionStore<T> {
  const maxSessions = Math.max(1, Math.floor(options.maxSessions ?? DEFAULT_MAX_SESSIONS))
  const ttlMs = options.ttlMs
  const now = options.now ?? Date.now
  const slots = new Map<string, Slot<T>>()

  const expired = (slot: Slot<T>, at: number) => ttlMs !== undefined && at - slot.touchedAt > ttlMs

  function prune(at: number): void {
    if (ttlMs === undefined) return
    for (const [id, slot] of slots) {
      if (!expired(slot, at)) break
      slots.delete(id)
    }
  }

  return {
    get(id) {
      const at = now()
      const slot = slots.get(id)
      if (slot === undefined) return undefined
      slots.delete(id)
      if (expired(slot, at)) return undefined
      slot.touchedAt = at
      slots.set(id, slot)
      return slot.value
    },
    set(id, value) {
      const at = now()
      slots.delete(id)
      slots.set(id, { value, touchedAt: at })
      prune(at)
      while (slots.size > maxSessions) {
        const oldest = slots.keys().next()
        if (oldest.done) break
        slots.delete(oldest.value)
      }
    },
    delete: (id) => slots.delete(id),
    activeSessions() {
      prune(now())
      return slots.size
    },
    clear: () => slots.clear(),
  }
}
