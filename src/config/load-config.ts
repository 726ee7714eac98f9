import { access } from 'node:fs/promises'
import path from 'node:path'
import { DEFAULT_TIMEOUT_MS, type EndpointConfig } from '../adapters/endpoint.js'
import { compileSession } from '../adapters/http-session.js'
import { compileMapping } from '../adapters/response-mapping.js'
import type { Diagnostic } from '../diagnostics/diagnostic.js'
import { readYamlFile } from '../diagnostics/read-yaml.js'
import { schemaDiagnostics } from '../diagnostics/schema-errors.js'
import { formatPath, locatePath, type YamlSource } from '../diagnostics/yaml-source.js'
import { InputError, inputError } from '../core/errors.js'
import { schemaValidator } from '../scenario/schema.js'
import { PathSyntaxError } from '../template/path.js'
import { endpointRules } from './endpoint-rules.js'
import { configBase } from './config-paths.js'
import { configSecrets, envSecrets, judgeSecrets, maskCredentialLine, type EnvUse } from '../secrets/credentials.js'
import { judgeDiagnostics, resolveJudge } from './judge-config.js'
import type { JudgeSettings } from '../judge/judge.js'
import { interpolateEnv } from './env.js'
import { maskUrlCredentials, redactor, withUrlCredentials } from '../secrets/redact.js'
import { resolveRetry } from './resolve-retry.js'
import { configThresholds, type ThresholdEntry } from '../thresholds/parse.js'
import { confineConfigPaths } from './config-confine.js'
import type { MetricOptions } from '../metrics/mergeable-part.js'
import type { BanterConfigFileV1, Endpoint } from '../core/config.types.generated.js'

const CONFIG_NAMES = ['banter.config.yaml', 'banter.config.yml']

/** The config after validation and environment interpolation. */
export interface ResolvedConfig {
  file?: string
  /** Absolute folder that the config's paths are relative to (the cwd without a config file): see config-paths.ts. */
  base: string
  endpoint?: EndpointConfig
  /** Requests per second across the run. */
  rate?: number
  /** Pause between turns, in ms. */
  thinkTimeMs?: number
  /** Runs of each conversation (config `repeat:`). */
  repeat?: number
  /** As written: relative to `base`. */
  scenarios?: string[]
  /** As written: relative to `base`. */
  fragments?: string[]
  concurrency?: number
  /** As written: a reporter's file is relative to `base`. */
  reporters?: string[]
  /** As written: relative to `base`. */
  out?: string
  /** Suite name for metrics labels (config `suite:`). */
  suite?: string
  /** Fallback and escalation names (config `metrics:`). */
  metrics?: Partial<MetricOptions>
  /** Config thresholds, parsed; merged with the defaults and --threshold in run.ts. */
  thresholds?: ThresholdEntry[]
  /** Credentials (see credentials.ts): masked in all output. */
  secrets: Set<string>
  /** The judge model (config `judge:`), resolved; absent when the config has none. */
  judge?: JudgeSettings
  /** With `missingEnv: 'note'`: the variables the config uses that are unset, each with its note. */
  missingEnv: { name: string; note: Diagnostic }[]
}

export interface LoadConfigOptions {
  /**
   * `error` (run, record): an unset variable is an error naming it and where it is used.
   * `note` (validate): the structure is checked without the secrets; unset variables are listed in `missingEnv`.
   */
  missingEnv?: 'error' | 'note'
}

/**
 * Finds and loads the config: `explicit` if given (it must exist), else banter.config.yaml in
 * `cwd`, else none (an empty config: the embedded reference assistant is used).
 */
export async function loadConfig(
  explicit: string | undefined,
  cwd: string,
  env: NodeJS.ProcessEnv,
  opts: LoadConfigOptions = {},
): Promise<ResolvedConfig> {
  const file = explicit ?? (await findDefault(cwd))
  if (!file) return { base: configBase(undefined, cwd), secrets: new Set(), missingEnv: [] }
  if (explicit && !(await exists(path.resolve(cwd, explicit)))) {
    throw inputError('CONFIG_NOT_FOUND', `config file not found: ${explicit}`)
  }
  const read = await readYamlFile(file, cwd)
  if (read.diagnostics.length > 0 || !read.source) throw new InputError(read.diagnostics.map(maskFrame))
  const validate = schemaValidator('config')
  if (!validate(read.data)) throw new InputError(schemaDiagnostics(read.source, validate.errors ?? []).map(maskFrame))

  const uses: EnvUse[] = []
  const raw = interpolateEnv(read.data, env, uses) as BanterConfigFileV1
  const missingEnv = uses
    .filter((u) => u.value === undefined)
    .map((u) => ({ name: u.name, note: missingVariable(u, read.source!, opts.missingEnv ?? 'error') }))
  const diagnostics: Diagnostic[] = opts.missingEnv === 'note' ? [] : missingEnv.map((m) => m.note)
  const secrets = new Set([
    ...envSecrets(uses, raw as Record<string, unknown>, raw.secrets ?? []),
    ...declaredSecrets(raw.secrets, env),
    ...configSecrets(raw.endpoint),
    ...judgeSecrets(raw.judge),
  ])
  // A URL emptied or cut short by a missing variable would only repeat that error.
  const incompletePath = (at: (string | number)[]) => uses.some((u) => u.value === undefined && u.path.join('.') === at.join('.'))
  const incomplete = (field: string) => incompletePath(['endpoint', field])
  if (raw.endpoint) diagnostics.push(...endpointDiagnostics(raw.endpoint, read.source, incomplete))
  if (raw.judge) diagnostics.push(...judgeDiagnostics(raw.judge, read.source, isHttpUrl, incompletePath(['judge', 'url'])))
  // Messages may quote interpolated values (a bad URL built from ${VARS}): redact before showing.
  const redact = redactor(secrets)
  const thresholds = configThresholds(raw.thresholds, read.source, diagnostics)
  diagnostics.push(...(await confineConfigPaths(raw, read.source, { base: configBase(file, cwd), cwd })))
  if (diagnostics.length > 0)
    throw new InputError(diagnostics.map((d) => maskFrame({ ...d, message: maskUrlCredentials(redact(d.message)) })))
  const endpoint = raw.endpoint
  return {
    file,
    base: configBase(file, cwd),
    endpoint: endpoint && {
      // user:pass@ in the URL is sent as Basic auth (undici would drop it silently).
      ...withUrlCredentials(endpoint.url, endpoint.headers ?? {}),
      method: endpoint.method ?? 'POST',
      body: endpoint.body,
      response: endpoint.response,
      timeoutMs: endpoint.timeout_ms ?? DEFAULT_TIMEOUT_MS,
      adapter: endpoint.adapter,
      session: endpoint.session,
      ...(endpoint.tool_results !== undefined ? { toolResults: endpoint.tool_results } : {}),
      retry: resolveRetry(endpoint.retry),
      rasa: endpoint.rasa,
      openai: endpoint.openai,
      directline: endpoint.directline,
      ...(endpoint.feedback_url !== undefined ? { feedbackUrl: endpoint.feedback_url } : {}),
    },
    rate: raw.rate,
    thinkTimeMs: raw.think_time_ms,
    repeat: raw.repeat,
    // validate: a path that needs an unset variable is noted, not guessed at (it would become '').
    scenarios: raw.scenarios?.filter((_, i) => !incompletePath(['scenarios', i])),
    fragments: raw.fragments?.filter((_, i) => !incompletePath(['fragments', i])),
    concurrency: raw.concurrency,
    reporters: raw.reporters,
    out: raw.out,
    suite: raw.suite,
    ...(raw.judge ? { judge: resolveJudge(raw.judge, configBase(file, cwd)) } : {}),
    metrics: raw.metrics && {
      fallbackIntents: raw.metrics.fallback_intents,
      fallbackActions: raw.metrics.fallback_actions,
      escalationActions: raw.metrics.escalation_actions,
    },
    thresholds,
    secrets,
    missingEnv: opts.missingEnv === 'note' ? missingEnv : [],
  }
}

/** The endpoint's semantic checks: http(s) URLs, response and session paths, preset blocks. */
function endpointDiagnostics(endpoint: Endpoint, source: YamlSource, incomplete: (field: string) => boolean): Diagnostic[] {
  const out: Diagnostic[] = []
  const at = (...p: (string | number)[]) => locatePath(source, ['endpoint', ...p])
  const urls: [string, string | undefined, string][] = [
    ['url', endpoint.url, 'chat'],
    ['feedback_url', endpoint.feedback_url, 'feedback'],
    ['tool_results.url', endpoint.tool_results?.url, 'tools'],
  ]
  for (const [field, url, example] of urls) {
    if (url !== undefined && !isHttpUrl(url) && !incomplete(field)) {
      out.push({
        code: 'CONFIG_INVALID_URL',
        message: `endpoint.${field}: not an http(s) URL: "${url}"`,
        ...at(...field.split('.')),
        hint: `for example http://127.0.0.1:5005/${example}`,
      })
    }
  }
  const paths: [string, () => unknown][] = [
    ['response', () => compileMapping(endpoint.response)],
    ['session', () => compileSession(endpoint.session, {})],
  ]
  for (const [field, compile] of paths) {
    try {
      compile()
    } catch (err) {
      if (!(err instanceof PathSyntaxError)) throw err
      out.push({ code: 'INVALID_PATH', message: `endpoint.${field}: ${err.message}`, ...at(field) })
    }
  }
  return [...out, ...endpointRules(endpoint, source)]
}

/** A code frame quoting a config line never shows a credential written there (docs/config-and-adapters.md "Secrets"). */
function maskFrame(d: Diagnostic): Diagnostic {
  return d.lineText === undefined ? d : { ...d, lineText: maskCredentialLine(d.lineText) }
}

/** An unset variable without a default: an error for `run`, a note for `validate`. */
function missingVariable(use: EnvUse, source: YamlSource, severity: 'error' | 'note'): Diagnostic {
  const where = formatPath(use.path)
  return {
    code: 'CONFIG_ENV_MISSING',
    ...(severity === 'note' ? { severity } : {}),
    message:
      severity === 'note'
        ? `environment variable ${use.name} is not set (used in ${where}); \`banter run\` will need it`
        : `environment variable ${use.name} is not set (used in ${where})`,
    ...locatePath(source, use.path),
    hint: `export ${use.name}=… before running banter, or write \${${use.name}:-default}`,
  }
}

/** Values of the variables the config declares in `secrets:`, wherever they are used (or not). */
function declaredSecrets(names: readonly string[] | undefined, env: NodeJS.ProcessEnv): string[] {
  return (names ?? []).map((n) => env[n]).filter((v): v is string => v !== undefined && v !== '')
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
  return access(p).then(
    () => true,
    () => false,
  )
}
