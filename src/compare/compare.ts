import { DIRECTION, flattenMetrics, METRIC_NAMES, type MetricName } from '../metrics/metric-names.js'
import { metricsOf } from '../reporters/format-metric.js'
import type { Outcome, RunReport, Status } from '../report/model.js'

/** How much a metric may worsen before it counts as a regression: absolute, or % of the base. */
export interface Tolerance {
  value: number
  relative: boolean
}

/** Gated by default with no tolerance: quality rates. Timing and throughput are noisy, so only gated when given a tolerance. */
const GATED_BY_DEFAULT: MetricName[] = [
  'intent_accuracy',
  'entity_precision',
  'entity_recall',
  'entity_f1',
  'action_accuracy',
  'fallback_rate',
  'escalation_rate',
  'completion_rate',
  'error_rate',
  'user_satisfaction',
  'resolved_rate',
]

export interface MetricDelta {
  metric: MetricName
  base: number | null
  head: number | null
  delta: number | null
  direction: 'higher' | 'lower' | 'none'
  /** The tolerance applied, when the metric is gated. */
  tolerance?: Tolerance
  regressed: boolean
}

/** A conversation's status, or its outcome over its runs when the report repeated conversations (--repeat). */
type CaseVerdict = Status | Outcome

interface CaseChange {
  id: string
  name: string
  file: string
  base: CaseVerdict | 'absent'
  head: CaseVerdict
}

/** The comparison of two reports, as data; the CLI renders it. */
export interface Comparison {
  newFailures: CaseChange[]
  fixed: CaseChange[]
  /** Conversations flaky in head that were not in base (not a regression by itself: gate flaky_rate with a tolerance). */
  newlyFlaky: CaseChange[]
  metrics: MetricDelta[]
  regressed: boolean
}

const bad = (s: CaseVerdict | 'absent') => s === 'failed' || s === 'errored'

/**
 * New failures and fixes by conversation id; a report of repeated runs is compared by each
 * conversation's outcome (a flaky conversation is neither failing nor fixed).
 */
export function compareReports(base: RunReport, head: RunReport, tolerances: Partial<Record<MetricName, Tolerance>> = {}): Comparison {
  const before = new Map(verdicts(base).map((c) => [c.id, c.verdict]))
  const changes = verdicts(head).map((c) => ({
    id: c.id,
    name: c.name,
    file: c.file,
    base: before.get(c.id) ?? ('absent' as const),
    head: c.verdict,
  }))
  const newFailures = changes.filter((c) => bad(c.head) && !bad(c.base))
  const fixed = changes.filter((c) => c.head === 'passed' && bad(c.base))
  const newlyFlaky = changes.filter((c) => c.head === 'flaky' && c.base !== 'flaky')
  const b = flattenMetrics(metricsOf(base))
  const h = flattenMetrics(metricsOf(head))
  const metrics = METRIC_NAMES.map((metric) =>
    delta(
      metric,
      b[metric],
      h[metric],
      tolerances[metric] ?? (GATED_BY_DEFAULT.includes(metric) ? { value: 0, relative: false } : undefined),
    ),
  )
  return { newFailures, fixed, newlyFlaky, metrics, regressed: newFailures.length > 0 || metrics.some((m) => m.regressed) }
}

/** Each conversation once: its outcome when the report repeated runs, else its status. */
function verdicts(report: RunReport): { id: string; name: string; file: string; verdict: CaseVerdict }[] {
  if (report.conversations) return report.conversations.map((c) => ({ id: c.id, name: c.name, file: c.file, verdict: c.outcome }))
  return report.cases.map((c) => ({ id: c.id, name: c.name, file: c.file, verdict: c.status }))
}

function delta(metric: MetricName, base: number | null, head: number | null, tolerance?: Tolerance): MetricDelta {
  const direction = DIRECTION[metric]
  const d = base === null || head === null ? null : head - base
  let regressed = false
  if (d !== null && tolerance && direction !== 'none') {
    const worse = direction === 'higher' ? -d : d
    const allowed = tolerance.relative ? (Math.abs(base!) * tolerance.value) / 100 : tolerance.value
    // A hair of slack so 0.1 + 0.2-style float noise is not a regression.
    regressed = worse > allowed + 1e-9
  }
  return {
    metric,
    base,
    head,
    delta: d === null ? null : Math.round(d * 1e6) / 1e6,
    direction,
    ...(tolerance && direction !== 'none' ? { tolerance } : {}),
    regressed,
  }
}
