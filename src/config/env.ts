import type { DataPath } from '../diagnostics/yaml-source.js'
import type { EnvUse } from '../secrets/credentials.js'

const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g

/**
 * Replaces `${NAME}` (or `${NAME:-default}`) in every string of the config with the environment
 * variable's value, recording each use in `uses` (the caller decides what a missing variable
 * means, and which values are secret: see credentials.ts). A missing variable becomes ''.
 */
export function interpolateEnv(value: unknown, env: NodeJS.ProcessEnv, uses: EnvUse[], path: DataPath = []): unknown {
  if (typeof value === 'string') return interpolateString(value, env, uses, path)
  if (Array.isArray(value)) return value.map((v, i) => interpolateEnv(v, env, uses, [...path, i]))
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolateEnv(v, env, uses, [...path, k])]))
  }
  return value
}

function interpolateString(text: string, env: NodeJS.ProcessEnv, uses: EnvUse[], path: DataPath): string {
  let out = ''
  let last = 0
  for (const m of text.matchAll(REFERENCE)) {
    out += text.slice(last, m.index)
    last = m.index + m[0].length
    const name = m[1]!
    const fallback = m[2]
    const found = env[name]
    const fromEnv = found !== undefined && found !== ''
    const value = fromEnv ? found : fallback
    uses.push({ name, path, value, fromEnv, start: out.length, end: out.length + (value ?? '').length })
    out += value ?? ''
  }
  return out + text.slice(last)
}
