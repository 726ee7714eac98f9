import { InvalidArgumentError } from 'commander'

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }

/** Parses `500ms`, `90s`, `10m`, `1h` (a bare number is seconds) into milliseconds, for commander. */
export function parseDuration(value: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/.exec(value)
  const ms = m ? Number(m[1]) * UNITS[m[2] ?? 's']! : NaN
  if (!Number.isFinite(ms) || ms <= 0) throw new InvalidArgumentError(`expected a duration such as 500ms, 90s, 10m or 1h, got "${value}"`)
  return Math.round(ms)
}

/** 90000 → "90s", 1500 → "1.5s", 250 → "250ms". */
export function formatDuration(ms: number): string {
  return ms < 1000 ? `${ms}ms` : `${Math.round(ms / 100) / 10}s`
}
