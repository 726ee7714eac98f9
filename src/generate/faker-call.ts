/**
 * The faker call syntax of generators, `faker.module.method(args)`, parsed (never evaluated):
 * arguments are literals only — numbers, strings, booleans, null, arrays and `{key: value}`
 * objects.
 */
export interface FakerCall {
  module: string
  method: string
  args: unknown[]
  /** Offsets of the module and method names in the parsed text, for diagnostics. */
  moduleOffset: number
  methodOffset: number
}

export interface FakerSyntaxError {
  error: string
  offset: number
}

class ParseError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message)
  }
}

const IDENT = /[A-Za-z_$][\w$]*/y
const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?/y
/** Lists and objects nested deeper than this are refused: the parser recurses per level. */
const MAX_ARGUMENT_DEPTH = 8

/** Parses `faker.module.method(args)`; the whole text must be one call. */
export function parseFakerCall(text: string): FakerCall | FakerSyntaxError {
  const p = { text, pos: 0, depth: 0 }
  try {
    skipSpace(p)
    const root = ident(p)
    if (root.name !== 'faker') throw new ParseError(`expected "faker.", found "${root.name}"`, root.offset)
    expect(p, '.')
    const mod = ident(p)
    expect(p, '.')
    const method = ident(p)
    expect(p, '(')
    const args = list(p, ')')
    skipSpace(p)
    if (p.pos < text.length) throw new ParseError(`unexpected "${text.slice(p.pos)}" after the call`, p.pos)
    return { module: mod.name, method: method.name, args, moduleOffset: mod.offset, methodOffset: method.offset }
  } catch (err) {
    if (err instanceof ParseError) return { error: err.message, offset: err.offset }
    throw err
  }
}

interface Parser {
  text: string
  pos: number
  depth: number
}

function skipSpace(p: Parser): void {
  while (p.pos < p.text.length && /\s/.test(p.text[p.pos]!)) p.pos++
}

function ident(p: Parser): { name: string; offset: number } {
  skipSpace(p)
  IDENT.lastIndex = p.pos
  const m = IDENT.exec(p.text)
  if (!m) throw new ParseError(`expected a name at "${p.text.slice(p.pos, p.pos + 10) || 'end of text'}"`, p.pos)
  p.pos += m[0].length
  return { name: m[0], offset: p.pos - m[0].length }
}

function expect(p: Parser, ch: string): void {
  skipSpace(p)
  if (p.text[p.pos] !== ch) throw new ParseError(`expected "${ch}"`, p.pos)
  p.pos++
}

function list(p: Parser, close: string): unknown[] {
  const items: unknown[] = []
  skipSpace(p)
  if (p.text[p.pos] === close) {
    p.pos++
    return items
  }
  for (;;) {
    items.push(value(p))
    skipSpace(p)
    const ch = p.text[p.pos]
    p.pos++
    if (ch === close) return items
    if (ch !== ',') throw new ParseError(`expected "," or "${close}"`, p.pos - 1)
  }
}

function value(p: Parser): unknown {
  skipSpace(p)
  const ch = p.text[p.pos]
  if (ch === '"' || ch === "'") return quoted(p, ch)
  if (ch === '[' || ch === '{') {
    if (p.depth >= MAX_ARGUMENT_DEPTH) throw new ParseError(`arguments are nested deeper than ${MAX_ARGUMENT_DEPTH} levels`, p.pos)
    p.depth++
    if (ch === '[') p.pos++
    const nested = ch === '[' ? list(p, ']') : object(p)
    p.depth--
    return nested
  }
  NUMBER.lastIndex = p.pos
  const num = NUMBER.exec(p.text)
  if (num) {
    p.pos += num[0].length
    return Number(num[0])
  }
  const word = ident(p)
  const literals: Record<string, unknown> = { true: true, false: false, null: null }
  if (word.name in literals) return literals[word.name]
  throw new ParseError(
    `arguments must be literals (numbers, strings, true, false, null, [lists], {objects}); found "${word.name}"`,
    word.offset,
  )
}

function quoted(p: Parser, quote: string): string {
  const start = p.pos++
  let out = ''
  while (p.pos < p.text.length && p.text[p.pos] !== quote) {
    if (p.text[p.pos] === '\\') p.pos++
    out += p.text[p.pos++] ?? ''
  }
  if (p.pos >= p.text.length) throw new ParseError('unclosed string', start)
  p.pos++
  return out
}

function object(p: Parser): Record<string, unknown> {
  p.pos++
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>
  skipSpace(p)
  if (p.text[p.pos] === '}') {
    p.pos++
    return out
  }
  for (;;) {
    skipSpace(p)
    const ch = p.text[p.pos]
    const key = ch === '"' || ch === "'" ? quoted(p, ch) : ident(p).name
    expect(p, ':')
    out[key] = value(p)
    skipSpace(p)
    const next = p.text[p.pos++]
    if (next === '}') return { ...out }
    if (next !== ',') throw new ParseError('expected "," or "}"', p.pos - 1)
  }
}
