import { unlinkSync } from 'node:fs'
import { open, readFile, unlink } from 'node:fs/promises'
import { hostname } from 'node:os'
import path from 'node:path'
import { inputError } from '../core/errors.js'

/**
 * Two runs writing the same report file would overwrite each other's reports. While a run goes,
 * banter holds `<file>.lock` beside each file it will write (created exclusively, holding the pid,
 * host and start time); a second run that wants the same file is refused before anything runs
 * (exit 2). A lock left by a run that died (same host, process gone) is taken over.
 */
export interface OutputLocks {
  release(): Promise<void>
}

interface LockInfo {
  pid: number
  host: string
  startedAt: string
}

/** Locks this process holds: never stale, even though they carry its own pid. */
const ownLocks = new Set<string>()

export async function lockOutputs(files: readonly string[]): Promise<OutputLocks> {
  const held: string[] = []
  const onExit = () =>
    held.forEach((lock) => {
      try {
        unlinkSync(lock)
      } catch {
        /* already gone */
      }
    })
  // A second Ctrl-C exits at once (process.exit): the locks still go.
  process.on('exit', onExit)
  const release = async () => {
    process.off('exit', onExit)
    await Promise.all(
      held.splice(0).map((lock) => {
        ownLocks.delete(lock)
        return unlink(lock).catch(() => undefined)
      }),
    )
  }
  try {
    for (const file of files) {
      await acquire(`${file}.lock`, file)
      held.push(`${file}.lock`)
      ownLocks.add(`${file}.lock`)
    }
  } catch (err) {
    await release()
    throw err
  }
  return { release }
}

async function acquire(lock: string, absolute: string): Promise<void> {
  const file = shown(absolute)
  const mine: LockInfo = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() }
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(lock, 'wx')
      await handle.writeFile(`${JSON.stringify(mine)}\n`)
      await handle.close()
      return
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST')
        throw inputError('OUT_FILE_UNWRITABLE', `cannot create ${shown(lock)}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`)
    }
    const other = await readLock(lock)
    if (other && !ownLocks.has(lock) && isStale(other)) {
      await unlink(lock).catch(() => undefined)
      continue
    }
    const who = other ? `another banter run (pid ${other.pid} on ${other.host}, started ${other.startedAt})` : 'another banter run'
    throw inputError(
      'OUT_LOCKED',
      `${who} is writing ${file}`,
      `wait for it to end, or write elsewhere (--out, or -r name:path); if no run is going, delete ${shown(lock)}`,
    )
  }
  throw inputError('OUT_LOCKED', `could not lock ${file}: ${lock} keeps coming back`, `delete ${shown(lock)} if no banter run is going`)
}

async function readLock(lock: string): Promise<LockInfo | undefined> {
  try {
    const data = JSON.parse(await readFile(lock, 'utf8')) as Partial<LockInfo>
    return typeof data.pid === 'number' && typeof data.host === 'string'
      ? { pid: data.pid, host: data.host, startedAt: String(data.startedAt) }
      : undefined
  } catch {
    return undefined
  }
}

/** A lock from this host whose process is gone. A lock from another host is never presumed stale. */
function isStale(info: LockInfo): boolean {
  if (info.host !== hostname()) return false
  // Our own pid in an old lock: a previous container or process with the same pid, now gone.
  if (info.pid === process.pid) return true
  try {
    process.kill(info.pid, 0)
    return false
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH'
  }
}

function shown(file: string): string {
  const rel = path.relative(process.cwd(), file)
  return rel && !rel.startsWith('..') ? rel : file
}
