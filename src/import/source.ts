import path from 'node:path'
import type { Diagnostic } from '../diagnostics/diagnostic.js'
import { MAX_FILE_BYTES, NOT_REGULAR_HINT, readYamlFile } from '../diagnostics/read-yaml.js'
import { locAt, locatePath, type DataPath, type YamlSource } from '../diagnostics/yaml-source.js'
import { InputError } from '../core/errors.js'
import { readProblem, readRegularFile } from '../util/regular-file.js'
import type { Unsupported } from './types.js'

/** A parsed YAML or JSON input (JSON is read as YAML, so every value keeps its position). */
export interface ParsedSource {
  source: YamlSource
  data: unknown
}

/** Reads and parses one YAML/JSON input file; bad syntax → InputError with positions (exit 2). */
export async function readStructured(file: string, cwd: string): Promise<ParsedSource> {
  const read = await readYamlFile(file, cwd)
  if (!read.source || read.diagnostics.length > 0) throw new InputError(read.diagnostics)
  return { source: read.source, data: read.data }
}

/** A diagnostic at a data path, for "this is not the expected shape" errors. */
export function shapeError(parsed: ParsedSource, path: DataPath, code: string, message: string, hint?: string): Diagnostic {
  return { code, message, ...locatePath(parsed.source, path), hint }
}

/** Records something dropped at a data path. */
export function dropped(parsed: ParsedSource, path: DataPath, what: string): Unsupported {
  return { loc: locatePath(parsed.source, path).loc, what }
}

/** Reads a text input (Botium files) with the same guards as YAML: size, binary, empty. */
export async function readText(file: string, cwd: string): Promise<{ text?: string; diagnostics: Diagnostic[] }> {
  const at = { loc: { file, line: 1, col: 1 } }
  let buffer: Buffer
  try {
    buffer = await readRegularFile(path.resolve(cwd, file), MAX_FILE_BYTES)
  } catch (err) {
    const code = (err as { code?: string }).code
    if (code === 'FILE_TOO_LARGE')
      return { diagnostics: [{ code, message: `${file} is larger than ${MAX_FILE_BYTES / 1048576} MB`, ...at }] }
    if (code === 'FILE_NOT_REGULAR')
      return { diagnostics: [{ code, message: `cannot read ${file}: ${readProblem(err)}`, ...at, hint: NOT_REGULAR_HINT }] }
    return { diagnostics: [{ code: 'FILE_UNREADABLE', message: `cannot read ${file}: ${readProblem(err)}` }] }
  }
  if (buffer.includes(0))
    return { diagnostics: [{ code: 'FILE_BINARY', message: `${file} is not a text file (it contains NUL bytes)`, ...at }] }
  const text = buffer.toString('utf8').replace(/^\uFEFF/, '')
  if (!text.trim()) return { diagnostics: [{ code: 'FILE_EMPTY', message: `${file} is empty`, ...at }] }
  return { text, diagnostics: [] }
}

/**
 * Reads a JSON input strictly (JSON.parse decides what is valid, so a trailing comma is an error)
 * while keeping the YAML parse for positions of values.
 */
export async function readJson(file: string, cwd: string): Promise<ParsedSource> {
  const parsed = await readStructured(file, cwd)
  try {
    JSON.parse(parsed.source.text)
  } catch (err) {
    const message = (err as Error).message
    const lineCol = /line (\d+) column (\d+)/.exec(message)
    const offset = lineCol
      ? (parsed.source.lineCounter.lineStarts[Number(lineCol[1]) - 1] ?? 0) + Number(lineCol[2]) - 1
      : Number(/position (\d+)/.exec(message)?.[1] ?? 0)
    throw new InputError([
      {
        code: 'JSON_SYNTAX',
        message: `invalid JSON: ${message.replace(/\s*\(line \d+ column \d+\)$/, '').replace(/ (at|in JSON at) position \d+$/, '')}`,
        ...locAt(parsed.source, offset),
      },
    ])
  }
  return parsed
}
