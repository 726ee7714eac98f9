/**
 * Where the reference assistant keeps user feedback: an append-only JSON-lines file (durable), or
 * a bounded in-memory list. Each record is appended with a single write to a file opened with
 * 'a', so a crash can only tear the last line; on open, a torn last line is cut off (it was never
 * acknowledged) and every earlier record is kept.
 */
import { open, readFile, truncate, type FileHandle } from 'node:fs/promises'

/** One stored submission. */
export interface FeedbackRecord {
  session_id: string
  user_id?: string
  satisfaction: number
  resolved: boolean
  comment?: string
  /** ISO 8601 time the assistant received it. */
  received_at: string
}

/** A page of stored records, oldest first. */
interface FeedbackPage {
  total: number
  offset: number
  limit: number
  records: FeedbackRecord[]
}

export interface FeedbackStore {
  append(record: FeedbackRecord): Promise<void>
  list(page: { limit: number; offset: number }): Promise<FeedbackPage>
  close(): Promise<void>
}

/** Most records the in-memory store keeps (oldest are dropped first). */
const DEFAULT_MEMORY_RECORDS = 10_000

/** A bounded in-memory store: nothing survives a restart. */
export function memoryFeedbackStore(max = DEFAULT_MEMORY_RECORDS): FeedbackStore {
  const records: FeedbackRecord[] = []
  return {
    async append(record) {
      records.push(record)
      if (records.length > max) records.splice(0, records.length - max)
    },
    async list({ limit, offset }) {
      return { total: records.length, offset, limit, records: records.slice(offset, offset + limit) }
    },
    async close() {},
  }
}

/** Parses a JSON-lines text; lines that are not a JSON object (a torn write) are skipped. */
function parseFeedbackLines(text: string): FeedbackRecord[] {
  const out: FeedbackRecord[] = []
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue
    try {
      const value: unknown = JSON.parse(line)
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) out.push(value as FeedbackRecord)
    } catch {
      // a torn or foreign line: not a record
    }
  }
  return out
}

/**
 * Opens (creating if needed) a JSON-lines feedback file. A last line without its newline is the
 * remains of a write interrupted by a crash: it is truncated away before new records are added.
 * `dropped` tells how many bytes were cut.
 */
export async function fileFeedbackStore(path: string): Promise<FeedbackStore & { dropped: number }> {
  const existing = await readFile(path, 'utf8').catch((err: NodeJS.ErrnoException) => (err.code === 'ENOENT' ? '' : Promise.reject(err)))
  const complete = existing.lastIndexOf('\n') + 1
  const dropped = Buffer.byteLength(existing.slice(complete))
  if (dropped > 0) await truncate(path, Buffer.byteLength(existing.slice(0, complete)))
  const handle: FileHandle = await open(path, 'a')
  let writing: Promise<unknown> = Promise.resolve()
  return {
    dropped,
    append(record) {
      const line = `${JSON.stringify(record)}\n`
      const done = writing.then(() => handle.write(line))
      writing = done.catch(() => undefined)
      return done.then(() => undefined)
    },
    async list({ limit, offset }) {
      await writing
      const records = parseFeedbackLines(await readFile(path, 'utf8'))
      return { total: records.length, offset, limit, records: records.slice(offset, offset + limit) }
    },
    async close() {
      await writing
      await handle.close()
    },
  }
}
