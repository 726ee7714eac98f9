import { compileTemplate, renderValue, type Scope, type Template } from './template.js'

/** A JSON value whose strings are templates: a request body, compiled once. */
export type JsonTemplate =
  | { kind: 'literal'; value: unknown }
  | { kind: 'string'; template: Template }
  | { kind: 'array'; items: JsonTemplate[] }
  | { kind: 'object'; entries: [string, JsonTemplate][] }

export function compileJsonTemplate(value: unknown): JsonTemplate {
  if (typeof value === 'string') return { kind: 'string', template: compileTemplate(value) }
  if (Array.isArray(value)) return { kind: 'array', items: value.map(compileJsonTemplate) }
  if (value !== null && typeof value === 'object') {
    return { kind: 'object', entries: Object.entries(value).map(([k, v]) => [k, compileJsonTemplate(v)]) }
  }
  return { kind: 'literal', value }
}

export function renderJsonTemplate(t: JsonTemplate, scope: Scope): unknown {
  switch (t.kind) {
    case 'literal':
      return t.value
    case 'string':
      return renderValue(t.template, scope)
    case 'array':
      return t.items.map((i) => renderJsonTemplate(i, scope))
    case 'object': {
      // A plain loop: this renders every request body of a run. No prototype, so a key named
      // `__proto__` is a key like any other, as with Object.fromEntries.
      const out = Object.create(null) as Record<string, unknown>
      for (const [k, v] of t.entries) out[k] = renderJsonTemplate(v, scope)
      return out
    }
  }
}
