import { access, constants, mkdir, open, rename, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { inputError } from '../errors.js'

/** Colour only on a terminal, never with NO_COLOR (https://no-color.org), always with FORCE_COLOR. */
export function useColor(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true
  return Boolean(stream.isTTY)
}

/** Creates the output directory and checks it is writable, before anything runs. */
export async function prepareOutDir(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true })
    await access(dir, constants.W_OK)
  } catch (err) {
    throw inputError('OUT_DIR_UNWRITABLE', `cannot write reports to ${dir}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, 'choose another directory with --out')
  }
}

/**
 * Writes a file atomically: a temporary file in the same directory, then a rename. Content in
 * pieces (a streamed report) is written as it comes, never joined into one string.
 */
export async function writeAtomic(file: string, content: string | Iterable<string>): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true })
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`
  if (typeof content === 'string') await writeFile(tmp, content)
  else await writePieces(tmp, content)
  await rename(tmp, file)
}

/** Pieces are gathered up to about 1 MB per write: many small writes are slow, one huge string is what streaming avoids. */
async function writePieces(file: string, pieces: Iterable<string>): Promise<void> {
  const handle = await open(file, 'w')
  try {
    let batch: string[] = []
    let size = 0
    for (const piece of pieces) {
      batch.push(piece)
      size += piece.length
      if (size >= 1 << 20) {
        await handle.write(batch.join(''))
        batch = []
        size = 0
      }
    }
    if (batch.length > 0) await handle.write(batch.join(''))
  } finally {
    await handle.close()
  }
}
