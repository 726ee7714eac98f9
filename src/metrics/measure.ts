import type { CaseResult, RunMetrics } from '../results.js'
import { byTagPart } from './by-tag.js'
import { feedbackPart } from './feedback.js'
import { DEFAULT_METRIC_OPTIONS, type MetricOptions, type MetricPart } from './part.js'
import { qualityPart } from './quality.js'
import { ratesPart } from './rates.js'

/** An incremental metrics accumulator: `add` each conversation as it finishes, `result` at the end. */
export interface MetricsAccumulator {
  add(result: CaseResult): void
  result(durationMs: number): RunMetrics
}

/** Key order of the JSON report: as RunMetrics is declared. */
const ORDER: (keyof RunMetrics)[] = [
  'conversations', 'turns', 'messages_per_second', 'response_time', 'response_time_histogram', 'attempt_time', 'intent_accuracy', 'intents', 'confusion',
  'entity_precision', 'entity_recall', 'entity_f1', 'action_accuracy', 'fallback_rate', 'escalation_rate', 'completion_rate',
  'avg_conversation_length', 'user_satisfaction', 'resolved_rate', 'error_rate', 'retries', 'by_tag',
]

export function createMetrics(options: Partial<MetricOptions> = {}, extraParts: MetricPart[] = []): MetricsAccumulator {
  const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined))
  const opts: MetricOptions = { ...DEFAULT_METRIC_OPTIONS, ...given }
  const parts = [ratesPart(opts), qualityPart(), byTagPart(), feedbackPart(), ...extraParts]
  return {
    add: (r) => parts.forEach((p) => p.add(r)),
    result: (durationMs) => {
      const merged = Object.assign({}, ...parts.map((p) => p.result({ durationMs }))) as RunMetrics
      const ordered = Object.fromEntries(ORDER.map((k) => [k, merged[k]]))
      return Object.assign(ordered, merged) as RunMetrics
    },
  }
}

/** Metrics of a finished list of results (reports written before metrics existed, tests). */
export function measure(cases: Iterable<CaseResult>, durationMs: number, options: Partial<MetricOptions> = {}): RunMetrics {
  const acc = createMetrics(options)
  for (const c of cases) acc.add(c)
  return acc.result(durationMs)
}
