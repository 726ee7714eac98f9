import { createHash } from 'node:crypto'
import { createRequire } from 'node:module'
import type { Ajv2020, Options } from 'ajv/dist/2020.js'

/**
 * The one place ajv's options live: the run-time compile (schema.ts) and the build step that
 * writes standalone validators (scripts/compile-schemas.mjs) must use the same, or the two would
 * report different errors. `allErrors` so a file's problems are all reported in one go; `verbose`
 * so errors carry the offending data and schema for good messages.
 */
const AJV_OPTIONS: Options = { allErrors: true, verbose: true, strict: true, strictRequired: false, allowUnionTypes: true }

const require = createRequire(import.meta.url)

/** A new ajv for the shipped schemas; `extra` is for the build step (`code: { source: true }`). */
export function createAjv(extra: Options = {}): Ajv2020 {
  // Required on demand, not imported: loading ajv's compiler costs ~25 ms, which a process using
  // the build's precompiled validators never pays.
  const { Ajv2020 } = require('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js')
  const ajv = new Ajv2020({ ...AJV_OPTIONS, ...extra })
  // json-schema-to-typescript's annotation for union types; meaningless to validation.
  ajv.addKeyword('tsType')
  return ajv
}

/**
 * What a precompiled validator was built from: the schema's text and the options. A validator is
 * used only while this still matches, so an edited schema (or changed options, or another ajv)
 * never meets a stale build.
 */
export function schemaFingerprint(schemaText: string): string {
  // ajv's version too: built code calls ajv's run-time helpers, which an upgrade may change.
  const { version } = require('ajv/package.json') as { version: string }
  return createHash('sha256')
    .update(`${version}\n${JSON.stringify(AJV_OPTIONS)}\n`)
    .update(schemaText)
    .digest('hex')
}
