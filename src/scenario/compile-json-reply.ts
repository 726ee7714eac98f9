import type { Diagnostic } from '../diagnostics/diagnostic.js'
import { locatePath, type DataPath, type YamlSource } from '../diagnostics/yaml-source.js'
import { compilePath, PathSyntaxError } from '../template/path.js'
import { compileTemplate } from '../template/template.js'
import type { Check } from './compiled-conversation.js'
import { compileReplySchema } from './reply-schema.js'
import { hasFileRefs } from './schema-refs.js'
import type { ReplyExpect } from '../core/scenario.types.generated.js'

/**
 * The structured-reply checks of a `reply:` expectation: `json_schema` (inline, compiled now; a
 * file, or an inline schema that refers to files, compiled by attachSchemaFiles once files are read) and one check per `json_path` entry.
 * `site.path` points at the `reply:` mapping.
 */
export function jsonReplyChecks(reply: ReplyExpect, site: { source: YamlSource; path: DataPath }, diagnostics: Diagnostic[]): Check[] {
  const checks: Check[] = []
  const keyLoc = (...keys: (string | number)[]) => locatePath(site.source, [...site.path, ...keys], { key: true })
  if (reply.json_schema !== undefined) {
    const loc = keyLoc('json_schema').loc
    if (typeof reply.json_schema === 'string') {
      checks.push({ kind: 'json_schema', loc, ref: reply.json_schema, from: site.source.file })
    } else if (hasFileRefs(reply.json_schema)) {
      const inline = { schema: reply.json_schema, path: [...site.path, 'json_schema'] }
      checks.push({ kind: 'json_schema', loc, ref: 'inline', from: site.source.file, inline })
    } else {
      const validate = compileReplySchema(reply.json_schema, { source: site.source, path: [...site.path, 'json_schema'] })
      if (Array.isArray(validate)) diagnostics.push(...validate)
      else checks.push({ kind: 'json_schema', loc, ref: 'inline', validate })
    }
  }
  for (const [source, value] of Object.entries(reply.json_path ?? {})) {
    const where = keyLoc('json_path', source)
    try {
      const path = compilePath(source)
      checks.push({
        kind: 'json_path',
        loc: where.loc,
        path,
        value: value === null ? null : { text: compileTemplate(String(value)), shown: value },
      })
    } catch (err) {
      if (!(err instanceof PathSyntaxError)) throw err
      diagnostics.push({
        code: 'INVALID_PATH',
        message: `reply.json_path: ${err.message}`,
        ...where,
        hint: "paths look like $.status, $.items[0].qty, $.items[*].sku or $['odd key']; filters and .. are not supported",
      })
    }
  }
  return checks
}
