import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { Diagnostic } from '../diagnostics/diagnostic.js'
import { readYamlFile } from '../diagnostics/read-yaml.js'
import { locatePath, type DataPath } from '../diagnostics/yaml-source.js'
import { confinedPath, describeEscape, shownPath } from '../util/confine.js'
import type { ExternalSchema, SchemaSite } from './reply-schema.js'

/**
 * `$ref`s from a reply schema to other files (`"$ref": "common/address.json"`, or with a fragment,
 * `"address.json#/$defs/street"`). Each is relative to the file that holds it (the scenario for an
 * inline schema, else the schema file) and must stay inside the scenario file's folder tree, like
 * every file a scenario names (util/confine.ts). The files are read when the scenario loads, JSON
 * or YAML, following their own references in turn (cycles allowed, each file read once). Each
 * reference is rewritten to the file's absolute `file:` URL, under which ajv is given the file's
 * schema (addSchema), so references resolve the same whatever `$id` a schema declares.
 */
interface ReferencedSchemas {
  /** The schema with its file references rewritten (same shape, so data paths still locate into its source). */
  root: unknown
  /** Every file reached, its references rewritten, under the URL the references use. */
  files: ExternalSchema[]
  /** A rewritten reference → as it was written, for messages. */
  written: Map<string, string>
}

/** Where references resolve and the folder they must stay in (absolute), and the cwd files are shown from. */
export interface RefFolders {
  dir: string
  confine: string
  cwd: string
}

const SCHEME = /^[a-z][a-z0-9+.-]*:/i
/** Keywords whose values are data, not schemas: a `$ref` inside is not a reference. */
const DATA_KEYWORDS = new Set(['const', 'enum', 'default', 'examples', 'example'])
const MAX_DEPTH = 64

/** Whether a schema refers to another file anywhere. */
export function hasFileRefs(schema: unknown): boolean {
  return fileRefs(schema).length > 0
}

/** A `$ref` to another file: relative, with a path before any `#`. `#/…` and absolute URIs are not. */
function isFileRef(ref: string): boolean {
  return ref !== '' && !ref.startsWith('#') && !SCHEME.test(ref)
}

/** Each `$ref` to another file in a schema, with its data path. */
function fileRefs(node: unknown, at: DataPath = [], depth = 0): { ref: string; path: DataPath }[] {
  if (node === null || typeof node !== 'object' || depth > MAX_DEPTH) return []
  const out: { ref: string; path: DataPath }[] = []
  for (const [k, v] of Object.entries(node)) {
    const here = [...at, Array.isArray(node) ? Number(k) : k]
    if (!Array.isArray(node) && k === '$ref' && typeof v === 'string' && isFileRef(v)) out.push({ ref: v, path: here })
    else if (Array.isArray(node) || !DATA_KEYWORDS.has(k)) out.push(...fileRefs(v, here, depth + 1))
  }
  return out
}

/**
 * Reads the files a schema refers to, or reports (in `diagnostics`, located at the `$ref`) each
 * reference that leaves the scenario's folder or names a file that cannot be read; undefined then.
 */
export async function loadSchemaRefs(
  schema: unknown,
  site: SchemaSite,
  folders: RefFolders,
  diagnostics: Diagnostic[],
): Promise<ReferencedSchemas | undefined> {
  const files: ExternalSchema[] = []
  const seen = new Map<string, string>()
  const written = new Map<string, string>()
  let ok = true
  const rewrite = async (node: unknown, where: SchemaSite, dir: string): Promise<unknown> => {
    const copy = structuredClone(node)
    for (const { ref, path: at } of fileRefs(copy)) {
      const hash = ref.indexOf('#')
      const file = hash === -1 ? ref : ref.slice(0, hash)
      const fragment = hash === -1 ? '' : ref.slice(hash)
      const located = locatePath(where.source, [...where.path, ...at])
      const confined = await confinedPath(folders.confine, path.resolve(dir, safeDecode(file)))
      if ('escapes' in confined) {
        ok = false
        diagnostics.push({
          code: 'PATH_OUTSIDE_PROJECT',
          message: `json_schema: $ref "${ref}" is outside the scenario's folder: ${describeEscape(confined, (abs) => shownPath(folders.cwd, abs))}`,
          ...located,
          hint: "a schema may refer to files in the scenario file's folder or below it",
        })
        continue
      }
      let url = seen.get(confined.abs)
      if (url === undefined) {
        url = pathToFileURL(confined.abs).href
        seen.set(confined.abs, url)
        const shown = shownPath(folders.cwd, confined.abs)
        const read = await readYamlFile(shown, folders.cwd)
        if (read.diagnostics.length > 0 || !read.source) {
          ok = false
          diagnostics.push(...refUnreadable(read.diagnostics, ref, shown, located))
          continue
        }
        const fileSite = { source: read.source, path: [] }
        files.push({ url, schema: await rewrite(read.data, fileSite, path.dirname(confined.abs)), site: fileSite })
      }
      written.set(`${url}${fragment}`, ref)
      setAt(copy, at, `${url}${fragment}`)
    }
    return copy
  }
  const root = await rewrite(schema, site, folders.dir)
  return ok ? { root, files, written } : undefined
}

/** A reference as written, from a rewritten one (an ajv message names the rewritten one). */
export function writtenRef(ref: string, refs: Pick<ReferencedSchemas, 'written'> | undefined, cwd: string): string {
  const known = refs?.written.get(ref)
  if (known !== undefined) return known
  if (!ref.startsWith('file:')) return ref
  const hash = ref.indexOf('#')
  return `${shownPath(cwd, fileURLToPath(hash === -1 ? ref : ref.slice(0, hash)))}${hash === -1 ? '' : ref.slice(hash)}`
}

function refUnreadable(problems: Diagnostic[], ref: string, shown: string, at: ReturnType<typeof locatePath>): Diagnostic[] {
  // YAML or JSON syntax errors point into the referenced file; a file that cannot be read, at the reference.
  const syntax = problems.filter((d) => d.code.startsWith('YAML_'))
  if (syntax.length > 0) return syntax
  const problem = problems[0]
  if (problem?.code === 'FILE_UNREADABLE' && /ENOENT/.test(problem.message))
    return [
      {
        code: 'FILE_NOT_FOUND',
        message: `json_schema: $ref "${ref}": file not found: ${shown}`,
        ...at,
        hint: 'a $ref is relative to the file it is written in',
      },
    ]
  return [
    {
      code: problem?.code ?? 'FILE_UNREADABLE',
      message: `json_schema: $ref "${ref}": ${problem?.message ?? `cannot read ${shown}`}`,
      ...at,
    },
  ]
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

function setAt(node: unknown, at: DataPath, value: string): void {
  let parent = node as Record<string | number, unknown>
  for (const step of at.slice(0, -1)) parent = parent[step] as Record<string | number, unknown>
  parent[at.at(-1)!] = value
}
