import { randomInt } from 'node:crypto'

/** A small seeded pseudo-random source for generation choices (which variant, which branch). */
export interface Rng {
  /** A float in [0, 1). */
  next(): number
  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number
}

/** The largest seed accepted on the command line (fits in 32 bits, so it prints short). */
export const MAX_SEED = 2 ** 32 - 1

/** A fresh run seed when none was given; printed and recorded so the run can be repeated. */
export function randomSeed(): number {
  return randomInt(0, MAX_SEED)
}

/**
 * A 32-bit hash of the parts (cyrb53, folded): the per-case seed comes from the run seed and the
 * case id, so a case's data never depends on which other cases ran or in what order.
 */
export function hashSeed(...parts: (string | number)[]): number {
  const text = parts.join('\u0000')
  let h1 = 0xdeadbeef
  let h2 = 0x41c6ce57
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i)
    h1 = Math.imul(h1 ^ ch, 2654435761)
    h2 = Math.imul(h2 ^ ch, 1597334677)
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909)
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909)
  return (h1 ^ h2) >>> 0
}

/** mulberry32: tiny, fast, and good enough to pick variants. */
export function createRng(seed: number): Rng {
  let state = seed >>> 0
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return { next, int: (min, max) => min + Math.floor(next() * (max - min + 1)) }
}
