import { completionsUrl } from '../adapters/openai.js'
import type { Diagnostic } from '../diagnostics/diagnostic.js'
import { locatePath, type YamlSource } from '../diagnostics/yaml-source.js'
import type { JudgeSettings } from '../judge/judge.js'
import type { RetryPolicy } from '../network/retry.js'
import { withUrlCredentials } from '../secrets/redact.js'
import type { Judge } from '../core/config.types.generated.js'
import { resolveConfigPath } from './config-paths.js'

const DEFAULT_JUDGE_TIMEOUT_MS = 30_000
const DEFAULT_JUDGE_CONCURRENCY = 4
const DEFAULT_JUDGE_CACHE_DIR = '.banter-cache/judge'
/** Grading has no side effects, so unlike chat turns it is retried on every transient failure. */
const DEFAULT_JUDGE_RETRY: RetryPolicy = {
  attempts: 3,
  on: ['connection_refused', 'connection_reset', 'timeout', 429, 500, 502, 503, 504],
  baseDelayMs: 500,
  maxDelayMs: 10_000,
}

/** Model name of the reference assistant's rule-based judge. */
const RULE_JUDGE_MODEL = 'banter-rule-judge'

/** Config `judge:` as a run uses it; paths relative to `base` (the config's folder). */
export function resolveJudge(judge: Judge, base: string): JudgeSettings {
  const headers = { ...judge.headers, ...(judge.api_key ? { authorization: `Bearer ${judge.api_key}` } : {}) }
  const target = withUrlCredentials(completionsUrl(judge.url), headers)
  return {
    model: judge.model,
    url: target.url,
    headers: target.headers,
    timeoutMs: judge.timeout_ms ?? DEFAULT_JUDGE_TIMEOUT_MS,
    concurrency: judge.concurrency ?? DEFAULT_JUDGE_CONCURRENCY,
    ...(judge.rate !== undefined ? { rate: judge.rate } : {}),
    retry: {
      attempts: judge.retry?.attempts ?? DEFAULT_JUDGE_RETRY.attempts,
      on: judge.retry?.on ?? DEFAULT_JUDGE_RETRY.on,
      baseDelayMs: judge.retry?.base_delay_ms ?? DEFAULT_JUDGE_RETRY.baseDelayMs,
      maxDelayMs: judge.retry?.max_delay_ms ?? DEFAULT_JUDGE_RETRY.maxDelayMs,
    },
    ...(judge.cache === false ? {} : { cacheDir: resolveConfigPath(base, judge.cache_dir ?? DEFAULT_JUDGE_CACHE_DIR) }),
  }
}

/** The reference assistant's rule-based judge at `url` (its /judge/v1), with the default cache under `base`. */
export function ruleJudge(url: string, base: string): JudgeSettings {
  return resolveJudge({ url, model: RULE_JUDGE_MODEL }, base)
}

/** `judge.url` must be an http(s) URL. */
export function judgeDiagnostics(judge: Judge, source: YamlSource, isHttpUrl: (url: string) => boolean, incomplete: boolean): Diagnostic[] {
  if (incomplete || isHttpUrl(judge.url)) return []
  return [
    {
      code: 'CONFIG_INVALID_URL',
      message: `judge.url: not an http(s) URL: "${judge.url}"`,
      ...locatePath(source, ['judge', 'url']),
      hint: 'for example https://api.openai.com/v1',
    },
  ]
}
