import { LineCounter, parseDocument, isMap, isSeq, isPair, isScalar, type Document, type Node } from 'yaml'
import type { Diagnostic, SourceLoc } from './diagnostic.js'
import { documentProblem, duplicateKeys, MAX_NESTING_DEPTH, tooDeepFlowOffset } from './yaml-guards.js'

/** A parsed YAML file that can map a data path back to file:line:col. */
export interface YamlSource {
  file: string
  text: string
  doc: Document
  lineCounter: LineCounter
}

export type DataPath = readonly (string | number)[]

/** Aliases allowed per document: far above any real scenario file, far below a "billion laughs" bomb. */
const MAX_ALIAS_COUNT = 1000

/**
 * Parses YAML text; returns the data and the source, or the syntax errors as diagnostics.
 * Duplicate keys are errors; an alias bomb is refused instead of expanded.
 */
export function parseYaml(file: string, text: string): { source: YamlSource; data?: unknown; diagnostics: Diagnostic[] } {
  const lineCounter = new LineCounter()
  const deep = tooDeepFlowOffset(text)
  // The yaml library's own duplicate-key check compares each key with every earlier one (100,000
  // keys: 50 s); duplicateKeys() below does the same check with one Set per mapping.
  const doc = parseDocument(deep === -1 ? text : '', { lineCounter, uniqueKeys: false, prettyErrors: false, keepSourceTokens: false })
  const source: YamlSource = { file, text, doc, lineCounter }
  if (deep !== -1) {
    for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) lineCounter.addNewLine(at + 1)
    return {
      source,
      diagnostics: [
        {
          code: 'YAML_TOO_DEEP',
          message: `nesting is deeper than ${MAX_NESTING_DEPTH} levels`,
          hint: 'flatten the structure; no scenario needs this depth',
          ...locAt(source, deep),
        },
      ],
    }
  }
  const diagnostics: Diagnostic[] = doc.errors.map((e) => ({
    code: e.code === 'DUPLICATE_KEY' ? 'YAML_DUPLICATE_KEY' : e.code === 'TAB_AS_INDENT' ? 'YAML_TAB' : 'YAML_SYNTAX',
    message: e.code === 'DUPLICATE_KEY' ? `duplicate key "${keyAt(text, e.pos[0])}"` : yamlMessage(e.message),
    ...locAt(source, e.pos[0], e.pos[1] - e.pos[0]),
    hint: e.code === 'TAB_AS_INDENT' ? 'YAML indentation must use spaces, not tabs' : undefined,
    ...betterError(e.message),
  }))
  for (const dup of doc.errors.length === 0 ? duplicateKeys(doc) : []) {
    diagnostics.push({
      code: 'YAML_DUPLICATE_KEY',
      message: `duplicate key "${dup.key}"`,
      ...locAt(source, dup.range[0], dup.range[1] - dup.range[0]),
    })
  }
  if (diagnostics.length > 0) return { source, diagnostics }
  const problem = documentProblem(doc)
  if (problem)
    return {
      source,
      diagnostics: [
        {
          code: problem.code,
          message: problem.message,
          hint: problem.hint,
          ...locAt(source, problem.range[0], problem.range[1] - problem.range[0]),
        },
      ],
    }
  try {
    return { source, data: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }), diagnostics }
  } catch (err) {
    return {
      source,
      diagnostics: [
        {
          code: 'YAML_ALIAS_LIMIT',
          message: `document expands too many aliases (${(err as Error).message})`,
          loc: { file, line: 1, col: 1 },
          hint: `at most ${MAX_ALIAS_COUNT} alias expansions are allowed per file`,
        },
      ],
    }
  }
}

function keyAt(text: string, offset: number): string {
  return /^[^:\n]*/.exec(text.slice(offset))![0].trim()
}

/** Clearer words for two yaml library errors whose text names library internals. */
function betterError(message: string): Partial<Diagnostic> {
  if (/call stack/i.test(message))
    return {
      code: 'YAML_TOO_DEEP',
      message: `nesting is far deeper than ${MAX_NESTING_DEPTH} levels`,
      hint: 'flatten the structure; no scenario needs this depth',
    }
  if (/multiple documents/i.test(message)) {
    return {
      code: 'YAML_MULTIPLE_DOCUMENTS',
      message: 'the file holds more than one YAML document (a second "---")',
      hint: 'put several scenarios in one file as a list (- name: …), or use one file each',
    }
  }
  return {}
}

/** The yaml library appends its own position text; we print positions ourselves. */
function yamlMessage(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')
}

/** A diagnostic location for a character offset in the source. */
export function locAt(source: YamlSource, offset: number, length = 1): { loc: SourceLoc; lineText: string; length: number } {
  const safe = Math.max(0, Math.min(offset, source.text.length))
  const { line, col } = source.lineCounter.linePos(safe)
  const start = source.lineCounter.lineStarts[line - 1] ?? 0
  const end = source.text.indexOf('\n', start)
  const lineText = source.text.slice(start, end === -1 ? undefined : end).replace(/\r$/, '')
  return { loc: { file: source.file, line, col }, lineText, length: Math.max(1, length) }
}

/**
 * Finds where a data path sits in the source. With `key: true` and a path ending in a map key,
 * points at the key itself (for "unknown key") rather than its value.
 */
export function locatePath(source: YamlSource, path: DataPath, opts: { key?: boolean } = {}) {
  let node: unknown = source.doc.contents
  let keyNode: Node | undefined
  for (const step of path) {
    keyNode = undefined
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(step))
      if (!pair) break
      keyNode = pair.key as Node
      node = pair.value
    } else if (isSeq(node) && typeof step === 'number') {
      node = node.items[step]
    } else {
      break
    }
  }
  const target = (opts.key && keyNode ? keyNode : node) as Node | undefined
  const range = target?.range ?? keyNode?.range
  if (!range) return locAt(source, 0)
  const isCollection = isMap(target) || isSeq(target)
  const length = isCollection ? 1 : range[1] - range[0]
  return locAt(source, range[0], length)
}

/** `turns[1].expect.intent` for a data path. */
export function formatPath(path: DataPath): string {
  let out = ''
  for (const step of path) out += typeof step === 'number' ? `[${step}]` : out ? `.${step}` : step
  return out || '(top level)'
}

/** Parses an ajv instancePath such as `/turns/0/expect` into a data path. */
export function pointerToPath(pointer: string): (string | number)[] {
  if (!pointer) return []
  return pointer
    .slice(1)
    .split('/')
    .map((raw) => {
      const s = raw.replace(/~1/g, '/').replace(/~0/g, '~')
      return /^\d+$/.test(s) ? Number(s) : s
    })
}
