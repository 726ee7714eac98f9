/**
 * The reference assistant's "temperature": a seeded, reproducible stand-in for a language model's
 * sampling, so repeated runs can show flaky answers. With temperature T (0-2, as OpenAI's), an
 * answer deviates with probability T/2: half of the deviations rephrase it (same facts, other
 * words), the other half misroute it (the fallback answer, no tool call).
 *
 * The draw for a request is a hash of the seed, the request's messages and how many times this
 * exact request was seen before: the n-th identical request always gets the same draw, so a run
 * repeated N times against a fresh server sees the same mix of answers whatever the concurrency
 * (which repeat gets which answer may change; how many pass does not). A request that carries its
 * own `seed` skips the count: the same seed and messages always give the same answer, as OpenAI
 * documents for `seed`.
 */
import { createHash } from 'node:crypto'
import { createRng, hashSeed } from '../generate/rng.js'
import { createSessionStore } from './sessions.js'

export type Deviation = 'none' | 'rephrase' | 'misroute'

export interface SamplingOptions {
  /** Default temperature when a request sends none; 0 (the default): always the same answer. */
  temperature?: number
  /** Seed of the draws. Default 0. */
  seed?: number
}

export const MAX_TEMPERATURE = 2

/** Distinct requests whose count is remembered (least recently used forgotten first). */
const MAX_COUNTED = 10_000

export interface Sampler {
  /** The deviation for one request: its messages (as sent) and its own temperature and seed, if any. */
  draw(request: { key: string; temperature?: number; seed?: number }): Deviation
}

export function createSampler(options: SamplingOptions = {}): Sampler {
  const seen = createSessionStore<number>({ maxSessions: MAX_COUNTED })
  const serverSeed = options.seed ?? 0
  return {
    draw({ key, temperature, seed }) {
      const t = Math.min(MAX_TEMPERATURE, Math.max(0, temperature ?? options.temperature ?? 0))
      if (t === 0) return 'none'
      const digest = createHash('sha256').update(key).digest('base64')
      let occurrence = 0
      if (seed === undefined) {
        occurrence = seen.get(digest) ?? 0
        seen.set(digest, occurrence + 1)
      }
      const rng = createRng(hashSeed(serverSeed, seed ?? 'none', occurrence, digest))
      if (rng.next() >= t / 2) return 'none'
      return rng.next() < 0.5 ? 'rephrase' : 'misroute'
    },
  }
}
