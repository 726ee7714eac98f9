import type { Check } from '../scenario/compiled-conversation.js'
import type { Verdict } from '../report/verdict.js'

type LatencyCheck = Extract<Check, { kind: 'latency' }>

export function checkLatency(check: LatencyCheck, latencyMs: number): Verdict {
  const pass = latencyMs <= check.maxMs
  return {
    check: 'latency',
    pass,
    code: pass ? 'LATENCY_OK' : 'LATENCY_EXCEEDED',
    expected: { max_ms: check.maxMs },
    actual: Math.round(latencyMs),
    loc: check.loc,
  }
}
