import { once } from 'node:events'
import { closeSync, createWriteStream, openSync, readSync, rmSync } from 'node:fs'
import { inputError } from '../core/errors.js'
import type { CaseResult } from '../report/model.js'
import type { CaseSource } from '../reporters/reporter.js'

/**
 * Every finished conversation of a run, on disk instead of in memory: one JSON line each in
 * completion order (the `--results-jsonl` format, and that very file when the flag is given),
 * with a small index (input position, byte offset and length per line). Once closed, the lines are
 * read back one at a time in input order, so reports of any size are written in bounded memory.
 */
export interface CaseSpool {
  /** Appends a finished conversation; `position` is its place in the input order. */
  add(result: CaseResult, position: number): void
  /** Ends writing; the returned source reads the conversations back in input order. */
  close(): Promise<CaseSource>
  /** Closes the file and, when it was a temporary spool, removes it. */
  dispose(): void
}

export interface SpoolOptions {
  /** The flag that named the file, for the error message; absent for a temporary spool. */
  flag?: string
  /** Remove the file on dispose (a temporary spool). */
  temporary?: boolean
}

export async function openCaseSpool(file: string, opts: SpoolOptions = {}): Promise<CaseSpool> {
  const stream = createWriteStream(file)
  try {
    await once(stream, 'open')
  } catch (err) {
    throw inputError(
      'OUT_FILE_UNWRITABLE',
      `${opts.flag ?? 'results spool'}: cannot write ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
    )
  }
  // A write that fails (disk full) is reported when the spool is closed.
  let failure: Error | undefined
  stream.on('error', (err) => {
    failure ??= err
  })
  const positions: number[] = []
  const offsets: number[] = []
  const lengths: number[] = []
  let written = 0
  let longest = 0
  let fd: number | undefined
  let closed = false
  // A temporary spool is removed also when the process exits without disposing it (a second Ctrl-C exits at once).
  const removeTemporary = () => rmSync(file, { force: true })
  if (opts.temporary) process.once('exit', removeTemporary)
  return {
    add(result, position) {
      const line = `${JSON.stringify(result)}\n`
      const bytes = Buffer.byteLength(line)
      stream.write(line)
      positions.push(position)
      offsets.push(written)
      lengths.push(bytes - 1)
      written += bytes
      longest = Math.max(longest, bytes)
    },
    async close() {
      if (!closed) {
        closed = true
        await new Promise<void>((resolve) => {
          stream.once('close', () => resolve()).end()
        })
      }
      if (failure) throw new Error(`could not write ${file}: ${(failure as NodeJS.ErrnoException).code ?? failure.message}`)
      // Lines in input order: sort line numbers by position.
      const order = Uint32Array.from(positions.keys()).sort((a, b) => positions[a]! - positions[b]!)
      fd ??= openSync(file, 'r')
      const buffer = Buffer.alloc(longest)
      const handle = fd
      return {
        size: order.length,
        at(index) {
          const line = order[index]!
          const length = lengths[line]!
          readSync(handle, buffer, 0, length, offsets[line]!)
          return JSON.parse(buffer.toString('utf8', 0, length)) as CaseResult
        },
      }
    },
    dispose() {
      if (!closed) {
        closed = true
        stream.destroy()
      }
      if (fd !== undefined) closeSync(fd)
      fd = undefined
      if (opts.temporary) {
        process.off('exit', removeTemporary)
        removeTemporary()
      }
    },
  }
}
