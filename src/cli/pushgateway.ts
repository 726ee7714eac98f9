import { quoteBody } from '../network/read-body.js'
import { urlSecrets } from '../secrets/credentials.js'
import { maskUrlCredentials, redactor, withUrlCredentials } from '../secrets/redact.js'
import { renderPrometheus } from '../reporters/prometheus.js'
import { suiteOf } from '../reporters/format-metric.js'
import type { RunReport } from '../report/model.js'

const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8'

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

export interface PushOptions {
  /** The run's redactor (its secrets); the Pushgateway URL's own credentials are added. */
  redact?: (text: string) => string
  timeoutMs?: number
}

/**
 * PUTs the run's metrics to a Pushgateway (PUT replaces the whole group, so series of tags that
 * are gone do not linger). Credentials in the URL (`https://user:pass@host`) are sent as HTTP Basic
 * auth and never printed. Returns an error message instead of throwing: a failed push must not
 * lose the reports.
 */
export async function pushMetrics(base: string, report: RunReport, opts: PushOptions = {}): Promise<string | undefined> {
  const { url, headers: auth } = withUrlCredentials(pushUrl(base, suiteOf(report), report.run.shard), {})
  // urlSecrets holds the Basic credential too: a proxy may echo the Authorization header.
  const mask = redactor(urlSecrets(base, []))
  const redact = (text: string) => maskUrlCredentials(mask(opts.redact ? opts.redact(text) : text))
  const headers: Record<string, string> = { 'content-type': PROMETHEUS_CONTENT_TYPE, ...auth }
  try {
    const res = await fetch(url, {
      method: 'PUT',
      headers,
      body: renderPrometheus(report),
      signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
    })
    if (!res.ok) return `${redact(url)}: HTTP ${res.status} ${quoteBody(await res.text(), redact)}`
    return undefined
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code
    return redact(`${url}: ${cause ?? (err as Error).message}`)
  }
}
