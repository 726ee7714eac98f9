/**
 * `{{name}}` templates, compiled once and rendered many times. A placeholder names a variable,
 * optionally dotted (`{{session.id}}`). Nothing in a template is ever evaluated as code.
 */
export interface Template {
  source: string
  /** Literal text and placeholders, in order. */
  parts: readonly (string | Placeholder)[]
}

export interface Placeholder {
  name: string
  path: readonly string[]
  /** Offset of `{{` in the source, for error positions. */
  offset: number
}

/** Scope for rendering: nested plain objects. */
export type Scope = Readonly<Record<string, unknown>>

const PLACEHOLDER = /\{\{\s*([A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*|\.\d+)*)\s*\}\}/g

export function compileTemplate(source: string): Template {
  // Most templates are plain text: one exact-size part (thousands of conversations keep theirs).
  if (!source.includes('{{')) return { source, parts: source === '' ? [] : [source] }
  const parts: (string | Placeholder)[] = []
  let last = 0
  for (const m of source.matchAll(PLACEHOLDER)) {
    if (m.index > last) parts.push(source.slice(last, m.index))
    const name = m[1]!
    parts.push({ name, path: name.split('.'), offset: m.index })
    last = m.index + m[0].length
  }
  if (last < source.length) parts.push(source.slice(last))
  return { source, parts }
}

export function placeholders(t: Template): Placeholder[] {
  return t.parts.filter((p): p is Placeholder => typeof p !== 'string')
}

export function isLiteral(t: Template): boolean {
  return t.parts.every((p) => typeof p === 'string')
}

function lookup(scope: Scope, path: readonly string[]): unknown {
  let value: unknown = scope
  for (const key of path) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, key)) return undefined
    value = (value as Record<string, unknown>)[key]
  }
  return value
}

function stringify(value: unknown): string {
  if (value === undefined || value === null) return ''
  return typeof value === 'object' ? JSON.stringify(value) : String(value)
}

/** Renders to a string; a missing variable renders as empty (load-time rules catch undefined names). */
export function renderTemplate(t: Template, scope: Scope): string {
  if (t.parts.length === 1 && typeof t.parts[0] === 'string') return t.parts[0]
  let out = ''
  for (const p of t.parts) out += typeof p === 'string' ? p : stringify(lookup(scope, p.path))
  return out
}

/**
 * Renders a template that is exactly one placeholder to the variable's own value (keeping numbers,
 * booleans and objects as they are); anything else renders to a string.
 */
export function renderValue(t: Template, scope: Scope): unknown {
  const only = t.parts.length === 1 ? t.parts[0] : undefined
  if (only !== undefined && typeof only !== 'string') return lookup(scope, only.path)
  return renderTemplate(t, scope)
}
