import { describe, expect, it } from 'vitest'
import { measure } from '../../../src/metrics/measure.js'
import { cannedReport } from '../../helpers/canned-report.js'

describe('feedback metrics', () => {
  it('average the satisfaction and count resolved over feedback that was sent only', () => {
    const cases = cannedReport().cases
    cases[0]!.feedback = { satisfaction: 5, resolved: true, sent: true }
    cases[1]!.feedback = { satisfaction: 2, resolved: false, sent: true }
    cases[2]!.feedback = { satisfaction: 1, resolved: false, sent: false, skipReason: 'an earlier turn errored' }
    const m = measure(cases, 1000)
    expect(m.user_satisfaction).toBe(3.5)
    expect(m.resolved_rate).toBe(0.5)
  })

  it('are null, never NaN, without sent feedback', () => {
    const m = measure(cannedReport().cases, 1000)
    expect(m.user_satisfaction).toBeNull()
    expect(m.resolved_rate).toBeNull()
  })
})
