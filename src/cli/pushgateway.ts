import { renderPrometheus } from '../reporters/prometheus.js'
import { suiteOf } from '../reporters/format-metric.js'
import type { RunReport } from '../results.js'

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8'

/**
 * The Pushgateway grouping URL `/metrics/job/banter/suite/<suite>`: a suite with characters
 * that are not safe in a path segment uses the API's `suite@base64/<base64url>` form. A shard
 * (`run --shard i/n`) pushes to its own group, `…/shard/<i>-of-<n>`, so shards never replace
 * each other's metrics; `banter merge --pushgateway` pushes the whole run without the label.
 */
export function pushUrl(base: string, suite: string, shard?: { index: number; total: number }): string {
  const root = base.replace(/\/+$/, '')
  const segment = /^[A-Za-z0-9_.-]+$/.test(suite) ? `suite/${suite}` : `suite@base64/${Buffer.from(suite).toString('base64url') || '='}`
  return `${root}/metrics/job/banter/${segment}${shard ? `/shard/${shard.index}-of-${shard.total}` : ''}`
}

/**
 * PUTs the run's metrics to a Pushgateway (PUT replaces the whole group, so series of tags that
 * are gone do not linger). Returns an error message instead of throwing: a failed push must
 * not lose the reports.
 */
export async function pushMetrics(base: string, report: RunReport, timeoutMs = 10_000): Promise<string | undefined> {
  const url = pushUrl(base, suiteOf(report), report.run.shard)
  try {
    const res = await fetch(url, { method: 'PUT', headers: { 'content-type': PROMETHEUS_CONTENT_TYPE }, body: renderPrometheus(report), signal: AbortSignal.timeout(timeoutMs) })
    if (!res.ok) return `${url}: HTTP ${res.status} ${(await res.text()).slice(0, 200).trim()}`
    return undefined
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code
    return `${url}: ${cause ?? (err as Error).message}`
  }
}
