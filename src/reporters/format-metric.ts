import type { Alert, ReportWarning, RunnerLoad, RunReport } from '../report/model.js'
import { isTimeMetric } from '../metrics/metric-names.js'
import { measure } from '../metrics/measure.js'
import type { RunMetrics } from '../report/model.js'

/** A metric value for people: rates as percentages, times in ms, "n/a" for null. */
export function formatValue(metric: string, value: number | null): string {
  if (value === null) return 'n/a'
  if (metric.endsWith('_rate') || metric.endsWith('_accuracy') || /^entity_(precision|recall|f1)$/.test(metric))
    return `${(value * 100).toFixed(1)}%`
  if (isTimeMetric(metric) || metric.endsWith('_ms')) return `${value.toFixed(1)} ms`
  return Number.isInteger(value) ? String(value) : value.toFixed(2)
}

/** `name: metric = value (alert when op limit)`. */
export function describeAlert(a: Alert): string {
  const shown = formatValue(a.metric, a.value)
  const raw = a.value === null ? 'n/a' : String(Number(a.value.toFixed(4)))
  return `${a.name}: ${a.metric} = ${raw}${shown.endsWith('%') ? ` (${shown})` : ''} (alert when ${a.op} ${a.limit})`
}

/** The report's metrics, or metrics computed from its cases for a report that has none. */
export function metricsOf(report: RunReport): RunMetrics {
  return report.metrics ?? measure(report.cases, report.run.durationMs)
}

/** The suite label: --suite / config `suite:`, else the scenario paths. */
export function suiteOf(report: RunReport): string {
  return report.run.suite ?? report.run.paths.join(',')
}

/** Where a warning came from, after its code: "RUNNER_SATURATED" or, in a merged report, "RUNNER_SATURATED, shard 2". */
export function warningSource(w: ReportWarning): string {
  return w.shard === undefined ? w.code : `${w.code}, shard ${w.shard}`
}

/** How much a saturated runner queued: "banter's own queueing: mean 42.0 ms, p99 180.0 ms (event-loop lag p99 …, CPU …%)". */
export function runnerFigures(r: RunnerLoad): string {
  const queueing =
    r.queueing_mean_ms === undefined || r.queueing_p99_ms === undefined
      ? ''
      : `banter's own queueing: mean ${formatValue('runner_queueing_mean_ms', r.queueing_mean_ms)}, p99 ${formatValue('runner_queueing_p99_ms', r.queueing_p99_ms)} `
  const load = `event-loop lag p99 ${formatValue('runner_event_loop_lag_p99_ms', r.event_loop_lag_p99_ms)}, CPU ${r.cpu_percent}%`
  const shards = r.shards === undefined ? '' : `; each the worst of ${r.shards} shard${r.shards === 1 ? '' : 's'}`
  return queueing ? `${queueing}(${load}${shards})` : `${load}${shards}`
}
