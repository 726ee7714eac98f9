import { access } from 'node:fs/promises'
import path from 'node:path'
import type { EndpointConfig } from '../adapters/endpoint.js'
import { compileSession } from '../adapters/http-session.js'
import { compileMapping } from '../adapters/response-mapping.js'
import type { Diagnostic } from '../diagnostics/diagnostic.js'
import { readYamlFile } from '../diagnostics/read-yaml.js'
import { schemaDiagnostics } from '../diagnostics/schema-errors.js'
import { locatePath } from '../diagnostics/yaml-source.js'
import { InputError, inputError } from '../errors.js'
import { schemaValidator } from '../scenario/schema.js'
import { PathSyntaxError } from '../template/path.js'
import { endpointRules } from './endpoint-rules.js'
import { interpolateEnv, redactor } from './env.js'
import { resolveRetry } from './resolve-retry.js'
import { configSecrets } from './secret-headers.js'
import { configThresholds, type ThresholdEntry } from './thresholds-config.js'
import { confineConfigPaths } from './config-confine.js'
import type { MetricOptions } from '../metrics/part.js'
import type { BanterConfigFileV1 } from './types.generated.js'

export const CONFIG_NAMES = ['banter.config.yaml', 'banter.config.yml']
export const DEFAULT_TIMEOUT_MS = 10_000

/** The config after validation and environment interpolation. */
export interface ResolvedConfig {
  file?: string
  endpoint?: EndpointConfig
  /** Requests per second across the run. */
  rate?: number
  /** Pause between turns, in ms. */
  thinkTimeMs?: number
  scenarios?: string[]
  fragments?: string[]
  concurrency?: number
  reporters?: string[]
  out?: string
  /** Suite name for metrics labels (config `suite:`). */
  suite?: string
  /** Fallback and escalation names (config `metrics:`). */
  metrics?: Partial<MetricOptions>
  /** Config thresholds, parsed; merged with the defaults and --threshold in run.ts. */
  thresholds?: ThresholdEntry[]
  /** Values read from the environment: redacted from all output. */
  secrets: Set<string>
}

/**
 * Finds and loads the config: `explicit` if given (it must exist), else banter.config.yaml in
 * `cwd`, else none (an empty config: the embedded reference assistant is used).
 */
export async function loadConfig(explicit: string | undefined, cwd: string, env: NodeJS.ProcessEnv): Promise<ResolvedConfig> {
  const file = explicit ?? (await findDefault(cwd))
  if (!file) return { secrets: new Set() }
  if (explicit && !(await exists(path.resolve(cwd, explicit)))) {
    throw inputError('CONFIG_NOT_FOUND', `config file not found: ${explicit}`)
  }
  const read = await readYamlFile(file, cwd)
  if (read.diagnostics.length > 0 || !read.source) throw new InputError(read.diagnostics)
  const validate = schemaValidator('config')
  if (!validate(read.data)) throw new InputError(schemaDiagnostics(read.source, validate.errors ?? []))

  const diagnostics: Diagnostic[] = []
  const secrets = new Set<string>()
  const raw = interpolateEnv(read.data, env, read.source, diagnostics, secrets) as BanterConfigFileV1
  const endpoint = raw.endpoint
  if (endpoint) {
    const at = (...p: (string | number)[]) => locatePath(read.source!, ['endpoint', ...p])
    // A URL emptied by a missing variable would only repeat that error.
    if (!isHttpUrl(endpoint.url) && !diagnostics.some((d) => d.code === 'CONFIG_ENV_MISSING')) {
      diagnostics.push({ code: 'CONFIG_INVALID_URL', message: `endpoint.url: not an http(s) URL: "${endpoint.url}"`, ...at('url'), hint: 'for example http://127.0.0.1:5005/chat' })
    }
    if (endpoint.feedback_url !== undefined && !isHttpUrl(endpoint.feedback_url)) {
      diagnostics.push({ code: 'CONFIG_INVALID_URL', message: `endpoint.feedback_url: not an http(s) URL: "${endpoint.feedback_url}"`, ...at('feedback_url'), hint: 'for example http://127.0.0.1:5005/feedback' })
    }
    try {
      compileMapping(endpoint.response)
    } catch (err) {
      if (!(err instanceof PathSyntaxError)) throw err
      diagnostics.push({ code: 'INVALID_PATH', message: `endpoint.response: ${err.message}`, ...at('response') })
    }
    try {
      compileSession(endpoint.session, {})
    } catch (err) {
      if (!(err instanceof PathSyntaxError)) throw err
      diagnostics.push({ code: 'INVALID_PATH', message: `endpoint.session: ${err.message}`, ...at('session') })
    }
    diagnostics.push(...endpointRules(endpoint, read.source))
    for (const s of configSecrets(endpoint)) secrets.add(s)
  }
  // Messages may quote interpolated values (a bad URL built from ${VARS}): redact before showing.
  const redact = redactor(secrets)
  const thresholds = configThresholds(raw.thresholds, read.source, diagnostics)
  diagnostics.push(...await confineConfigPaths(raw, read.source, { base: path.dirname(path.resolve(cwd, file)), cwd }))
  if (diagnostics.length > 0) throw new InputError(diagnostics.map((d) => ({ ...d, message: redact(d.message) })))
  return {
    file,
    endpoint: endpoint && {
      url: endpoint.url,
      method: endpoint.method ?? 'POST',
      headers: endpoint.headers ?? {},
      body: endpoint.body,
      response: endpoint.response,
      timeoutMs: endpoint.timeout_ms ?? DEFAULT_TIMEOUT_MS,
      adapter: endpoint.adapter,
      session: endpoint.session,
      retry: resolveRetry(endpoint.retry),
      rasa: endpoint.rasa,
      openai: endpoint.openai,
      directline: endpoint.directline,
      ...(endpoint.feedback_url !== undefined ? { feedbackUrl: endpoint.feedback_url } : {}),
    },
    rate: raw.rate,
    thinkTimeMs: raw.think_time_ms,
    scenarios: raw.scenarios,
    fragments: raw.fragments,
    concurrency: raw.concurrency,
    reporters: raw.reporters,
    out: raw.out,
    suite: raw.suite,
    metrics: raw.metrics && { fallbackIntents: raw.metrics.fallback_intents, fallbackActions: raw.metrics.fallback_actions, escalationActions: raw.metrics.escalation_actions },
    thresholds,
    secrets,
  }
}

/** True for an http(s) URL, ignoring {{placeholders}} that are filled in per turn. */
export function isHttpUrl(url: string): boolean {
  try {
    const parsed = new URL(url.replace(/\{\{[^}]*\}\}/g, 'x'))
    return parsed.protocol === 'http:' || parsed.protocol === 'https:'
  } catch {
    return false
  }
}

async function findDefault(cwd: string): Promise<string | undefined> {
  for (const name of CONFIG_NAMES) if (await exists(path.join(cwd, name))) return name
  return undefined
}

async function exists(p: string): Promise<boolean> {
  return access(p).then(() => true, () => false)
}
