import type { JudgeCounts, JudgeMetrics } from '../report/model.js'
import type { MetricPart } from './mergeable-part.js'

/**
 * `judge`: what grading replies with a judge model cost. `grades` counts judge checks that got a
 * score (requested or from the cache), `calls` the requests that returned one, `cache_hits` the
 * grades that cost nothing, `errors` the checks the judge could not grade; tokens are the sums the
 * judge reported for this run's requests. Absent (no figures, no state) in runs without judge checks.
 */
export function judgePart(): MetricPart<JudgeCounts | undefined> {
  const n: JudgeCounts = { grades: 0, calls: 0, cache_hits: 0, errors: 0, prompt_tokens: 0, completion_tokens: 0, score_sum: 0 }
  const used = () => n.grades + n.errors > 0
  return {
    name: 'judge',
    add(result) {
      for (const t of result.turns) {
        for (const v of t.verdicts) {
          if (v.check !== 'judge') continue
          if (v.errored || !v.judge) {
            n.errors++
            continue
          }
          n.grades++
          n.score_sum += (v.actual as { score: number }).score
          if (v.judge.cached) n.cache_hits++
          else n.calls++
          n.prompt_tokens += v.judge.prompt_tokens ?? 0
          n.completion_tokens += v.judge.completion_tokens ?? 0
        }
      }
    },
    result: () => (used() ? { judge: judgeMetrics(n) } : {}),
    state: () => (used() ? { ...n } : undefined),
    load(state) {
      if (!state) return
      for (const k of Object.keys(n) as (keyof JudgeCounts)[]) n[k] += state[k]
    },
  }
}

function judgeMetrics(n: JudgeCounts): JudgeMetrics {
  const { score_sum: sum, ...counts } = n
  return { ...counts, score_mean: n.grades > 0 ? Math.round((sum / n.grades) * 10_000) / 10_000 : null }
}
