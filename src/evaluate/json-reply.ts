import type { ErrorObject } from 'ajv'
import type { Check, JsonSchemaCheck } from '../scenario/compiled-conversation.js'
import { MAX_JSON_DEPTH } from '../network/read-body.js'
import { selectAll } from '../template/path.js'
import { renderTemplate, type Scope } from '../template/template.js'
import { nestedDeeperThan } from '../util/json-depth.js'
import type { Verdict } from '../report/verdict.js'
import { sameEntityValue } from './entity-value.js'

type JsonPathCheck = Extract<Check, { kind: 'json_path' }>

/** Violations listed one by one per schema check; the rest are counted in one more verdict. */
export const MAX_VIOLATIONS = 20
/** Longer values in a verdict are shown as the start of their JSON. */
const SHOWN_CHARS = 200

/** The reply text parsed as JSON, or why it is not JSON. */
export type ParsedReply = { value: unknown } | { error: string }

export function parseReply(text: string): ParsedReply {
  if (nestedDeeperThan(text, MAX_JSON_DEPTH)) return { error: `nested deeper than ${MAX_JSON_DEPTH} levels` }
  try {
    return { value: JSON.parse(text) }
  } catch (err) {
    const fenced = /^\s*```/.test(text) ? '; the reply is a Markdown code block, structured output should be bare JSON' : ''
    return { error: `${(err as Error).message}${fenced}` }
  }
}

/** The one failed verdict of a reply that is not JSON (further JSON checks of the turn add none). */
export function notJson(check: JsonSchemaCheck | JsonPathCheck, text: string, error: string): Verdict {
  return {
    check: check.kind,
    pass: false,
    code: 'REPLY_NOT_JSON',
    expected: check.kind === 'json_schema' ? { json_schema: check.ref } : { json_path: check.path.source },
    actual: { text, error },
    loc: check.loc,
  }
}

/**
 * `reply.json_schema`: one passing verdict, or one failed verdict per violation naming where in
 * the reply (`$.items[0].qty`) and which schema keyword (`type`, with its schema path).
 */
export function checkJsonSchema(check: JsonSchemaCheck, value: unknown): Verdict[] {
  const base = { check: 'json_schema' as const, loc: check.loc }
  if (!check.validate) throw new Error(`json_schema ${check.ref} was never compiled`)
  if (check.validate(value)) return [{ ...base, pass: true, code: 'REPLY_SCHEMA_OK', expected: { json_schema: check.ref }, actual: null }]
  const errors = check.validate.errors ?? []
  const listed = errors.slice(0, MAX_VIOLATIONS).map((e): Verdict => {
    const { path, at } = violationPath(e, value)
    return {
      ...base,
      pass: false,
      code: 'REPLY_SCHEMA_VIOLATION',
      expected: { json_schema: check.ref, keyword: e.keyword, schema_path: e.schemaPath, rule: e.message ?? e.keyword },
      actual: at === undefined ? { path } : { path, value: shown(at) },
    }
  })
  if (errors.length > MAX_VIOLATIONS)
    listed.push({
      ...base,
      pass: false,
      code: 'REPLY_SCHEMA_MORE_VIOLATIONS',
      expected: { json_schema: check.ref },
      actual: errors.length - MAX_VIOLATIONS,
    })
  return listed
}

/** `reply.json_path`: the path's value(s) compared as entity values are; null only matches null. */
export function checkJsonPath(check: JsonPathCheck, value: unknown, scope: Scope): Verdict {
  const want = check.value === null ? null : renderTemplate(check.value.text, scope)
  const found = selectAll(check.path, value)
  const shownWant = check.value === null ? null : typeof check.value.shown === 'string' ? want : check.value.shown
  const base = { check: 'json_path' as const, loc: check.loc, expected: { path: check.path.source, equals: shownWant } }
  if (found.length === 0) return { ...base, pass: false, code: 'REPLY_JSON_PATH_MISSING', actual: null }
  const pass = found.every((v) => matches(v, want))
  const actual = check.path.multi ? found.slice(0, 50).map(shown) : shown(found[0])
  return { ...base, pass, code: pass ? 'REPLY_JSON_PATH_OK' : 'REPLY_JSON_PATH_MISMATCH', actual }
}

function matches(actual: unknown, want: string | null): boolean {
  if (want === null || actual === null) return actual === want
  if (typeof actual === 'string') return sameEntityValue(actual, want)
  if (typeof actual === 'number' || typeof actual === 'boolean') return sameEntityValue(String(actual), want)
  return false
}

/** A value as a verdict shows it: scalars as they are, long texts and large objects as the start of their JSON. */
function shown(value: unknown): unknown {
  if (value === null || (typeof value !== 'object' && typeof value !== 'string')) return value
  const text = typeof value === 'string' ? value : JSON.stringify(value)
  return text.length <= SHOWN_CHARS ? value : `${text.slice(0, SHOWN_CHARS)}…`
}

/**
 * Where in the reply a violation is, as a JSONPath: ajv's instancePath, plus the property at fault
 * for `required` (missing), `additionalProperties` and `unevaluatedProperties` (extra), so the path
 * names the field rather than the object around it.
 */
function violationPath(e: ErrorObject, root: unknown): { path: string; at: unknown } {
  const segments =
    e.instancePath === ''
      ? []
      : e.instancePath
          .slice(1)
          .split('/')
          .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
  const params = e.params as Record<string, unknown>
  const extra = params.missingProperty ?? params.additionalProperty ?? params.unevaluatedProperty ?? params.propertyName
  if (typeof extra === 'string') segments.push(extra)
  let path = '$'
  let at: unknown = root
  for (const s of segments) {
    if (Array.isArray(at) && /^\d+$/.test(s)) {
      path += `[${s}]`
      at = at[Number(s)]
    } else {
      path += /^[A-Za-z_$][\w$]*$/.test(s) ? `.${s}` : `['${s.replace(/'/g, "\\'")}']`
      at = at !== null && typeof at === 'object' && Object.hasOwn(at, s) ? (at as Record<string, unknown>)[s] : undefined
    }
  }
  return { path, at }
}
