import { constants, type Stats } from 'node:fs'
import { open, stat, type FileHandle } from 'node:fs/promises'

/**
 * Reading only regular files. A FIFO, a socket, a device (`/dev/zero`, `/dev/stdin`) or a
 * directory, whether named directly or through a symlink, is refused before a byte is read:
 * read, a FIFO blocks until a writer comes and `/dev/zero` never ends. The file is opened
 * non-blocking (so opening a FIFO returns at once) and checked with fstat on the open handle,
 * so nothing can swap the file between the check and the read.
 */

/** Why a file could not be read: `code` is an errno code (ENOENT, EACCES …) or one of banter's own. */
export class FileReadError extends Error {
  constructor(
    readonly code: 'FILE_NOT_REGULAR' | 'FILE_TOO_LARGE' | string,
    readonly reason: string,
  ) {
    super(reason)
    this.name = 'FileReadError'
  }
}

/** Opens `abs` for reading if it is a regular file; throws FileReadError otherwise. */
export async function openRegularFile(abs: string): Promise<{ handle: FileHandle; size: number }> {
  let handle: FileHandle
  try {
    handle = await open(abs, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0))
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'EIO'
    // Opening a Unix socket fails with ENXIO: say what it is.
    const info = code === 'ENXIO' ? await stat(abs).catch(() => undefined) : undefined
    if (info && !info.isFile()) throw notRegular(info)
    throw new FileReadError(code, code)
  }
  const info = await handle.stat()
  if (!info.isFile()) {
    await handle.close()
    throw notRegular(info)
  }
  return { handle, size: info.size }
}

/** The whole content of a regular file of at most `maxBytes` bytes (no limit when absent). */
export async function readRegularFile(abs: string, maxBytes?: number): Promise<Buffer> {
  const { handle, size } = await openRegularFile(abs)
  try {
    if (maxBytes !== undefined && size > maxBytes)
      throw new FileReadError('FILE_TOO_LARGE', `it is ${mb(size)} MB; the limit is ${mb(maxBytes)} MB`)
    return await handle.readFile()
  } finally {
    await handle.close()
  }
}

/** Why reading failed, for a message: the errno code, or what the file is instead of a regular file. */
export function readProblem(err: unknown): string {
  if (err instanceof FileReadError) return err.reason
  return (err as NodeJS.ErrnoException).code ?? String(err)
}

function notRegular(info: Stats): FileReadError {
  return new FileReadError('FILE_NOT_REGULAR', `it is ${kindOf(info)}, not a regular file`)
}

/** What a non-regular file is, in words. */
export function kindOf(info: Stats): string {
  if (info.isDirectory()) return 'a directory'
  if (info.isFIFO()) return 'a FIFO (named pipe)'
  if (info.isSocket()) return 'a socket'
  if (info.isCharacterDevice()) return 'a character device'
  if (info.isBlockDevice()) return 'a block device'
  return 'a special file'
}

function mb(bytes: number): string {
  return (bytes / 1048576).toFixed(1).replace(/\.0$/, '')
}
