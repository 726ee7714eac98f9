import { createRequire } from 'node:module'
import type { ErrorObject, ValidateFunction } from 'ajv'
import type { Diagnostic } from '../diagnostics/diagnostic.js'
import { closest } from '../diagnostics/suggest.js'
import { locatePath, pointerToPath, type DataPath, type YamlSource } from '../diagnostics/yaml-source.js'

/**
 * JSON Schemas that scenarios check structured replies against (`reply.json_schema`). The draft
 * follows the schema's `$schema`: 2020-12 (also the default), 2019-09 or draft-07. Schemas are
 * compiled once per process, keyed by their text, so a schema used by a thousand turns (or a
 * file referenced from many scenarios) costs one compile. Strict: an unknown keyword (`requried`)
 * is an error rather than a check silently skipped; `format` is validated (ajv-formats).
 */
export type ReplyValidator = ValidateFunction

type Draft = '2020-12' | '2019-09' | 'draft-07'

interface AjvLike {
  validateSchema(schema: unknown): boolean | Promise<unknown>
  compile(schema: unknown): ValidateFunction
  addSchema(schema: unknown, key: string): unknown
  errors?: ErrorObject[] | null
  RULES: { all: Record<string, unknown> }
}

const require = createRequire(import.meta.url)
const ajvs = new Map<Draft, AjvLike>()
const compiled = new Map<string, ReplyValidator>()

/** Keywords that annotate without validating and that real schemas carry (OpenAPI's `example`). */
const ANNOTATIONS = ['example']

/** The shared instance of a draft, for self-contained schemas. */
function ajvFor(draft: Draft): AjvLike {
  let ajv = ajvs.get(draft)
  if (!ajv) ajvs.set(draft, (ajv = newAjv(draft)))
  return ajv
}

/**
 * A new instance: a schema that refers to files gets its own, holding those files' schemas
 * (addSchema), so a file edited between two loads in one process is never served stale.
 */
function newAjv(draft: Draft): AjvLike {
  // Required on demand: a run without structured replies never loads ajv's compiler.
  const options = { allErrors: true, strict: true, strictTypes: false, strictTuples: false, strictRequired: false, allowUnionTypes: true }
  const Ajv =
    draft === '2020-12'
      ? require('ajv/dist/2020.js').Ajv2020
      : draft === '2019-09'
        ? require('ajv/dist/2019.js').Ajv2019
        : require('ajv').Ajv
  const ajv = new Ajv(options) as AjvLike
  ;(require('ajv-formats') as { default: (a: AjvLike) => void }).default(ajv)
  for (const k of ANNOTATIONS) (ajv as unknown as { addKeyword(k: string): void }).addKeyword(k)
  return ajv
}

/** The draft a schema declares, or why it cannot be used. */
function draftOf(schema: unknown): Draft | { unsupported: string } {
  const declared = typeof schema === 'object' && schema !== null ? (schema as Record<string, unknown>).$schema : undefined
  if (declared === undefined) return '2020-12'
  const text = String(declared)
  if (text.includes('2020-12')) return '2020-12'
  if (text.includes('2019-09')) return '2019-09'
  if (/draft-0?7/.test(text)) return 'draft-07'
  return { unsupported: text }
}

/** Where a schema is written: a scenario's inline value or a schema file, and the data path of the schema in it. */
export interface SchemaSite {
  source: YamlSource
  path: DataPath
}

/** A schema a reply schema refers to (scenario/schema-refs.ts): its file's URL, its schema, where it is written. */
export interface ExternalSchema {
  url: string
  schema: unknown
  site: SchemaSite
}

/** The files a schema refers to, and how to show a reference as it was written. */
interface SchemaRefs {
  files: ExternalSchema[]
  shown(ref: string): string
}

const NO_REFS: SchemaRefs = { files: [], shown: (ref) => ref }

/** One schema of a compile (the reply schema or a file it refers to) and how to locate a data path in it. */
interface Located {
  schema: unknown
  at: (pointer: DataPath, keyed?: boolean) => ReturnType<typeof locatePath>
}

/**
 * Compiles a reply schema, with the schemas of the files it refers to, or returns located
 * diagnostics: an unsupported draft (or a referenced file of another draft), a value the draft's
 * meta-schema rejects (pointed at the offending keyword, in whichever file), an unknown keyword
 * (with the closest known one), or a `$ref` that does not resolve.
 */
export function compileReplySchema(schema: unknown, site: SchemaSite, refs: SchemaRefs = NO_REFS): ReplyValidator | Diagnostic[] {
  const key = refs.files.length === 0 ? JSON.stringify(schema) : JSON.stringify([schema, refs.files.map((f) => [f.url, f.schema])])
  const cached = compiled.get(key)
  if (cached) return cached
  const draft = draftOf(schema)
  const root: Located = { schema, at: locator(site) }
  if (typeof draft === 'object') return [unsupportedDraft(draft.unsupported, root)]
  const others = refs.files.map((f): Located => ({ schema: f.schema, at: locator(f.site) }))
  const ajv = refs.files.length === 0 ? ajvFor(draft) : newAjv(draft)
  const problems = [root, ...others].flatMap((s) => metaProblems(s, draft, ajv))
  if (problems.length > 0) return problems
  try {
    for (const f of refs.files) ajv.addSchema(f.schema, f.url)
    const validate = ajv.compile(schema)
    compiled.set(key, validate)
    return validate
  } catch (err) {
    return [compileProblem(err as Error, [root, ...others], ajv, refs.shown)]
  }
}

function locator(site: SchemaSite): Located['at'] {
  return (pointer, keyed = false) => locatePath(site.source, [...site.path, ...pointer], { key: keyed })
}

function unsupportedDraft(declared: string, s: Located): Diagnostic {
  return {
    code: 'REPLY_SCHEMA_INVALID',
    message: `json_schema: unsupported $schema "${declared}"`,
    ...s.at(['$schema']),
    hint: 'banter validates JSON Schema 2020-12 (the default), 2019-09 and draft-07',
  }
}

/** What the draft's meta-schema rejects in one schema; a referenced file must be of the same draft. */
function metaProblems(s: Located, draft: Draft, ajv: AjvLike): Diagnostic[] {
  const own = draftOf(s.schema)
  if (typeof own === 'object') return [unsupportedDraft(own.unsupported, s)]
  if (own !== draft && hasSchemaKeyword(s.schema))
    return [
      {
        code: 'REPLY_SCHEMA_INVALID',
        message: `json_schema: this file is JSON Schema ${own}, the schema referring to it ${draft}`,
        ...s.at(['$schema']),
        hint: 'a schema and the files it refers to must use the same draft',
      },
    ]
  if (ajv.validateSchema(s.schema) === true) return []
  return (ajv.errors ?? [])
    .filter((e) => e.keyword !== 'if')
    .map((e) => ({
      code: 'REPLY_SCHEMA_INVALID',
      message: `json_schema: ${e.instancePath ? `${e.instancePath.slice(1).replace(/\//g, '.')} ` : ''}${e.message ?? 'is invalid'} (JSON Schema ${draft})`,
      ...s.at(pointerToPath(e.instancePath)),
      hint: 'see https://json-schema.org/understanding-json-schema/',
    }))
}

function hasSchemaKeyword(schema: unknown): boolean {
  return typeof schema === 'object' && schema !== null && '$schema' in schema
}

function compileProblem(err: Error, schemas: Located[], ajv: AjvLike, shown: (ref: string) => string): Diagnostic {
  /** Where `find` finds a data path first: the reply schema, then the files it refers to. */
  const where = (find: (schema: unknown) => DataPath | undefined, keyed = false) => {
    for (const s of schemas) {
      const found = find(s.schema)
      if (found) return s.at(found, keyed)
    }
    return schemas[0]!.at([])
  }
  const unknown = /unknown keyword: "([^"]+)"/.exec(err.message)
  if (unknown) {
    const near = closest(unknown[1]!, Object.keys(ajv.RULES.all))
    return {
      code: 'REPLY_SCHEMA_INVALID',
      message: `json_schema: unknown keyword "${unknown[1]}"`,
      ...where((s) => keyPath(s, unknown[1]!), true),
      hint: near ? `did you mean "${near}"? (an unknown keyword would check nothing)` : 'remove it: an unknown keyword would check nothing',
    }
  }
  const format = /unknown format "([^"]+)"/.exec(err.message)
  if (format)
    return {
      code: 'REPLY_SCHEMA_INVALID',
      message: `json_schema: unknown format "${format[1]}"`,
      ...where((s) => valuePath(s, 'format', format[1]!)),
      hint: 'known formats include date-time, date, time, email, hostname, ipv4, ipv6, uri, uuid, regex',
    }
  const ref = /can't resolve reference (\S+)/.exec(err.message)
  if (ref)
    return {
      code: 'REPLY_SCHEMA_INVALID',
      message: `json_schema: $ref ${shown(ref[1]!)} does not resolve`,
      ...where((s) => valuePath(s, '$ref', ref[1]!)),
      hint: 'refer to a part of this schema as #/$defs/name, or to a file beside the scenario as file.json or file.json#/$defs/name',
    }
  return { code: 'REPLY_SCHEMA_INVALID', message: `json_schema: ${err.message}`, ...schemas[0]!.at([]) }
}

/** The data path of the first key `name` in a schema (depth first), to point at an unknown keyword. */
function keyPath(node: unknown, name: string, at: DataPath = [], depth = 0): DataPath | undefined {
  if (node === null || typeof node !== 'object' || depth > 64) return undefined
  for (const [k, v] of Object.entries(node)) {
    const here = [...at, Array.isArray(node) ? Number(k) : k]
    if (k === name && !Array.isArray(node)) return here
    const found = keyPath(v, name, here, depth + 1)
    if (found) return found
  }
  return undefined
}

/** The data path of the first `key: value` pair in a schema. */
function valuePath(node: unknown, key: string, value: string, at: DataPath = [], depth = 0): DataPath | undefined {
  if (node === null || typeof node !== 'object' || depth > 64) return undefined
  for (const [k, v] of Object.entries(node)) {
    const here = [...at, Array.isArray(node) ? Number(k) : k]
    if (k === key && v === value) return here
    const found = valuePath(v, key, value, here, depth + 1)
    if (found) return found
  }
  return undefined
}
