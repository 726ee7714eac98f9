import path from 'node:path'
import type { Diagnostic } from '../diagnostics/diagnostic.js'
import { readYamlFile } from '../diagnostics/read-yaml.js'
import { confinedPath, describeEscape, shownPath } from '../util/confine.js'
import type { Check, JsonSchemaCheck } from './compiled-conversation.js'
import { compileReplySchema, type ReplyValidator, type SchemaSite } from './reply-schema.js'
import { loadSchemaRefs, writtenRef, type RefFolders } from './schema-refs.js'

/** Schema files named by `reply.json_schema: path`, each read and compiled once per load. */
export interface SchemaFiles {
  /** Fills in `validate` of the file-schema checks among `checks`; problems go to `diagnostics`, once per file. */
  attach(checks: Iterable<Check>, diagnostics: Diagnostic[]): Promise<void>
  /** Fills in validators this load has compiled, for a conversation compiled again at run time (scenario/deferred.ts). */
  attachCompiled(checks: Iterable<Check>): void
}

/**
 * A schema file is relative to the scenario file naming it and must stay in that file's folder
 * tree (util/confine.ts), like every file a scenario refers to: a shared scenario cannot make
 * banter read files elsewhere. The file is JSON or YAML; its problems point into it. A schema
 * (a file, or inline in the scenario) may refer to other files by relative `$ref`, kept in the
 * same folder tree (scenario/schema-refs.ts).
 */
export function createSchemaFiles(cwd: string): SchemaFiles {
  const files = new Map<string, Promise<ReplyValidator | undefined>>()
  const compiled = new Map<string, ReplyValidator>()
  // A file's references must stay in the folder of the scenario naming it: the folder is part of the key.
  const keyOf = (check: JsonSchemaCheck) => {
    const base = path.resolve(cwd, path.dirname(check.from!))
    return check.inline ? `${path.resolve(cwd, check.from!)}#${check.inline.path.join('/')}` : `${base}\0${path.resolve(base, check.ref)}`
  }
  const load = async (check: JsonSchemaCheck, diagnostics: Diagnostic[]): Promise<ReplyValidator | undefined> => {
    const base = path.resolve(cwd, path.dirname(check.from!))
    if (check.inline) return loadInline(check.from!, check.inline, { dir: base, confine: base, cwd }, diagnostics)
    const confined = await confinedPath(base, check.ref)
    const at = { loc: check.loc }
    if ('escapes' in confined) {
      diagnostics.push({
        code: 'PATH_OUTSIDE_PROJECT',
        message: `json_schema "${check.ref}" is outside the scenario's folder: ${describeEscape(confined, (abs) => shownPath(cwd, abs))}`,
        ...at,
        hint: "a schema file must be in the scenario file's folder or below it",
      })
      return undefined
    }
    const shown = shownPath(cwd, confined.abs)
    const read = await readYamlFile(shown, cwd)
    if (read.diagnostics.length > 0 || !read.source) {
      // YAML or JSON syntax errors point into the schema file; a file that cannot be read at all, at the reference.
      const syntax = read.diagnostics.filter((d) => d.code.startsWith('YAML_'))
      if (syntax.length > 0) diagnostics.push(...syntax)
      else diagnostics.push(unreadable(read.diagnostics[0], shown, check))
      return undefined
    }
    return compileWithRefs(
      read.data,
      { source: read.source, path: [] },
      { dir: path.dirname(confined.abs), confine: base, cwd },
      diagnostics,
    )
  }
  return {
    async attach(checks, diagnostics) {
      for (const check of checks) {
        if (check.kind !== 'json_schema' || check.validate || check.from === undefined) continue
        const key = keyOf(check)
        let pending = files.get(key)
        if (!pending) {
          pending = load(check, diagnostics)
          files.set(key, pending)
        }
        const validate = await pending
        if (validate) {
          check.validate = validate
          compiled.set(key, validate)
        }
      }
    },
    attachCompiled(checks) {
      for (const check of checks) {
        if (check.kind !== 'json_schema' || check.validate || check.from === undefined) continue
        const validate = compiled.get(keyOf(check))
        if (validate) check.validate = validate
      }
    },
  }
}

/**
 * An inline schema that refers to files: compiled once those are read. The scenario file is read
 * again for the schema's positions (its parsed document is not kept after loading).
 */
async function loadInline(
  file: string,
  inline: NonNullable<JsonSchemaCheck['inline']>,
  folders: RefFolders,
  diagnostics: Diagnostic[],
): Promise<ReplyValidator | undefined> {
  const read = await readYamlFile(file, folders.cwd)
  if (!read.source) {
    diagnostics.push(...read.diagnostics)
    return undefined
  }
  return compileWithRefs(inline.schema, { source: read.source, path: inline.path }, folders, diagnostics)
}

/** Reads the files a schema refers to (scenario/schema-refs.ts) and compiles it with them. */
async function compileWithRefs(
  schema: unknown,
  site: SchemaSite,
  folders: RefFolders,
  diagnostics: Diagnostic[],
): Promise<ReplyValidator | undefined> {
  const refs = await loadSchemaRefs(schema, site, folders, diagnostics)
  if (!refs) return undefined
  const validate = compileReplySchema(refs.root, site, { files: refs.files, shown: (ref) => writtenRef(ref, refs, folders.cwd) })
  if (!Array.isArray(validate)) return validate
  diagnostics.push(...validate)
  return undefined
}

function unreadable(problem: Diagnostic | undefined, shown: string, check: JsonSchemaCheck): Diagnostic {
  if (problem?.code === 'FILE_UNREADABLE' && /ENOENT/.test(problem.message)) {
    return {
      code: 'FILE_NOT_FOUND',
      message: `json_schema file not found: ${shown}`,
      loc: check.loc,
      hint: 'the path is relative to the scenario file',
    }
  }
  return {
    code: problem?.code ?? 'FILE_UNREADABLE',
    message: `json_schema: ${problem?.message ?? `cannot read ${shown}`}`,
    loc: check.loc,
    ...(problem?.hint ? { hint: problem.hint } : {}),
  }
}
