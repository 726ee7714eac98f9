import path from 'node:path'
import type { Diagnostic } from '../diagnostics/diagnostic.js'
import { MAX_FILE_BYTES, NOT_REGULAR_HINT } from '../diagnostics/read-yaml.js'
import { firstInvalidUtf8 } from '../diagnostics/yaml-guards.js'
import { confinedPath, describeEscape, shownPath } from '../util/confine.js'
import { FileReadError, readProblem, readRegularFile } from '../util/regular-file.js'
import type { Conversation, ToolResultSource } from './compiled-conversation.js'

type FileResult = Extract<ToolResultSource, { kind: 'file' }>

const READ_CODES = new Set(['FILE_NOT_REGULAR', 'FILE_TOO_LARGE', 'FILE_ENCODING'])

/** The `tool_results` files of a load, each read once however many turns name it. */
export interface ToolResultFiles {
  /** Reads the files these conversations' tool results name and fills in their texts; problems go to `diagnostics`, at the reference. */
  read(conversations: Conversation[], diagnostics: Diagnostic[]): Promise<void>
  /** Fills in texts this load has read, for a conversation compiled again at run time (scenario/deferred.ts). */
  attachRead(conv: Conversation): void
}

/**
 * Reads the `tool_results` given as `file://path`: relative to the file that references them,
 * confined to its folder (util/confine.ts, as `variants_file`), UTF-8 text of at most
 * MAX_FILE_BYTES.
 */
export function createToolResultFiles(cwd: string): ToolResultFiles {
  const pending = new Map<string, Promise<string | Diagnostic>>()
  const texts = new Map<string, string>()
  // A file is named relative to the scenario file that names it.
  const baseOf = (ref: FileResult) => path.resolve(cwd, path.dirname(ref.loc.file))
  const keyOf = (ref: FileResult) => `${baseOf(ref)}\0${ref.ref}`
  return {
    async read(conversations, diagnostics) {
      for (const ref of fileRefs(conversations)) {
        const key = keyOf(ref)
        if (!pending.has(key)) pending.set(key, readOne(ref, baseOf(ref), cwd))
        const text = await pending.get(key)!
        if (typeof text === 'string') {
          ref.text = text
          texts.set(key, text)
        } else diagnostics.push({ ...text, loc: ref.loc, lineText: ref.lineText })
      }
    },
    attachRead(conv) {
      for (const ref of fileRefs([conv])) {
        const text = texts.get(keyOf(ref))
        if (text !== undefined) ref.text = text
      }
    },
  }
}

function fileRefs(conversations: Conversation[]): FileResult[] {
  return conversations
    .flatMap((c) => c.turns.flatMap((t) => Object.values(t.toolResults?.tools ?? {})))
    .filter((r): r is FileResult => r.kind === 'file')
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
