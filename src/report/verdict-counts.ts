import type { Summary } from './model.js'

/**
 * The counts that decide a run's verdict and exit code. Repeated runs (--repeat) are judged by
 * conversation outcome: a conversation fails when none of its runs passed, errors when all of
 * them errored, and a flaky one (some runs passed) does not fail the run, as pytest-rerunfailures
 * and Maven surefire pass a test that passed on a rerun; `flaky_rate > 0` as a threshold makes
 * it fail. Otherwise each conversation's status counts.
 */
export function verdictCounts(summary: Summary): { failed: number; errored: number; flaky: number } {
  const o = summary.outcomes
  return o ? { failed: o.failed, errored: o.errored, flaky: o.flaky } : { failed: summary.failed, errored: summary.errored, flaky: 0 }
}
