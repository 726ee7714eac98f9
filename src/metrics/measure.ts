import type { CaseResult, MetricDefinitions, MetricState, RunMetrics } from '../report/model.js'
import { byTagPart } from './by-tag.js'
import { feedbackPart } from './feedback.js'
import { judgePart } from './judge.js'
import { DEFAULT_METRIC_OPTIONS, type MetricOptions, type MetricPart } from './mergeable-part.js'
import { repeatsPart } from './outcomes.js'
import { qualityPart } from './quality.js'
import { ratesPart } from './rates.js'
import { attemptTimePart, responseTimePart, timeToFirstTokenPart } from './timing.js'

/** An incremental metrics accumulator: `add` each conversation as it finishes, `result` at the end. */
export interface MetricsAccumulator {
  add(result: CaseResult): void
  result(durationMs: number): RunMetrics
  /** The mergeable state behind `result`, with the definitions it was computed with. */
  state(): MetricState
  /** Adds a state written by another run (a shard) computed with the same definitions. */
  load(state: MetricState): void
}

/** Key order of the JSON report: as RunMetrics is declared. */
const ORDER: (keyof RunMetrics)[] = [
  'conversations',
  'turns',
  'messages_per_second',
  'response_time',
  'response_time_histogram',
  'attempt_time',
  'time_to_first_token',
  'intent_accuracy',
  'intents',
  'confusion',
  'entity_precision',
  'entity_recall',
  'entity_f1',
  'action_accuracy',
  'fallback_rate',
  'escalation_rate',
  'completion_rate',
  'avg_conversation_length',
  'user_satisfaction',
  'resolved_rate',
  'error_rate',
  'pass_rate',
  'flaky_rate',
  'retries',
  'by_tag',
]

export function createMetrics(options: Partial<MetricOptions> = {}, extraParts: MetricPart[] = []): MetricsAccumulator {
  const opts = resolveMetricOptions(options)
  const parts: MetricPart[] = [
    ratesPart(opts),
    responseTimePart(),
    attemptTimePart(),
    timeToFirstTokenPart(),
    qualityPart(),
    byTagPart(),
    feedbackPart(),
    repeatsPart(),
    judgePart(),
    ...extraParts,
  ] as MetricPart[]
  return {
    add(r) {
      for (const p of parts) p.add(r)
    },
    result: (durationMs) => {
      const merged = Object.assign({}, ...parts.map((p) => p.result({ durationMs }))) as RunMetrics
      const ordered = Object.fromEntries(ORDER.map((k) => [k, merged[k]]))
      return Object.assign(ordered, merged) as RunMetrics
    },
    state: () => ({
      definitions: toDefinitions(opts),
      parts: Object.fromEntries(parts.map((p) => [p.name, p.state()])) as MetricState['parts'],
    }),
    load(state) {
      const given = state.parts as Record<string, unknown>
      for (const p of parts) p.load(given[p.name])
    },
  }
}

/** The options in force: the defaults, overridden by each one given. */
function resolveMetricOptions(options: Partial<MetricOptions> = {}): MetricOptions {
  const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined))
  return { ...DEFAULT_METRIC_OPTIONS, ...given }
}

/** Options as the report writes them (config `metrics:` names). */
function toDefinitions(o: MetricOptions): MetricDefinitions {
  return {
    fallback_intents: [...o.fallbackIntents],
    fallback_actions: [...o.fallbackActions],
    escalation_actions: [...o.escalationActions],
  }
}

export function fromDefinitions(d: MetricDefinitions): MetricOptions {
  return { fallbackIntents: d.fallback_intents, fallbackActions: d.fallback_actions, escalationActions: d.escalation_actions }
}

/** Metrics of a finished list of results (reports written before metrics existed, tests). */
export function measure(cases: Iterable<CaseResult>, durationMs: number, options: Partial<MetricOptions> = {}): RunMetrics {
  const acc = createMetrics(options)
  for (const c of cases) acc.add(c)
  return acc.result(durationMs)
}
