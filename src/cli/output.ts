import { randomBytes } from 'node:crypto'
import { mkdir, open, rename, stat, unlink, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { inputError } from '../core/errors.js'
import { kindOf } from '../util/regular-file.js'

/** Colour only on a terminal, never with NO_COLOR (https://no-color.org), always with FORCE_COLOR. */
export function useColor(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true
  return Boolean(stream.isTTY)
}

/**
 * Creates the output directory and checks that a file can be created in it, before anything
 * runs: a path under a file, a read-only folder or a virtual file system (`/proc`, `/sys`) is an
 * input error (exit 2) naming the path and the flag.
 */
export async function prepareOutDir(dir: string, flag = '--out'): Promise<void> {
  try {
    await makeDirs(dir)
    await probeWrite(dir)
  } catch (err) {
    throw inputError(
      'OUT_DIR_UNWRITABLE',
      `${flag}: cannot write ${flag === '--save-failures' ? 'saved failures' : 'reports'} to ${dir}: ${reason(err)}`,
      'choose another directory',
    )
  }
}

/**
 * Checks one output file before anything runs: its folder as prepareOutDir does, and the file
 * itself, which must be absent or a regular file (never a directory, a FIFO or a device such as
 * /dev/null, which the atomic rename would replace).
 */
export async function prepareOutFile(file: string, flag: string): Promise<void> {
  await prepareOutDir(path.dirname(path.resolve(file)), flag)
  const info = await stat(file).catch(() => undefined)
  if (info && !info.isFile())
    throw inputError('OUT_FILE_UNWRITABLE', `${flag}: cannot write ${file}: it is ${kindOf(info)}`, 'give the path of a file')
}

/**
 * Writes a file atomically: a temporary file in the same directory, then a rename; the temporary
 * file never stays. Content in pieces (a streamed report) is written as it comes, never joined
 * into one string.
 */
export async function writeAtomic(file: string, content: string | Iterable<string>): Promise<void> {
  await makeDirs(path.dirname(path.resolve(file)))
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`
  try {
    if (typeof content === 'string') await writeFile(tmp, content)
    else await writePieces(tmp, content)
    await rename(tmp, file)
  } catch (err) {
    await unlink(tmp).catch(() => undefined)
    throw err
  }
}

/**
 * `mkdir -p`, one level at a time. Node's recursive mkdir never returns under /proc (it retries
 * ENOENT forever); here each missing level is created once, and a file where a folder should be
 * is named.
 */
async function makeDirs(dir: string): Promise<void> {
  const missing: string[] = []
  let at = path.resolve(dir)
  for (;;) {
    const info = await stat(at).catch((err: NodeJS.ErrnoException) =>
      err.code === 'ENOENT' || err.code === 'ENOTDIR' ? undefined : Promise.reject(err),
    )
    if (info) {
      if (!info.isDirectory()) throw new OutputPathError(`${at} is ${info.isFile() ? 'a file' : kindOf(info)}, not a folder`)
      break
    }
    missing.unshift(at)
    const parent = path.dirname(at)
    if (parent === at) break
    at = parent
  }
  for (const level of missing)
    await mkdir(level).catch((err: NodeJS.ErrnoException) => (err.code === 'EEXIST' ? undefined : Promise.reject(err)))
}

/** Creates and removes a small file: the only test of writability that holds for root, read-only mounts and /proc alike. */
async function probeWrite(dir: string): Promise<void> {
  const probe = path.join(dir, `.banter-write-check-${process.pid}-${randomBytes(4).toString('hex')}`)
  const handle = await open(probe, 'wx')
  await handle.close()
  await unlink(probe)
}

class OutputPathError extends Error {}

function reason(err: unknown): string {
  if (err instanceof OutputPathError) return err.message
  const code = (err as NodeJS.ErrnoException).code
  const words: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'not permitted',
    EROFS: 'read-only file system',
    ENOENT: 'cannot create it there',
    ENOSPC: 'no space left',
  }
  return code ? `${words[code] ?? 'failed'} (${code})` : String(err)
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
