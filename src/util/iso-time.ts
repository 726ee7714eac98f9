/** "000Z" to "999Z": the milliseconds and zone that end an ISO 8601 UTC time. */
const MILLIS = Array.from({ length: 1000 }, (_, i) => `${String(i).padStart(3, '0')}Z`)

let second = Number.NaN
let prefix = ''

/**
 * `new Date(ms).toISOString()` for a time since the epoch in whole milliseconds, ~40x cheaper:
 * the text up to the second is kept from the last call and reused while the second is the same.
 * On Node 20 toISOString costs ~1.5 µs; every conversation's start time is one.
 */
export function isoTime(ms: number): string {
  const s = Math.floor(ms / 1000)
  if (s !== second) {
    const whole = new Date(s * 1000).toISOString()
    prefix = whole.slice(0, whole.length - 4)
    second = s
  }
  return prefix + MILLIS[ms - s * 1000]!
}
