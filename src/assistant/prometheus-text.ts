/**
 * Minimal Prometheus text exposition format (version 0.0.4) writers: counters, gauges and
 * histograms with `# HELP` / `# TYPE` lines, escaped label values, cumulative `_bucket{le}`,
 * `_sum` and `_count`. No client library: the assistant exposes a handful of series.
 */

/** The Content-Type Prometheus expects for this format. */
export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8'

/** A histogram's state: counts per upper bound (not cumulative), plus sum and count. */
export interface HistogramState {
  /** Upper bounds in ascending order; +Inf is implicit. */
  buckets: readonly number[]
  counts: number[]
  sum: number
  count: number
}

export function createHistogram(buckets: readonly number[]): HistogramState {
  return { buckets, counts: buckets.map(() => 0), sum: 0, count: 0 }
}

export function observe(h: HistogramState, value: number): void {
  const i = h.buckets.findIndex((le) => value <= le)
  if (i !== -1) h.counts[i]!++
  h.sum += value
  h.count++
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"')
}

function labels(pairs: Record<string, string>): string {
  const parts = Object.entries(pairs).map(([k, v]) => `${k}="${escapeLabel(v)}"`)
  return parts.length ? `{${parts.join(',')}}` : ''
}

function number(n: number): string {
  return Number.isFinite(n) ? String(n) : n > 0 ? '+Inf' : n < 0 ? '-Inf' : 'NaN'
}

function header(name: string, type: string, help: string): string[] {
  return [`# HELP ${name} ${help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}`, `# TYPE ${name} ${type}`]
}

/** A counter or gauge, one sample per label set (an empty map for a single unlabelled series). */
export function scalarLines(name: string, type: 'counter' | 'gauge', help: string, samples: [Record<string, string>, number][]): string[] {
  return [...header(name, type, help), ...samples.map(([l, v]) => `${name}${labels(l)} ${number(v)}`)]
}

/** A histogram, with cumulative buckets ending in `le="+Inf"` equal to `_count`. */
export function histogramLines(name: string, help: string, h: HistogramState): string[] {
  const lines = header(name, 'histogram', help)
  let cumulative = 0
  h.buckets.forEach((le, i) => {
    cumulative += h.counts[i]!
    lines.push(`${name}_bucket${labels({ le: number(le) })} ${cumulative}`)
  })
  lines.push(`${name}_bucket{le="+Inf"} ${h.count}`, `${name}_sum ${number(h.sum)}`, `${name}_count ${h.count}`)
  return lines
}
