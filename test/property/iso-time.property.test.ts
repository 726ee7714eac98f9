import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isoTime } from '../../src/util/iso-time.js'

/* Every conversation's startedAt in every report: it must be exactly what toISOString writes. */
describe('isoTime', () => {
  it('is new Date(ms).toISOString() for any time in whole milliseconds, in any order of calls', () => {
    // Every time a Date holds: before 1970, before year 0 and past year 9999 (six-digit years), and runs of times in the same second.
    const time = fc.integer({ min: -8_640_000_000_000_000, max: 8_640_000_000_000_000 })
    fc.assert(
      fc.property(fc.array(fc.oneof(time, fc.integer({ min: 1_764_638_000_000, max: 1_764_638_003_000 })), { maxLength: 50 }), (times) => {
        for (const ms of times) expect(isoTime(ms)).toBe(new Date(ms).toISOString())
      }),
      { numRuns: 500 },
    )
  })

  it('changes second, minute, day and year at the right millisecond', () => {
    for (const at of ['2026-12-31T23:59:59.999Z', '2026-12-02T01:23:45.000Z', '2024-02-29T12:00:00.500Z', '1969-12-31T23:59:59.999Z']) {
      const ms = Date.parse(at)
      for (const d of [-1, 0, 1]) expect(isoTime(ms + d)).toBe(new Date(ms + d).toISOString())
    }
  })
})
