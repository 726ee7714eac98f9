/**
 * Guards for inputs the YAML parser accepts or reports poorly: invalid UTF-8, nesting too deep
 * to be a scenario, aliases to anchors that do not exist, several documents in one file.
 */
import { isAlias, isCollection, isScalar, Lexer, visit, type Document } from 'yaml'

/** Deeper nesting than this is refused: no scenario or config comes near it. */
export const MAX_NESTING_DEPTH = 64

/** Byte offset of the first invalid UTF-8 sequence, or -1 when the buffer is valid UTF-8. */
export function firstInvalidUtf8(buf: Uint8Array): number {
  let i = 0
  while (i < buf.length) {
    const b = buf[i]!
    const need = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1
    if (need < 0) return i
    for (let k = 1; k <= need; k++) if (((buf[i + k] ?? 0) & 0xc0) !== 0x80) return i
    i += need + 1
  }
  return -1
}

/** Line and column (1-based, column in characters) of a byte offset. */
export function bytePosition(buf: Uint8Array, offset: number): { line: number; col: number } {
  let lineStart = 0
  let line = 1
  for (let i = 0; i < offset; i++) {
    if (buf[i] === 0x0a) {
      line++
      lineStart = i + 1
    }
  }
  return { line, col: Buffer.from(buf.subarray(lineStart, offset)).toString('utf8').length + 1 }
}

/** A problem found in a parsed document, with its character range. */
export interface DocumentProblem {
  code: 'YAML_TOO_DEEP' | 'YAML_UNKNOWN_ALIAS'
  message: string
  hint: string
  range: [number, number]
}

/** The first structural problem of a parsed document: nesting too deep or an unresolved alias. */
export function documentProblem(doc: Document): DocumentProblem | undefined {
  let problem: DocumentProblem | undefined
  visit(doc, (_key, node, path) => {
    if (isAlias(node) && node.resolve(doc) === undefined) {
      problem = {
        code: 'YAML_UNKNOWN_ALIAS',
        message: `unknown alias *${node.source}`,
        hint: `define the anchor &${node.source} before using it`,
        range: rangeOf(node),
      }
      return visit.BREAK
    }
    if (isCollection(node) && path.filter(isCollection).length >= MAX_NESTING_DEPTH) {
      problem = {
        code: 'YAML_TOO_DEEP',
        message: `nesting is deeper than ${MAX_NESTING_DEPTH} levels`,
        hint: 'flatten the structure; no scenario needs this depth',
        range: rangeOf(node),
      }
      return visit.BREAK
    }
    return undefined
  })
  return problem
}

/**
 * Keys that repeat in a mapping, in document order. Scalar keys are equal when their values are
 * (`a` and `"a"` are the same key; `1` and `"1"` are not), as the yaml library's own check has it;
 * one Set per mapping keeps this linear in the number of keys.
 */
export function duplicateKeys(doc: Document): { key: string; range: [number, number] }[] {
  const found: { key: string; range: [number, number] }[] = []
  visit(doc, {
    Map(_key, map) {
      const seen = new Set<unknown>()
      for (const pair of map.items) {
        if (!isScalar(pair.key)) continue
        if (seen.has(pair.key.value)) found.push({ key: String(pair.key.value), range: rangeOf(pair.key) })
        else seen.add(pair.key.value)
      }
    },
  })
  return found
}

function rangeOf(node: { range?: [number, number, number] | null }): [number, number] {
  return node.range ? [node.range[0], node.range[1]] : [0, 1]
}

/** Lexer tokens that mark a mode and are not source text. */
const MARKERS = new Set(['\u0002', '\u0018', '\u001f'])

/**
 * Offset of the first flow collection (`[` or `{`) nested deeper than `max`, or -1. Checked before
 * parsing, because the parser recurses per level and a deep enough file overflows its stack.
 * The yaml library's lexer (iterative, linear) finds the real flow brackets, so brackets in
 * quoted, plain or block scalars (`|`, `>`) and in comments do not count.
 */
export function tooDeepFlowOffset(text: string, max = MAX_NESTING_DEPTH): number {
  let depth = 0
  let offset = 0
  for (const token of new Lexer().lex(text)) {
    if (MARKERS.has(token)) continue
    if (token === '[' || token === '{') {
      if (++depth > max) return offset
    } else if (token === ']' || token === '}') {
      depth = Math.max(0, depth - 1)
    }
    offset += token.length
  }
  return -1
}
