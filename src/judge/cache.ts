import { createHash, randomBytes } from 'node:crypto'
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { Grade, Usage } from './answer.js'
import { JUDGE_PROMPT_VERSION } from './prompt.js'

/** A cached grade, with the usage of the request that produced it (reported, not counted again). */
type CachedGrade = Grade & Usage

/** What a grade depends on: the prompt version, the judge model, the rubric (rendered) and the reply. */
export interface GradeKey {
  model: string
  rubric: string
  reply: string
}

/** Grades on disk, one small JSON file each; see createJudgeCache. */
export interface JudgeCache {
  get(key: GradeKey): Promise<CachedGrade | undefined>
  set(key: GradeKey, grade: CachedGrade): Promise<void>
}

/** Entries larger than this are not a grade banter wrote (a rubric is at most 20,000 characters): ignored. */
const MAX_ENTRY_BYTES = 256 * 1024

/** The file name of a key: a SHA-256 over the prompt version, model, rubric and reply. */
export function gradeHash(key: GradeKey): string {
  return createHash('sha256')
    .update(JSON.stringify([JUDGE_PROMPT_VERSION, key.model, key.rubric, key.reply]))
    .digest('hex')
}

/**
 * A disk cache of judge grades under `dir` (`<dir>/<2 hex>/<sha256>.json`), so re-running a
 * suite costs no judge calls for replies already graded. An entry that cannot be read or does not
 * hold a grade for this key (a corrupt or foreign file, a hash collision) is a miss, never an
 * error. Writes are atomic (a temporary file renamed into place), so a concurrent run or an
 * interrupted write never leaves half an entry; a write that fails (read-only disk) only costs the
 * next run a call.
 */
export function createJudgeCache(dir: string): JudgeCache {
  const fileOf = (hash: string) => path.join(dir, hash.slice(0, 2), `${hash}.json`)
  return {
    async get(key) {
      let text: string
      try {
        text = await readFile(fileOf(gradeHash(key)), 'utf8')
      } catch {
        return undefined
      }
      return text.length <= MAX_ENTRY_BYTES ? entryGrade(text, key) : undefined
    },
    async set(key, grade) {
      const file = fileOf(gradeHash(key))
      const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`
      // The reply is not stored (it may hold personal data); its hash is in the file name.
      const entry = { prompt_version: JUDGE_PROMPT_VERSION, model: key.model, rubric: key.rubric, ...grade }
      try {
        await mkdir(path.dirname(file), { recursive: true })
        await writeFile(temp, `${JSON.stringify(entry)}\n`)
        await rename(temp, file)
      } catch {
        await rm(temp, { force: true }).catch(() => undefined)
      }
    },
  }
}

function entryGrade(text: string, key: GradeKey): CachedGrade | undefined {
  let e: Record<string, unknown>
  try {
    e = JSON.parse(text) as Record<string, unknown>
  } catch {
    return undefined
  }
  if (e === null || typeof e !== 'object') return undefined
  if (e.prompt_version !== JUDGE_PROMPT_VERSION || e.model !== key.model || e.rubric !== key.rubric) return undefined
  const { score, reason, prompt_tokens: p, completion_tokens: c } = e
  if (typeof score !== 'number' || !(score >= 0 && score <= 1) || typeof reason !== 'string') return undefined
  const count = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : undefined)
  return {
    score,
    reason,
    ...(count(p) !== undefined ? { prompt_tokens: count(p) } : {}),
    ...(count(c) !== undefined ? { completion_tokens: count(c) } : {}),
  }
}
