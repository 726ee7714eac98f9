import path from 'node:path'
import { openRegularFile, readProblem } from '../util/regular-file.js'
import type { Diagnostic } from './diagnostic.js'
import { bytePosition, firstInvalidUtf8 } from './yaml-guards.js'
import { parseYaml, type YamlSource } from './yaml-source.js'

/** Larger files are refused before parsing: no real scenario or config file comes near this. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024

/** The hint for a FIFO, device, socket or directory where a file was expected. */
export const NOT_REGULAR_HINT = 'banter reads only regular files (a symlink counts as what it points at)'

export interface ReadYamlResult {
  source?: YamlSource
  data?: unknown
  diagnostics: Diagnostic[]
}

/**
 * Reads and parses one YAML file with guards for the inputs that are not YAML at all: a file too
 * large, binary junk, an empty file, and anything that is not a regular file (a FIFO, a device,
 * a directory). Never throws for bad content.
 */
export async function readYamlFile(file: string, cwd: string): Promise<ReadYamlResult> {
  const at = { loc: { file, line: 1, col: 1 } }
  let opened
  try {
    opened = await openRegularFile(path.resolve(cwd, file))
  } catch (err) {
    if ((err as { code?: string }).code === 'FILE_NOT_REGULAR') {
      return {
        diagnostics: [{ code: 'FILE_NOT_REGULAR', message: `cannot read ${file}: ${readProblem(err)}`, ...at, hint: NOT_REGULAR_HINT }],
      }
    }
    return { diagnostics: [{ code: 'FILE_UNREADABLE', message: `cannot read ${file}: ${readProblem(err)}` }] }
  }
  const { handle, size } = opened
  try {
    if (size > MAX_FILE_BYTES) {
      return {
        diagnostics: [
          {
            code: 'FILE_TOO_LARGE',
            message: `${file} is ${(size / 1048576).toFixed(1)} MB; the limit is ${MAX_FILE_BYTES / 1048576} MB`,
            ...at,
            hint: 'split it into several files',
          },
        ],
      }
    }
    const buffer = await handle.readFile()
    if (buffer.includes(0)) {
      return { diagnostics: [{ code: 'FILE_BINARY', message: `${file} is not a text file (it contains NUL bytes)`, ...at }] }
    }
    const bad = firstInvalidUtf8(buffer)
    if (bad >= 0) {
      return {
        diagnostics: [
          {
            code: 'FILE_ENCODING',
            message: `${file} is not valid UTF-8 (byte 0x${buffer[bad]!.toString(16).padStart(2, '0')} at offset ${bad})`,
            loc: { file, ...bytePosition(buffer, bad) },
            hint: 'save the file as UTF-8',
          },
        ],
      }
    }
    const text = buffer.toString('utf8').replace(/^\uFEFF/, '')
    if (text.trim() === '' || isOnlyComments(text)) {
      return {
        diagnostics: [
          { code: 'FILE_EMPTY', message: `${file} is empty`, ...at, hint: 'a scenario file needs at least `name:` and `turns:`' },
        ],
      }
    }
    const { source, data, diagnostics } = parseYaml(file, text)
    return { source, data, diagnostics }
  } finally {
    await handle.close()
  }
}

function isOnlyComments(text: string): boolean {
  return text.split('\n').every((l) => /^\s*(#.*)?$/.test(l) || /^\s*(---|\.\.\.)\s*$/.test(l))
}
