import { readFileSync } from 'node:fs'

/** Descriptors banter needs besides one connection per conversation: files, stdio, the report writers. */
const SPARE_FDS = 64

/**
 * The soft limit on open files, from /proc/self/limits (Linux); undefined elsewhere. Node raises
 * the soft limit to the hard one at start-up, so this is the real ceiling.
 */
export function openFileLimit(read: () => string = () => readFileSync('/proc/self/limits', 'utf8')): number | undefined {
  try {
    const line = read()
      .split('\n')
      .find((l) => l.startsWith('Max open files'))
    const soft = line?.split(/\s{2,}/)[1]
    return soft && /^\d+$/.test(soft) ? Number(soft) : undefined
  } catch {
    return undefined
  }
}

/** A warning when --concurrency needs more connections than the process may open, else undefined. */
export function fdLimitWarning(concurrency: number, limit: number | undefined): string | undefined {
  if (limit === undefined || concurrency + SPARE_FDS <= limit) return undefined
  return `--concurrency ${concurrency} needs about ${concurrency + SPARE_FDS} open files but this process may open ${limit}: connections will fail with EMFILE; raise the hard limit (ulimit -Hn, or LimitNOFILE / the container's nofile ulimit) or lower --concurrency`
}
