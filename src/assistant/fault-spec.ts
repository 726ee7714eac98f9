/**
 * Fault specifications for the reference assistant: `kind=value` pairs, comma-separated
 * (`latency=50-200ms,error500=0.05,hang=0.005`), or the same keys as a YAML/JSON object.
 * Probabilities are 0..1 (or a percentage, `5%`) and together at most 1.
 */
import { inputError } from '../core/errors.js'

/** The fault kinds drawn per request, in the order their probability ranges are laid out. */
export const FAULT_KINDS = ['error500', 'error503', 'reset', 'truncate', 'garbage', 'hang', 'trickle'] as const
export type FaultKind = (typeof FAULT_KINDS)[number]

/** A validated fault configuration. */
export interface FaultConfig {
  /** Added latency before every faulted route's answer, drawn uniformly from [minMs, maxMs]. */
  latency?: { minMs: number; maxMs: number }
  /** Probability of each fault per request. */
  rates: Partial<Record<FaultKind, number>>
  /** Retry-After seconds sent with 503. Default 1. */
  retryAfterS: number
  /** How long a trickled body takes in total. Default 2000 ms. */
  trickleMs: number
  /** PRNG seed: the same seed and request order give the same faults. Default 1. */
  seed: number
}

/** The settings a fault spec may give besides the kinds' probabilities. */
export const FAULT_SETTINGS = ['latency', 'retry_after', 'trickle_ms', 'seed'] as const
const ALL_KEYS: readonly string[] = [...FAULT_KINDS, ...FAULT_SETTINGS]

function fail(message: string): never {
  throw inputError(
    'FAULT_SPEC_INVALID',
    `faults: ${message}`,
    `valid keys: ${ALL_KEYS.join(', ')}; e.g. latency=50-200ms,error500=0.05,hang=0.005`,
  )
}

/** Parses `latency=50-200ms,error500=0.05,...` into a FaultConfig; an InputError (exit 2) if invalid. */
export function parseFaultSpec(spec: string, seed?: number): FaultConfig {
  const entries: [string, unknown][] = []
  for (const part of spec
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const eq = part.indexOf('=')
    if (eq <= 0) fail(`expected kind=value, got "${part}"`)
    entries.push([part.slice(0, eq).trim(), part.slice(eq + 1).trim()])
  }
  return faultConfigFrom(Object.fromEntries(entries), seed)
}

/** Validates a fault object (from `--faults-file` YAML/JSON or code). */
export function faultConfigFrom(raw: unknown, seed?: number): FaultConfig {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail('expected a mapping of kind: value')
  const config: FaultConfig = { rates: {}, retryAfterS: 1, trickleMs: 2000, seed: seed ?? 1 }
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    if ((FAULT_KINDS as readonly string[]).includes(key)) config.rates[key as FaultKind] = probability(key, value)
    else if (key === 'latency') config.latency = latencyRange(value)
    else if (key === 'retry_after') config.retryAfterS = nonNegative(key, value, 's')
    else if (key === 'trickle_ms') config.trickleMs = nonNegative(key, value, 'ms')
    else if (key === 'seed') config.seed = seed ?? Math.trunc(nonNegative(key, value, ''))
    else fail(`unknown fault "${key}"`)
  }
  const total = Object.values(config.rates).reduce((a, b) => a + b, 0)
  if (total > 1 + 1e-9) fail(`fault probabilities add up to ${round(total)}, more than 1`)
  return config
}

function probability(key: string, value: unknown): number {
  const text = String(value).trim()
  const n = text.endsWith('%') ? Number(text.slice(0, -1)) / 100 : Number(text)
  if (text === '' || !Number.isFinite(n) || n < 0 || n > 1)
    fail(`${key}: expected a probability between 0 and 1 (or 0%..100%), got "${text}"`)
  return n
}

function nonNegative(key: string, value: unknown, unit: string): number {
  const text = String(value).trim()
  const n = Number(unit && text.endsWith(unit) ? text.slice(0, -unit.length) : text)
  if (text === '' || !Number.isFinite(n) || n < 0) fail(`${key}: expected a non-negative number, got "${text}"`)
  return n
}

function latencyRange(value: unknown): { minMs: number; maxMs: number } {
  const text = String(value).trim()
  const m = /^(\d+(?:\.\d+)?)(?:\s*-\s*(\d+(?:\.\d+)?))?\s*(ms|s)?$/.exec(text)
  if (!m) fail(`latency: expected a duration or a range such as 50-200ms, got "${text}"`)
  const scale = m[3] === 's' ? 1000 : 1
  const minMs = Number(m[1]) * scale
  const maxMs = Number(m[2] ?? m[1]) * scale
  if (maxMs < minMs) fail(`latency: the range ${text} ends before it starts`)
  return { minMs, maxMs }
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000
}
