import path from 'node:path'
import { inputError } from '../core/errors.js'
import { REPORTERS } from '../reporters/registry.js'
import { REPORTER_NAMES, type ReporterName } from '../reporters/names.js'
import { suggestionHint } from '../diagnostics/suggest.js'

export interface ReporterSpec {
  name: ReporterName
  /** Absolute output file; absent for the console. */
  file?: string
}

/**
 * Parses `--reporter console,json --reporter junit:results/junit.xml`: names, each with an optional
 * `:path` (relative to `base`: the working directory for flags, the config's folder for its
 * `reporters:`); files without a path go under `outDir`.
 */
export function parseReporterSpecs(values: string[], outDir: string, base: string): ReporterSpec[] {
  const specs: ReporterSpec[] = []
  for (const raw of values
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean)) {
    const colon = raw.indexOf(':')
    const name = colon === -1 ? raw : raw.slice(0, colon)
    const explicit = colon === -1 ? undefined : raw.slice(colon + 1)
    if (!isReporterName(name))
      throw inputError('UNKNOWN_REPORTER', `unknown reporter "${name}"`, suggestionHint(name, [...REPORTER_NAMES], 'reporters'))
    if (specs.some((s) => s.name === name)) continue
    const factory = REPORTERS[name]
    const file = explicit ? path.resolve(base, explicit) : factory.file ? path.resolve(outDir, factory.file) : undefined
    specs.push({ name, file })
  }
  return specs
}

function isReporterName(name: string): name is ReporterName {
  return (REPORTER_NAMES as readonly string[]).includes(name)
}
