import { access } from 'node:fs/promises'
import path from 'node:path'
import type { HttpEndpoint } from '../adapters/http.js'
import { compileMapping } from '../adapters/response-mapping.js'
import type { Diagnostic } from '../diagnostics/diagnostic.js'
import { readYamlFile } from '../diagnostics/read-yaml.js'
import { schemaDiagnostics } from '../diagnostics/schema-errors.js'
import { locatePath } from '../diagnostics/yaml-source.js'
import { InputError, inputError } from '../errors.js'
import { schemaValidator } from '../scenario/schema.js'
import { PathSyntaxError } from '../template/path.js'
import { interpolateEnv } from './env.js'
import type { BanterConfigFileV1 } from './types.generated.js'

export const CONFIG_NAMES = ['banter.config.yaml', 'banter.config.yml']
export const DEFAULT_TIMEOUT_MS = 10_000

/** The config after validation and environment interpolation. */
export interface ResolvedConfig {
  file?: string
  endpoint?: HttpEndpoint
  scenarios?: string[]
  fragments?: string[]
  concurrency?: number
  reporters?: string[]
  out?: string
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
    try {
      compileMapping(endpoint.response)
    } catch (err) {
      if (!(err instanceof PathSyntaxError)) throw err
      diagnostics.push({ code: 'INVALID_PATH', message: `endpoint.response: ${err.message}`, ...at('response') })
    }
  }
  if (diagnostics.length > 0) throw new InputError(diagnostics)
  return {
    file,
    endpoint: endpoint && {
      url: endpoint.url,
      method: endpoint.method ?? 'POST',
      headers: endpoint.headers ?? {},
      body: endpoint.body,
      response: endpoint.response,
      timeoutMs: endpoint.timeout_ms ?? DEFAULT_TIMEOUT_MS,
    },
    scenarios: raw.scenarios,
    fragments: raw.fragments,
    concurrency: raw.concurrency,
    reporters: raw.reporters,
    out: raw.out,
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
