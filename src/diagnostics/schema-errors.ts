import type { ErrorObject } from 'ajv'
import type { Diagnostic } from './diagnostic.js'
import { suggestionHint } from './suggest.js'
import { formatPath, locatePath, pointerToPath, type DataPath, type YamlSource } from './yaml-source.js'

/**
 * Turns ajv's errors (collected with allErrors) into positioned diagnostics. ajv reports every
 * failed branch of an `anyOf`; we keep the branch the user evidently meant (the one that got past
 * the type check) or, when none did, one message that describes what is accepted.
 */
export function schemaDiagnostics(source: YamlSource, errors: ErrorObject[], base: DataPath = []): Diagnostic[] {
  return simplify(errors).map((e) => toDiagnostic(source, e, base))
}

function depth(e: ErrorObject): number {
  return e.instancePath === '' ? 0 : e.instancePath.split('/').length
}

function within(path: string, parent: string): boolean {
  return path === parent || path.startsWith(`${parent}/`)
}

function simplify(input: ErrorObject[]): ErrorObject[] {
  // `if` errors only say "must match then schema"; the branch's own errors are the useful part.
  // A bad key name fails both `propertyNames` and the inner `pattern` or `not`; keep the first, which names the key.
  const badNames = new Set(input.filter((e) => e.keyword === 'propertyNames').map((e) => e.instancePath))
  let result = input.filter(
    (e) => e.keyword !== 'if' && !((e.keyword === 'pattern' || e.keyword === 'not') && badNames.has(e.instancePath)),
  )
  const alternatives = result
    .map((e, index) => ({ e, index }))
    .filter(({ e }) => e.keyword === 'anyOf')
    .sort((a, b) => depth(b.e) - depth(a.e) || a.index - b.index)
  for (const { e: alt } of alternatives) {
    if (!result.includes(alt)) continue
    const under = result.filter((e) => e !== alt && within(e.instancePath, alt.instancePath))
    const typeMisses = under.filter((e) => e.instancePath === alt.instancePath && e.keyword === 'type')
    const meaningful = under.filter((e) => !typeMisses.includes(e))
    result = meaningful.length > 0 ? result.filter((e) => e !== alt && !typeMisses.includes(e)) : result.filter((e) => !under.includes(e))
  }
  // One message per (path, keyword, key): anyOf branches can repeat the same complaint.
  const seen = new Set<string>()
  return result.filter((e) => {
    const id = `${e.instancePath}|${e.keyword}|${JSON.stringify(e.params)}`
    if (seen.has(id)) return false
    seen.add(id)
    return true
  })
}

function describe(schema: unknown): string {
  const s = schema as { description?: string; title?: string } | undefined
  const text = s?.description ?? s?.title ?? 'a valid value'
  return text.replace(/\.$/, '').replace(/^An? /, (m) => m.toLowerCase())
}

function typeName(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'a list'
  if (typeof value === 'object') return 'a mapping'
  return `a ${typeof value}`
}

/** Names the schema refuses for variables, captures and slots: JavaScript object internals. */
const RESERVED_NAMES = new Set(['__proto__', 'constructor', 'prototype'])

function toDiagnostic(source: YamlSource, e: ErrorObject, base: DataPath): Diagnostic {
  const path = [...base, ...pointerToPath(e.instancePath)]
  const where = path.length > 0 ? `${formatPath(path)}: ` : ''
  const at = (p: DataPath, key = false) => locatePath(source, p, { key })
  const params = e.params as Record<string, unknown>
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String(params.additionalProperty)
      const valid = Object.keys((e.parentSchema as { properties?: object })?.properties ?? {})
      return {
        code: 'UNKNOWN_KEY',
        message: `${where}unknown key "${key}"`,
        ...at([...path, key], true),
        hint: suggestionHint(key, valid, 'valid keys'),
      }
    }
    case 'required':
      return { code: 'MISSING_KEY', message: `${where}missing required key "${String(params.missingProperty)}"`, ...at(path) }
    case 'type':
      return { code: 'WRONG_TYPE', message: `${where}must be ${humanType(String(params.type))}, not ${typeName(e.data)}`, ...at(path) }
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map(String)
      return {
        code: 'INVALID_VALUE',
        message: `${where}must be one of ${allowed.join(', ')}`,
        ...at(path),
        hint: suggestionHint(String(e.data), allowed, 'allowed'),
      }
    }
    case 'propertyNames': {
      const name = String(params.propertyName)
      const hint = RESERVED_NAMES.has(name)
        ? `"${name}" is reserved (it would change the object holding the values); choose another name`
        : 'names start with a letter or _ and hold only letters, digits and _'
      return { code: 'INVALID_NAME', message: `${where}invalid name "${name}"`, ...at([...path, name], true), hint }
    }
    case 'pattern':
      return { code: 'INVALID_NAME', message: `${where}"${String(e.data)}" does not match ${String(params.pattern)}`, ...at(path) }
    case 'anyOf':
      return { code: 'INVALID_VALUE', message: `${where}expected ${describe(e.parentSchema)}`, ...at(path) }
    case 'minItems':
      return { code: 'TOO_FEW_ITEMS', message: `${where}must have at least ${String(params.limit)} item(s)`, ...at(path) }
    case 'minLength':
      return { code: 'EMPTY_VALUE', message: `${where}must not be empty`, ...at(path) }
    case 'minProperties':
      return { code: 'EMPTY_VALUE', message: `${where}must have at least ${String(params.limit)} key(s)`, ...at(path) }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return { code: 'OUT_OF_RANGE', message: `${where}must be ${String(params.comparison)} ${String(params.limit)}`, ...at(path) }
    default:
      return { code: 'SCHEMA', message: `${where}${e.message ?? 'is invalid'}`, ...at(path) }
  }
}

function humanType(t: string): string {
  const names: Record<string, string> = {
    string: 'a string',
    number: 'a number',
    integer: 'an integer',
    boolean: 'true or false',
    object: 'a mapping',
    array: 'a list',
    null: 'null',
  }
  return t
    .split(',')
    .map((x) => names[x] ?? x)
    .join(' or ')
}
