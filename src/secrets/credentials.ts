/**
 * Which values of a config are credentials, to be masked in every output (docs/config-and-adapters.md "Secrets").
 * Credentials are: values of credential headers and preset credentials written in the file;
 * URL userinfo; query parameters named like a credential; and values read from the environment
 * that are used in a header, a request body, a preset credential, a URL's userinfo or query
 * string, that come from a variable named like a credential, or that are declared in `secrets:`.
 * An environment value in a URL's scheme, host, port or path, or in any other setting (paths,
 * suite, timeouts), is not a credential and stays visible.
 */
import type { DataPath } from '../diagnostics/yaml-source.js'
import { maskUrlCredentials, safeDecode, urlCredentialValues } from './redact.js'
import type { Endpoint, Judge } from '../core/config.types.generated.js'

/** One `${NAME}` in the config (see config/env.ts): where it is, and what it became in the interpolated string. */
export interface EnvUse {
  name: string
  /** The config field holding it (`['endpoint', 'headers', 'X-API-Key']`). */
  path: DataPath
  /** The variable's value; undefined when it is unset (or empty) and has no default. */
  value?: string
  /** True when the value came from the environment, false for a `:-default` or a missing variable. */
  fromEnv: boolean
  /** Where the value sits in the interpolated string: [start, end). */
  start: number
  end: number
}

/** Words that make a header, query parameter, body field or environment variable a credential. */
const CREDENTIAL_WORDS = new Set([
  'authorization',
  'auth',
  'token',
  'secret',
  'password',
  'passwd',
  'pwd',
  'pass',
  'key',
  'apikey',
  'credential',
  'credentials',
  'signature',
  'sig',
  'cookie',
  'jwt',
  'bearer',
  'sas',
])

/**
 * True for a name that holds a credential: one of its words (split at `-`, `_`, `.` and camelCase)
 * is such as key, token, secret, password, auth(orization), signature, cookie. `X-API-Key`,
 * `api_key`, `OPENAI_API_KEY`, `X-Auth-Token`, `client_secret`, `sig` are; `BANK_PORT`,
 * `x-request-id`, `tenant`, `monkey` are not.
 */
export function isCredentialName(name: string): boolean {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
  return words.some((w) => CREDENTIAL_WORDS.has(w))
}

const URL_FIELDS = new Set(['url', 'feedback_url'])
const PRESETS = new Set(['rasa', 'openai', 'directline'])

/**
 * Credentials written in the endpoint config (after interpolation): credential header values (and
 * the credential after a scheme such as `Bearer `), preset tokens, secrets and API keys, body
 * fields named like a credential, URL userinfo and credential query parameters. A value with a
 * {{placeholder}} is skipped (its literal parts are not credentials; values it takes from the
 * environment are judged by envSecrets).
 */
export function configSecrets(endpoint: Endpoint | undefined): string[] {
  if (!endpoint) return []
  const values: string[] = []
  const headerSets = [endpoint.headers, endpoint.session?.start?.headers, endpoint.session?.end?.headers, endpoint.tool_results?.headers]
  for (const h of headerSets) for (const [k, v] of Object.entries(h ?? {})) if (isCredentialName(k)) values.push(v)
  values.push(
    ...[endpoint.rasa?.token, endpoint.openai?.api_key, endpoint.directline?.secret].filter((v): v is string => typeof v === 'string'),
  )
  for (const body of [endpoint.body, endpoint.session?.start?.body, endpoint.session?.end?.body, endpoint.tool_results?.body])
    values.push(...credentialFields(body))
  for (const url of [
    endpoint.url,
    endpoint.feedback_url,
    endpoint.session?.start?.url,
    endpoint.session?.end?.url,
    endpoint.tool_results?.url,
  ]) {
    if (url !== undefined) values.push(...urlSecrets(url, []))
  }
  return values.flatMap(credentialParts)
}

/** Credentials written in the config's `judge:` block: the API key, credential headers, URL credentials. */
export function judgeSecrets(judge: Judge | undefined): string[] {
  if (!judge) return []
  const values = judge.api_key === undefined ? [] : [judge.api_key]
  for (const [k, v] of Object.entries(judge.headers ?? {})) if (isCredentialName(k)) values.push(v)
  values.push(...urlSecrets(judge.url, []))
  return values.flatMap(credentialParts)
}

/**
 * A line of a config file as a code frame shows it, with a credential written there masked: the
 * value of a `key: value` line whose key is named like a credential (`Authorization: Bearer …`)
 * unless it only reads `${VARS}`, and URL userinfo.
 */
export function maskCredentialLine(line: string): string {
  const m = /^(\s*(?:-\s+)?["']?([^"':#]+?)["']?\s*:\s+)(\S.*)$/.exec(line)
  const masked = m && isCredentialName(m[2]!) && !/^["']?\$\{[^}]+\}["']?$/.test(m[3]!.trim()) ? `${m[1]}***` : line
  return maskUrlCredentials(masked)
}

/** Credentials of a URL given outside a config (`--endpoint`, `--pushgateway`). */
export function urlSecrets(url: string, envRanges: [number, number][]): string[] {
  const out = urlCredentialValues(url)
  const q = url.indexOf('?')
  if (q === -1) return out
  const end = url.indexOf('#', q) === -1 ? url.length : url.indexOf('#', q)
  let at = q + 1
  for (const pair of url.slice(q + 1, end).split('&')) {
    const eq = pair.indexOf('=')
    const name = eq === -1 ? pair : pair.slice(0, eq)
    const from = at + (eq === -1 ? 0 : eq + 1)
    const value = url.slice(from, at + pair.length)
    const fromEnv = envRanges.some(([s, e]) => s < at + pair.length && e > from)
    if (value && (isCredentialName(safeDecode(name)) || fromEnv)) out.push(value, safeDecode(value))
    at += pair.length + 1
  }
  return out
}

/**
 * The values read from the environment that are credentials: used in a header, a body, a preset
 * credential, a URL's userinfo or query string (a URL's query values that came from the
 * environment too), named like a credential, or declared in `secrets:`.
 */
export function envSecrets(uses: EnvUse[], data: Record<string, unknown>, declared: readonly string[]): string[] {
  const out: string[] = []
  const urls = new Map<string, { url: string; ranges: [number, number][] }>()
  for (const use of uses) {
    if (!use.fromEnv || use.value === undefined) continue
    if (isCredentialName(use.name) || declared.includes(use.name) || isCredentialPosition(use.path)) out.push(use.value)
    else if (isUrlField(use.path)) {
      const key = JSON.stringify(use.path)
      const url = valueAt(data, use.path)
      if (typeof url !== 'string') continue
      const entry = urls.get(key) ?? { url, ranges: [] }
      entry.ranges.push([use.start, use.end])
      urls.set(key, entry)
      if (use.start >= credentialStart(url)) out.push(use.value)
    }
  }
  for (const { url, ranges } of urls.values()) out.push(...urlSecrets(url, ranges))
  return out.flatMap(schemeParts)
}

/** Headers, bodies and preset credentials (`rasa.token`, `openai.api_key`, `directline.secret`, `judge.api_key`). */
function isCredentialPosition(path: DataPath): boolean {
  if (path[0] === 'judge') return path.includes('headers') || path[1] === 'api_key'
  if (path[0] !== 'endpoint') return false
  if (path.includes('headers') || path.includes('body')) return true
  return PRESETS.has(String(path[1])) && isCredentialName(String(path[2]))
}

function isUrlField(path: DataPath): boolean {
  return (path[0] === 'endpoint' || path[0] === 'judge') && URL_FIELDS.has(String(path[path.length - 1]))
}

/** Where a URL's query string starts (everything from there on is credential territory). */
function credentialStart(url: string): number {
  const q = url.search(/[?#]/)
  return q === -1 ? Infinity : q
}

function valueAt(data: unknown, path: DataPath): unknown {
  let node = data
  for (const step of path) node = (node as Record<string | number, unknown> | undefined)?.[step]
  return node
}

function credentialFields(body: unknown): string[] {
  if (Array.isArray(body)) return body.flatMap(credentialFields)
  if (body === null || typeof body !== 'object') return []
  return Object.entries(body).flatMap(([k, v]) => (typeof v === 'string' && isCredentialName(k) ? [v] : credentialFields(v)))
}

function credentialParts(value: string): string[] {
  return value.includes('{{') ? [] : schemeParts(value)
}

/** A credential, and the part after an auth scheme (`Bearer abc` → also `abc`). */
function schemeParts(value: string): string[] {
  const part = value.trim()
  const scheme = /^(Bearer|Basic|Token|Bot|ApiKey)\s+(.+)$/i.exec(part)
  return scheme ? [part, scheme[2]!] : [part]
}
