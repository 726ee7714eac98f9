import { randomInt } from 'node:crypto'
import type { Randomizer } from '@faker-js/faker'

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
  // The hash of parts.join('\u0000'), without building the joined string (three per generated case).
  let h1 = 0xdeadbeef
  let h2 = 0x41c6ce57
  for (let p = 0; p < parts.length; p++) {
    if (p > 0) {
      h1 = Math.imul(h1, 2654435761)
      h2 = Math.imul(h2, 1597334677)
    }
    const part = parts[p]!
    const text = typeof part === 'string' ? part : String(part)
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i)
      h1 = Math.imul(h1 ^ ch, 2654435761)
      h2 = Math.imul(h2 ^ ch, 1597334677)
    }
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

/**
 * Faker's source of randomness: sfc32, seeded through splitmix32, with 53-bit floats from two
 * draws. Faker's default (a Mersenne Twister) spends more time seeding than generating, and
 * generation re-seeds once per case: this one seeds in a few operations.
 */
export function createFakerRandomizer(): Randomizer {
  let a = 0
  let b = 0
  let c = 0
  let d = 1
  const draw = (): number => {
    const t = (((a + b) | 0) + d) | 0
    d = (d + 1) | 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) | 0
    c = (c << 21) | (c >>> 11)
    c = (c + t) | 0
    return t >>> 0
  }
  return {
    next: () => ((draw() >>> 5) * 67108864 + (draw() >>> 6)) / 9007199254740992,
    seed(seed: number | number[]) {
      let s = hashSeed(...(Array.isArray(seed) ? seed : [seed]))
      const mix = (): number => {
        s = (s + 0x9e3779b9) | 0
        let z = s
        z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
        z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
        return (z ^ (z >>> 16)) >>> 0
      }
      a = mix()
      b = mix()
      c = mix()
      d = 1
      for (let i = 0; i < 12; i++) draw()
    },
  }
}
