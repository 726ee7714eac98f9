import type { Diagnostic } from '../diagnostics/diagnostic.js'
import { locatePath, type DataPath, type YamlSource } from '../diagnostics/yaml-source.js'

const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g

/**
 * Replaces `${NAME}` (or `${NAME:-default}`) in every string of the config with the environment
 * variable's value. A missing variable without a default is an error naming it and where it is
 * used. Values that came from the environment are collected as secrets, to be redacted from every
 * report and message.
 */
export function interpolateEnv(
  value: unknown,
  env: NodeJS.ProcessEnv,
  source: YamlSource,
  diagnostics: Diagnostic[],
  secrets: Set<string>,
  path: DataPath = [],
): unknown {
  if (typeof value === 'string') {
    return value.replace(REFERENCE, (_, name: string, fallback: string | undefined) => {
      const found = env[name]
      if (found !== undefined && found !== '') {
        secrets.add(found)
        return found
      }
      if (fallback !== undefined) return fallback
      diagnostics.push({
        code: 'CONFIG_ENV_MISSING',
        message: `environment variable ${name} is not set`,
        ...locatePath(source, path),
        hint: `export ${name}=… before running banter, or write \${${name}:-default}`,
      })
      return ''
    })
  }
  if (Array.isArray(value)) return value.map((v, i) => interpolateEnv(v, env, source, diagnostics, secrets, [...path, i]))
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolateEnv(v, env, source, diagnostics, secrets, [...path, k])]))
  }
  return value
}

/** A function that replaces every secret in a string with `***`. */
export function redactor(secrets: Iterable<string>): (text: string) => string {
  const list = [...secrets].filter((s) => s.length >= 3).sort((a, b) => b.length - a.length)
  if (list.length === 0) return noRedaction
  return (text) => {
    let out = text
    for (const s of list) out = out.split(s).join('***')
    return out
  }
}

/** The redactor when there is no secret: callers may skip work when they get this one. */
export const noRedaction = (text: string): string => text
