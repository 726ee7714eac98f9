import { describe, expect, it } from 'vitest'
import { createSessionStore } from '../../../src/assistant/sessions.js'

describe('createSessionStore', () => {
  it('stores and returns values', () => {
    const store = createSessionStore<number>()
    store.set('a', 1)
    expect(store.get('a')).toBe(1)
    expect(store.get('b')).toBeUndefined()
    expect(store.activeSessions()).toBe(1)
  })

  it('evicts the least recently used session beyond maxSessions', () => {
    const store = createSessionStore<number>({ maxSessions: 2 })
    store.set('a', 1)
    store.set('b', 2)
    store.get('a')
    store.set('c', 3)
    expect(store.get('b')).toBeUndefined()
    expect(store.get('a')).toBe(1)
    expect(store.get('c')).toBe(3)
    expect(store.activeSessions()).toBe(2)
  })

  it('stays bounded under many sessions', () => {
    const store = createSessionStore<number>({ maxSessions: 100 })
    for (let i = 0; i < 10_000; i++) store.set(`s${i}`, i)
    expect(store.activeSessions()).toBe(100)
    expect(store.get('s9999')).toBe(9999)
    expect(store.get('s0')).toBeUndefined()
  })

  it('forgets sessions idle longer than the TTL', () => {
    let now = 0
    const store = createSessionStore<number>({ ttlMs: 1000, now: () => now })
    store.set('a', 1)
    store.set('b', 2)
    now = 600
    expect(store.get('a')).toBe(1)
    now = 1500
    expect(store.activeSessions()).toBe(1)
    expect(store.get('b')).toBeUndefined()
    expect(store.get('a')).toBe(1)
    now = 3000
    expect(store.get('a')).toBeUndefined()
    expect(store.activeSessions()).toBe(0)
  })

  it('deletes and clears', () => {
    const store = createSessionStore<number>()
    store.set('a', 1)
    store.set('b', 2)
    expect(store.delete('a')).toBe(true)
    expect(store.activeSessions()).toBe(1)
    store.clear()
    expect(store.activeSessions()).toBe(0)
  })
})
