import { noRedaction } from './redact.js'

/**
 * Returns a copy of `value` with `redact` applied to every string inside (object keys included),
 * so no reporter, present or future, can print a secret: run.ts passes reports and case results
 * through this once, before any reporter sees them.
 */
export function redactDeep<T>(value: T, redact: (text: string) => string): T {
  // Without secrets there is nothing to mask: skip the copy, which is on the per-conversation path.
  if (redact === noRedaction) return value
  return walk(value, redact) as T
}

function walk(value: unknown, redact: (text: string) => string): unknown {
  if (typeof value === 'string') return redact(value)
  if (Array.isArray(value)) return value.map((v) => walk(v, redact))
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [redact(k), walk(v, redact)]))
  }
  return value
}
