import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import type { ValidateFunction } from 'ajv'
import { packagePath } from '../util/package-path.js'
import { createAjv, schemaFingerprint } from './ajv.js'

export type SchemaName = 'scenario' | 'config' | 'report'

/** What scripts/compile-schemas.mjs writes: one standalone validator per schema, and what each was built from. */
interface BuiltValidators {
  fingerprints?: Partial<Record<SchemaName, string>>
  scenario?: ValidateFunction
  config?: ValidateFunction
  report?: ValidateFunction
}

/**
 * The build step's output, next to this module: present in dist/ after `npm run build`, absent
 * in src/, so tests running the sources always compile the schemas they read.
 */
const BUILT_VALIDATORS = fileURLToPath(new URL('./schema-validators.cjs', import.meta.url))

const require = createRequire(import.meta.url)
const cache = new Map<SchemaName, ValidateFunction>()

/**
 * The ajv validator for one of the shipped schemas (`scenario`, `config`, `report`), once per process: the
 * one built ahead of time when it matches the schema file (compiling at run time costs 55-130 ms
 * of every start-up, loading the built one ~8 ms), else compiled from the schema file.
 */
export function schemaValidator(name: SchemaName): ValidateFunction {
  let validate = cache.get(name)
  if (!validate) {
    validate = loadValidator(BUILT_VALIDATORS, name, readFileSync(packagePath(`schema/${name}.schema.json`), 'utf8'))
    cache.set(name, validate)
  }
  return validate
}

/** The validator for `name` from the built module `file` if it was built from `schemaText`, else compiled from `schemaText` now. */
export function loadValidator(file: string, name: SchemaName, schemaText: string): ValidateFunction {
  return builtValidator(file, name, schemaText) ?? compileValidator(schemaText)
}

/** The validator in the built module `file`, unless the file is missing or was built from another text (the schema was edited since). */
export function builtValidator(file: string, name: SchemaName, schemaText: string): ValidateFunction | undefined {
  if (!existsSync(file)) return undefined
  const built = require(file) as BuiltValidators
  const validate = built.fingerprints?.[name] === schemaFingerprint(schemaText) ? built[name] : undefined
  // Standalone code leaves out `.schema`, which a compiled validator has (tests read it).
  if (validate) validate.schema ??= JSON.parse(schemaText) as object
  return validate
}

/** Compiles at run time, as the build step does (same options). */
export function compileValidator(schemaText: string): ValidateFunction {
  // A new ajv each time: one ajv refuses a second schema with the same $id, and tests compile
  // the same schema more than once. The fallback path only; the cost is in the compile itself.
  return createAjv().compile(JSON.parse(schemaText) as object)
}
