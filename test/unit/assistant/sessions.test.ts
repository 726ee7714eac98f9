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
    // A clock far from zero, like a real one (lru-cache reads a start time of 0 as "none").
    const t0 = 1_000_000
    let now = t0
    const store = createSessionStore<number>({ ttlMs: 1000, now: () => now })
    store.set('a', 1)
    store.set('b', 2)
    now = t0 + 600
    expect(store.get('a')).toBe(1)
    now = t0 + 1500
    expect(store.activeSessions()).toBe(1)
    expect(store.get('b')).toBeUndefined()
    expect(store.get('a')).toBe(1)
    now = t0 + 3000
    expect(store.get('a')).toBeUndefined()
    expect(store.activeSessions()).toBe(0)
  })

  it('keeps a busy session current among many others, and evicts the least recently used', () => {
    const store = createSessionStore<number>({ maxSessions: 6000 })
    for (let i = 0; i < 5000; i++) store.set(`s${i}`, i)
    for (let i = 0; i < 50_000; i++) store.set('busy', (store.get('busy') ?? 0) + 1)
    expect(store.get('busy')).toBe(50_000)
    for (let i = 5000; i < 5999; i++) store.set(`s${i}`, i)
    expect(store.get('busy')).toBe(50_000)
    expect(store.get('s0')).toBe(0)
    store.set('one-more', 1)
    expect(store.get('s1')).toBeUndefined()
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
