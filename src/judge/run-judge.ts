import type { RunReport } from '../report/model.js'

/** What the report says about the judge of a run (`run.judge`). */
type JudgeInfo = NonNullable<RunReport['run']['judge']>
import { createRateLimiter } from '../network/rate-limit.js'
import { createTransport } from '../network/transport.js'
import type { Waits } from '../network/waits.js'
import { maskUrlCredentials } from '../secrets/redact.js'
import { shownPath } from '../util/confine.js'
import { createJudgeCache } from './cache.js'
import { createJudge, type Judge, type JudgeSettings } from './judge.js'
import { JUDGE_PROMPT_VERSION } from './prompt.js'

/** A run's judge, ready to grade; `info` describes it for the report, `close` releases its connections. */
export interface RunJudge {
  judge: Judge
  info(cwd: string): JudgeInfo
  close(): Promise<void>
}

/** The run's judge: its own transport (connections = its concurrency, its own rate) on the run's waits, and its cache. */
export function startJudge(
  settings: JudgeSettings,
  run: { control: Waits & { abort: AbortSignal }; redact: (text: string) => string },
): RunJudge {
  const transport = createTransport({
    connections: settings.concurrency,
    rate: settings.rate ? createRateLimiter(settings.rate, run.control) : undefined,
    abort: run.control.abort,
    waits: run.control,
  })
  const cache = settings.cacheDir === undefined ? undefined : createJudgeCache(settings.cacheDir)
  return {
    judge: createJudge(settings, { transport, cache, redact: run.redact }),
    info: (cwd: string): JudgeInfo => ({
      model: settings.model,
      endpoint: maskUrlCredentials(run.redact(settings.url)),
      prompt_version: JUDGE_PROMPT_VERSION,
      ...(settings.cacheDir === undefined ? {} : { cache: shownPath(cwd, settings.cacheDir) }),
    }),
    close: () => transport.close(),
  }
}
