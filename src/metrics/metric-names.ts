import type { RunMetrics } from '../report/model.js'

/** The scalar metrics thresholds, compare and Prometheus refer to by name. */
export const METRIC_NAMES = [
  'conversations', 'turns', 'messages_per_second',
  'response_time_p50', 'response_time_p90', 'response_time_p95', 'response_time_p99', 'response_time_max', 'response_time_mean',
  'attempt_time_p50', 'attempt_time_p90', 'attempt_time_p95', 'attempt_time_p99', 'attempt_time_max', 'attempt_time_mean',
  'time_to_first_token_p50', 'time_to_first_token_p95', 'time_to_first_token_p99', 'time_to_first_token_mean',
  'intent_accuracy', 'entity_precision', 'entity_recall', 'entity_f1', 'action_accuracy',
  'fallback_rate', 'escalation_rate', 'completion_rate', 'avg_conversation_length',
  'user_satisfaction', 'resolved_rate', 'error_rate', 'retries',
  'pass_rate', 'flaky_rate',
  'service_time_p50', 'service_time_p95', 'service_time_p99',
  'runner_event_loop_lag_p99_ms', 'runner_cpu_percent', 'runner_event_loop_utilization',
] as const

export type MetricName = (typeof METRIC_NAMES)[number]

/** Which way is better, for `banter compare`; `none` for counts that only describe the run. */
export const DIRECTION: Record<MetricName, 'higher' | 'lower' | 'none'> = {
  conversations: 'none', turns: 'none', avg_conversation_length: 'none',
  messages_per_second: 'higher',
  response_time_p50: 'lower', response_time_p90: 'lower', response_time_p95: 'lower', response_time_p99: 'lower', response_time_max: 'lower', response_time_mean: 'lower',
  attempt_time_p50: 'lower', attempt_time_p90: 'lower', attempt_time_p95: 'lower', attempt_time_p99: 'lower', attempt_time_max: 'lower', attempt_time_mean: 'lower',
  time_to_first_token_p50: 'lower', time_to_first_token_p95: 'lower', time_to_first_token_p99: 'lower', time_to_first_token_mean: 'lower',
  intent_accuracy: 'higher', entity_precision: 'higher', entity_recall: 'higher', entity_f1: 'higher', action_accuracy: 'higher',
  fallback_rate: 'lower', escalation_rate: 'lower', completion_rate: 'higher',
  user_satisfaction: 'higher', resolved_rate: 'higher', error_rate: 'lower', retries: 'lower',
  pass_rate: 'higher', flaky_rate: 'lower',
  // The runner's own load describes the machine banter ran on, not the assistant.
  service_time_p50: 'lower', service_time_p95: 'lower', service_time_p99: 'lower',
  runner_event_loop_lag_p99_ms: 'none', runner_cpu_percent: 'none', runner_event_loop_utilization: 'none',
}

/** One-line definitions, for Prometheus HELP and the Markdown table. */
export const HELP: Record<MetricName, string> = {
  conversations: 'Conversations run (skipped ones excluded).',
  turns: 'Turns run (answered or errored).',
  messages_per_second: 'Turns answered per second of run time.',
  response_time_p50: 'Median response time (what the user waited, retries included) in ms.',
  response_time_p90: '90th percentile response time (what the user waited, retries included) in ms.',
  response_time_p95: '95th percentile response time (what the user waited, retries included) in ms.',
  response_time_p99: '99th percentile response time (what the user waited, retries included) in ms.',
  response_time_max: 'Slowest response time (what the user waited, retries included) in ms.',
  response_time_mean: 'Mean response time (what the user waited, retries included) in ms.',
  attempt_time_p50: 'Median time of the final attempt alone in ms.',
  attempt_time_p90: '90th percentile time of the final attempt alone in ms.',
  attempt_time_p95: '95th percentile time of the final attempt alone in ms.',
  attempt_time_p99: '99th percentile time of the final attempt alone in ms.',
  attempt_time_max: 'Slowest final attempt in ms.',
  attempt_time_mean: 'Mean time of the final attempt alone in ms.',
  time_to_first_token_p50: 'Median time to the first streamed token in ms, over turns that streamed.',
  time_to_first_token_p95: '95th percentile time to the first streamed token in ms.',
  time_to_first_token_p99: '99th percentile time to the first streamed token in ms.',
  time_to_first_token_mean: 'Mean time to the first streamed token in ms.',
  intent_accuracy: 'Turns whose intent matched the expectation, over turns with an intent expectation.',
  entity_precision: 'Matched entities over entities returned, on turns with an entities expectation.',
  entity_recall: 'Matched entities over entities expected.',
  entity_f1: 'Harmonic mean of entity precision and recall.',
  action_accuracy: 'Turns whose action matched the expectation, over turns with an action expectation.',
  fallback_rate: 'Answered turns with a fallback intent or action, over answered turns.',
  escalation_rate: 'Conversations in which an escalation action occurred, over conversations run.',
  completion_rate: 'Conversations whose every turn ran and passed, over conversations run.',
  avg_conversation_length: 'Turns run per conversation run.',
  user_satisfaction: 'Mean satisfaction (1-5) from feedback steps.',
  resolved_rate: 'Feedback steps answering resolved, over feedback steps.',
  error_rate: 'Errored turns over turns run.',
  retries: 'Request retries over the whole run.',
  pass_rate: 'Conversation runs that passed over runs that ran (with --repeat, every run of every conversation).',
  flaky_rate: 'Conversations with some runs passing and some not, over conversations that ran (--repeat; null without repeats).',
  service_time_p50: 'Open-loop runs: median turn time from the first write in ms (response_time counts from when each message was due).',
  service_time_p95: 'Open-loop runs: 95th percentile turn time from the first write in ms.',
  service_time_p99: 'Open-loop runs: 99th percentile turn time from the first write in ms.',
  runner_event_loop_lag_p99_ms: "99th percentile of banter's own event-loop delay during the run, in ms.",
  runner_cpu_percent: "banter's process CPU over the run's wall time, in percent of one core.",
  runner_event_loop_utilization: "Share of the run during which banter's event loop was busy (0..1).",
}

/** The flat name → value view of the metrics (null where a metric is undefined for the run). */
export function flattenMetrics(m: RunMetrics): Record<MetricName, number | null> {
  const rt = m.response_time
  // Reports written before attempt_time or time_to_first_token existed have none: null, not a crash (compare reads them).
  const at = (m as Partial<RunMetrics>).attempt_time
  const ttft = m.time_to_first_token
  return {
    conversations: m.conversations, turns: m.turns, messages_per_second: m.messages_per_second,
    response_time_p50: rt.p50, response_time_p90: rt.p90, response_time_p95: rt.p95, response_time_p99: rt.p99, response_time_max: rt.max, response_time_mean: rt.mean,
    attempt_time_p50: at?.p50 ?? null, attempt_time_p90: at?.p90 ?? null, attempt_time_p95: at?.p95 ?? null, attempt_time_p99: at?.p99 ?? null, attempt_time_max: at?.max ?? null, attempt_time_mean: at?.mean ?? null,
    time_to_first_token_p50: ttft?.p50 ?? null, time_to_first_token_p95: ttft?.p95 ?? null, time_to_first_token_p99: ttft?.p99 ?? null, time_to_first_token_mean: ttft?.mean ?? null,
    intent_accuracy: m.intent_accuracy, entity_precision: m.entity_precision, entity_recall: m.entity_recall, entity_f1: m.entity_f1, action_accuracy: m.action_accuracy,
    fallback_rate: m.fallback_rate, escalation_rate: m.escalation_rate, completion_rate: m.completion_rate, avg_conversation_length: m.avg_conversation_length,
    user_satisfaction: m.user_satisfaction, resolved_rate: m.resolved_rate, error_rate: m.error_rate, retries: m.retries,
    // Reports written before repeats existed have neither.
    pass_rate: m.pass_rate ?? null, flaky_rate: m.flaky_rate ?? null,
    service_time_p50: m.service_time?.p50 ?? null, service_time_p95: m.service_time?.p95 ?? null, service_time_p99: m.service_time?.p99 ?? null,
    runner_event_loop_lag_p99_ms: m.runner?.event_loop_lag_p99_ms ?? null,
    runner_cpu_percent: m.runner?.cpu_percent ?? null,
    runner_event_loop_utilization: m.runner?.event_loop_utilization ?? null,
  }
}

/** Metrics that are times in ms (shown as ms, exported to Prometheus in seconds). */
export function isTimeMetric(name: string): boolean {
  return name.startsWith('response_time_') || name.startsWith('attempt_time_') || name.startsWith('time_to_first_token_') || name.startsWith('service_time_')
}

export function isMetricName(name: string): name is MetricName {
  return (METRIC_NAMES as readonly string[]).includes(name)
}
