/**
 * A small, safe subset of JSONPath for reading values out of response bodies:
 * `$.a.b`, `a.b`, `$.items[0]`, `$.items[-1]`, `$.items[*].text`, `$['odd key']`.
 * Compiled once; evaluation never runs code and never throws.
 */
type PathSegment = { key: string } | { index: number } | { wildcard: true }

export interface CompiledPath {
  source: string
  segments: readonly PathSegment[]
  /** True when the path can yield several values ([*]). */
  multi: boolean
}

export class PathSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message)
  }
}

const IDENT = /^[A-Za-z_$][\w$-]*/

export function compilePath(source: string): CompiledPath {
  const segments: PathSegment[] = []
  let i = source.startsWith('$') ? 1 : 0
  if (i === 0 && source.length > 0 && source[0] !== '[' && source[0] !== '.') {
    i = readKey(source, 0, segments)
  }
  while (i < source.length) {
    const ch = source[i]
    if (ch === '.') {
      i = readKey(source, i + 1, segments)
    } else if (ch === '[') {
      i = readBracket(source, i, segments)
    } else {
      throw new PathSyntaxError(`unexpected "${ch}" in path "${source}"`, i)
    }
  }
  return { source, segments, multi: segments.some((s) => 'wildcard' in s) }
}

function readKey(src: string, start: number, out: PathSegment[]): number {
  if (src[start] === '*') {
    out.push({ wildcard: true })
    return start + 1
  }
  const m = IDENT.exec(src.slice(start))
  if (!m) throw new PathSyntaxError(`expected a name at position ${start + 1} in path "${src}"`, start)
  out.push({ key: m[0] })
  return start + m[0].length
}

function readBracket(src: string, start: number, out: PathSegment[]): number {
  const close = src.indexOf(']', start)
  if (close === -1) throw new PathSyntaxError(`unclosed "[" in path "${src}"`, start)
  const inner = src.slice(start + 1, close).trim()
  if (inner === '*') out.push({ wildcard: true })
  else if (/^-?\d+$/.test(inner)) out.push({ index: Number(inner) })
  else if (/^'[^']*'$|^"[^"]*"$/.test(inner)) out.push({ key: inner.slice(1, -1) })
  else throw new PathSyntaxError(`invalid index "[${inner}]" in path "${src}"`, start)
  return close + 1
}

/** What a key or index segment reads from a value: MISSING when the key is absent or the index out of range. */
const MISSING = Symbol('missing')

function child(value: unknown, seg: { key: string } | { index: number }): unknown {
  if ('key' in seg) {
    if (value === null || typeof value !== 'object' || Array.isArray(value) || !Object.hasOwn(value, seg.key)) return MISSING
    return (value as Record<string, unknown>)[seg.key]
  }
  if (!Array.isArray(value)) return MISSING
  const i = seg.index < 0 ? value.length + seg.index : seg.index
  return i >= 0 && i < value.length ? value[i] : MISSING
}

function step(value: unknown, seg: PathSegment): unknown[] {
  if (!('wildcard' in seg)) {
    const c = child(value, seg)
    return c === MISSING ? [] : [c]
  }
  if (Array.isArray(value)) return value
  return value !== null && typeof value === 'object' ? Object.values(value) : []
}

/** Every value the path selects. */
export function selectAll(path: CompiledPath, root: unknown): unknown[] {
  let current: unknown[] = [root]
  for (const seg of path.segments) current = current.flatMap((v) => step(v, seg))
  return current
}

/** The value the path selects: for a wildcard path, the list of values; else the one value or undefined. */
export function select(path: CompiledPath, root: unknown): unknown {
  if (path.multi) return selectAll(path, root)
  // child() without step()'s list: several paths are read from every reply.
  let value: unknown = root
  for (const seg of path.segments) {
    if ('wildcard' in seg) return undefined // multi paths were answered above
    value = child(value, seg)
    if (value === MISSING) return undefined
  }
  return value
}
