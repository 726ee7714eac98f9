import type { JudgeCall } from '../report/model.js'
import { EndpointError } from '../network/endpoint-error.js'
import { expectOk, parseJson } from '../network/read-body.js'
import type { RetryPolicy } from '../network/retry.js'
import type { Transport } from '../network/transport.js'
import { readGrade, readUsage, type Grade } from './answer.js'
import type { JudgeCache, GradeKey } from './cache.js'
import { judgeMessages } from './prompt.js'

/** A judge model as a run uses it (config `judge:`, resolved; see config/judge-config.ts). */
export interface JudgeSettings {
  model: string
  /** The chat completions URL. */
  url: string
  /** Sent with every request (the API key as `authorization: Bearer …`, extra headers). */
  headers: Record<string, string>
  /** One attempt's timeout. */
  timeoutMs: number
  /** Judge requests at once. */
  concurrency: number
  /** Judge requests per second, retries included. */
  rate?: number
  retry: RetryPolicy
  /** Absolute cache folder; none: no cache. */
  cacheDir?: string
}

/** A grade, with what it cost; or why there is none (a JUDGE_* code). */
type JudgeOutcome = { grade: Grade; call: JudgeCall } | { error: { code: string; message: string } }

/** Grades replies against rubrics. */
export interface Judge {
  readonly model: string
  grade(rubric: string, reply: string): Promise<JudgeOutcome>
}

export interface JudgeDeps {
  /** The judge's own transport (its connections, rate limit and the run's waits). */
  transport: Transport
  cache?: JudgeCache
  redact: (text: string) => string
}

/**
 * An OpenAI-compatible judge: POST {model, temperature 0, JSON mode, messages} to the chat
 * completions URL, read {score, reason} from the answer. A grade is looked up in the cache
 * first and stored there after; the same (rubric, reply) asked twice at once is requested once.
 * At most `concurrency` requests are in flight (queued ones do not run down their timeout).
 * Failures are outcomes, never exceptions: JUDGE_TIMEOUT, JUDGE_HTTP_STATUS,
 * JUDGE_CONNECTION_REFUSED, JUDGE_BAD_ANSWER, JUDGE_SCORE_OUT_OF_RANGE… (see answer.ts).
 */
export function createJudge(settings: JudgeSettings, deps: JudgeDeps): Judge {
  const slots = semaphore(settings.concurrency)
  const pending = new Map<string, Promise<JudgeOutcome>>()
  const headers = { ...settings.headers, 'content-type': 'application/json', accept: 'application/json' }
  const request = async (key: GradeKey): Promise<JudgeOutcome> => {
    const body = JSON.stringify({
      model: settings.model,
      temperature: 0,
      response_format: { type: 'json_object' },
      messages: judgeMessages(key.rubric, key.reply),
    })
    await slots.acquire()
    try {
      const res = await deps.transport.send({
        url: settings.url,
        method: 'POST',
        headers,
        body,
        timeoutMs: settings.timeoutMs,
        retry: settings.retry,
      })
      expectOk(res, deps.redact)
      const json = parseJson(res, deps.redact)
      const grade = readGrade(json)
      if ('code' in grade) return { error: grade }
      const usage = readUsage(json)
      await deps.cache?.set(key, { ...grade, ...usage })
      return { grade, call: { model: settings.model, cached: false, ...usage, latency_ms: Math.round(res.latencyMs) } }
    } catch (err) {
      if (!(err instanceof EndpointError)) throw err
      return { error: { code: `JUDGE_${err.code}`, message: err.message } }
    } finally {
      slots.release()
    }
  }
  return {
    model: settings.model,
    async grade(rubric, reply) {
      const key = { model: settings.model, rubric, reply }
      const id = JSON.stringify([rubric, reply])
      const joined = pending.get(id)
      if (joined) return asCached(await joined)
      const cached = await deps.cache?.get(key)
      if (cached) {
        // No request, no cost: the tokens the entry was bought with are not counted again.
        return { grade: { score: cached.score, reason: cached.reason }, call: { model: settings.model, cached: true } }
      }
      const asked = request(key)
      pending.set(id, asked)
      try {
        return await asked
      } finally {
        pending.delete(id)
      }
    },
  }
}

/** A grade shared with a request already in flight: no request of its own, so it counts as cached. */
function asCached(outcome: JudgeOutcome): JudgeOutcome {
  if ('error' in outcome) return outcome
  return { grade: outcome.grade, call: { model: outcome.call.model, cached: true } }
}

function semaphore(size: number): { acquire(): Promise<void>; release(): void } {
  let free = size
  const waiting: (() => void)[] = []
  return {
    acquire: () => (free > 0 ? (free--, Promise.resolve()) : new Promise<void>((resolve) => waiting.push(resolve))),
    release: () => {
      const next = waiting.shift()
      if (next) next()
      else free++
    },
  }
}
