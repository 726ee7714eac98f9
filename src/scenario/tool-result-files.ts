import path from 'node:path'
import type { Diagnostic } from '../diagnostics/diagnostic.js'
import { MAX_FILE_BYTES, NOT_REGULAR_HINT } from '../diagnostics/read-yaml.js'
import { firstInvalidUtf8 } from '../diagnostics/yaml-guards.js'
import { confinedPath, describeEscape, shownPath } from '../util/confine.js'
import { FileReadError, readProblem, readRegularFile } from '../util/regular-file.js'
import type { Conversation, ToolResultSource } from './compiled-conversation.js'

type FileResult = Extract<ToolResultSource, { kind: 'file' }>

const READ_CODES = new Set(['FILE_NOT_REGULAR', 'FILE_TOO_LARGE', 'FILE_ENCODING'])

/**
 * Reads the `tool_results` given as `file://path`: relative to the file that references them,
 * confined to its folder (util/confine.ts, as `variants_file`), UTF-8 text of at most
 * MAX_FILE_BYTES. Each file is read once however many turns name it; problems are appended to
 * `diagnostics` at the reference.
 */
export async function readToolResultFiles(conversations: Conversation[], cwd: string, diagnostics: Diagnostic[]): Promise<void> {
  const refs = conversations
    .flatMap((c) => c.turns.flatMap((t) => Object.values(t.toolResults?.tools ?? {})))
    .filter((r): r is FileResult => r.kind === 'file')
  const cache = new Map<string, Promise<string | Diagnostic>>()
  for (const ref of refs) {
    const base = path.resolve(cwd, path.dirname(ref.loc.file))
    const key = `${base}\0${ref.ref}`
    if (!cache.has(key)) cache.set(key, readOne(ref, base, cwd))
    const text = await cache.get(key)!
    if (typeof text === 'string') ref.text = text
    else diagnostics.push({ ...text, loc: ref.loc, lineText: ref.lineText })
  }
}

async function readOne(ref: FileResult, base: string, cwd: string): Promise<string | Diagnostic> {
  const shown = path.join(path.dirname(ref.loc.file), ref.ref).split(path.sep).join('/')
  if (ref.ref === '')
    return {
      code: 'FILE_UNREADABLE',
      message: 'tool_results: "file://" names no file',
      hint: 'write file://<path relative to this scenario file>, e.g. file://fixtures/order.json',
    }
  const confined = await confinedPath(base, ref.ref)
  if ('escapes' in confined) {
    return {
      code: 'PATH_OUTSIDE_PROJECT',
      message: `tool_results: "${ref.ref}" is outside the scenario's folder: ${describeEscape(confined, (abs) => shownPath(cwd, abs))}`,
      hint: "a tool result file must be in the scenario file's folder or below it",
    }
  }
  try {
    const buffer = await readRegularFile(confined.abs, MAX_FILE_BYTES)
    const bad = buffer.includes(0) ? buffer.indexOf(0) : firstInvalidUtf8(buffer)
    if (bad >= 0)
      throw new FileReadError(
        'FILE_ENCODING',
        `it is not UTF-8 text (byte 0x${buffer[bad]!.toString(16).padStart(2, '0')} at offset ${bad})`,
      )
    return buffer.toString('utf8').replace(/^\uFEFF/, '')
  } catch (err) {
    const code = (err as { code?: string }).code
    return {
      code: code !== undefined && READ_CODES.has(code) ? code : 'FILE_UNREADABLE',
      message: `cannot read tool result file ${shown}: ${readProblem(err)}`,
      hint: code === 'FILE_NOT_REGULAR' ? NOT_REGULAR_HINT : 'a file:// tool result is relative to the scenario file that names it',
    }
  }
}
