import { open } from 'node:fs/promises'
import { once } from 'node:events'
import { inputError } from '../core/errors.js'
import type { CaseResult } from '../report/model.js'

export interface JsonlWriter {
  write(result: CaseResult): void
  close(): Promise<void>
}

/** `--results-jsonl FILE`: one CaseResult per line, written as each conversation finishes. */
export async function openJsonl(file: string): Promise<JsonlWriter> {
  let handle
  try {
    handle = await open(file, 'w')
  } catch (err) {
    throw inputError('OUT_FILE_UNWRITABLE', `--results-jsonl: cannot write ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`)
  }
  const stream = handle.createWriteStream()
  return {
    write: (result) => { stream.write(`${JSON.stringify(result)}\n`) },
    close: async () => {
      stream.end()
      await once(stream, 'close')
    },
  }
}
