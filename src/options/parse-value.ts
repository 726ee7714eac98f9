import { InvalidArgumentError } from 'commander'
import { MAX_SEED } from '../generate/rng.js'
import { MAX_REPEAT } from '../execute/repeat.js'

// Value parsers for the options tables: a bad value throws InvalidArgumentError, which commander
// turns into a usage error (exit 2) naming the flag and the value.

/** Parses a positive integer flag; commander turns the error into a usage error (exit 2). */
export function positiveInt(value: string): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`expected a positive integer, got "${value}"`)
  return n
}

/** Parses --repeat: a whole number of runs per conversation, 1 to MAX_REPEAT. */
export function repeatCount(value: string): number {
  const n = Number(value)
  if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(n) || n < 1 || n > MAX_REPEAT)
    throw new InvalidArgumentError(`expected a whole number of runs from 1 to ${MAX_REPEAT}, got "${value}"`)
  return n
}

/** Parses a number > 0 (fractions allowed: --rate 0.5 is one request every two seconds). */
export function positiveNumber(value: string): number {
  const n = Number(value)
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`expected a number greater than 0, got "${value}"`)
  return n
}

export function nonNegativeInt(value: string): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`expected a non-negative integer, got "${value}"`)
  return n
}

/** Repeatable flag whose values may hold commas or spaces (threshold expressions). */
export function repeat(value: string, previous: string[] = []): string[] {
  return [...previous, value]
}

export function collect(value: string, previous: string[] = []): string[] {
  return [
    ...previous,
    ...value
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean),
  ]
}

const PER = { s: 1, sec: 1, second: 1, m: 60, min: 60, minute: 60, h: 3600, hour: 3600 } as const

/** Parses --arrival-rate: `50`, `50/s`, `120/m`, `3000/h`, `0.5/s` → conversations per second. */
export function arrivalRate(value: string): number {
  const m = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(?:\/\s*([a-z]+))?\s*$/.exec(value)
  const unit = m?.[2] ?? 's'
  const n = Number(m?.[1])
  if (!m || !(unit in PER) || !(n > 0))
    throw new InvalidArgumentError(`expected conversations per second, minute or hour, e.g. 50/s or 120/m, got "${value}"`)
  return n / PER[unit as keyof typeof PER]
}

/** Parses --seed: an integer in 0..2^32-1. */
export function seedArg(value: string): number {
  const n = Number(value)
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n > MAX_SEED)
    throw new InvalidArgumentError(`expected an integer from 0 to ${MAX_SEED}, got "${value}"`)
  return n
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }

/** Parses `500ms`, `90s`, `10m`, `1h` (a bare number is seconds) into milliseconds. */
export function parseDuration(value: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/.exec(value)
  const ms = m ? Number(m[1]) * UNITS[m[2] ?? 's']! : NaN
  if (!Number.isFinite(ms) || ms <= 0) throw new InvalidArgumentError(`expected a duration such as 500ms, 90s, 10m or 1h, got "${value}"`)
  return Math.round(ms)
}

/** A TCP port (0 picks a free one). */
export function port(value: string): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError(`expected a port number, got "${value}"`)
  return n
}

/** Parses --temperature: a number from 0 to 2, as OpenAI's. */
export function temperature(value: string): number {
  const n = Number(value)
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 2)
    throw new InvalidArgumentError(`expected a number from 0 to 2, got "${value}"`)
  return n
}
