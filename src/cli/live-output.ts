import type { RunFlags } from '../options/run-options.js'
import type { CaseResult } from '../report/model.js'
import type { CaseSource, Reporter } from '../reporters/reporter.js'
import type { RunHooks } from '../run.js'
import type { CaseSpool } from './case-spool.js'
import { boundHeapGrowth, LARGE_GENERATED_RUN, preferMemoryOverSpeed } from './large-run.js'
import { createProgress, type Progress } from './progress.js'
import { isGenerated, type ActiveReporter } from './run-outputs.js'

/**
 * What the terminal shows while the run goes: the console reporter's lines (for generated runs
 * only the conversations that did not pass), the progress line, the seed, and the JSON-lines
 * stream of results.
 */
export function createLiveOutput(reporters: ActiveReporter[], flags: RunFlags, spool: CaseSpool | undefined) {
  const generating = isGenerated(flags)
  let progress: Progress | undefined
  let failures = 0
  let errored = 0
  let done = 0
  const print = (text: string | void) => {
    if (text) {
      progress?.clear()
      process.stdout.write(text)
    }
  }
  const toTerminal = (each: (r: Reporter) => string | void) =>
    reporters.forEach(({ spec, reporter }) => !spec.file && print(each(reporter)))
  // File reporters see every result too (JUnit lists the passes a generated report leaves out).
  const toFiles = (r: CaseResult) => reporters.forEach(({ spec, reporter }) => spec.file && reporter.onCaseResult?.(r))
  const hooks: RunHooks = {
    // A suite of this many files is large before it is loaded: loading it allocates the most.
    onLoad: ({ files }) => {
      if (files >= LARGE_GENERATED_RUN) preferMemoryOverSpeed()
    },
    onStart: (info) => {
      // Scenario suites are counted only once loaded; a generated run of this size switched at start-up.
      if (info.total >= LARGE_GENERATED_RUN) boundHeapGrowth()
      if (info.seed !== undefined) process.stderr.write(`seed ${info.seed} (repeat this run with --seed ${info.seed})\n`)
      toTerminal((r) => r.onRunStart?.(info))
      if (generating && !flags.quiet)
        progress = createProgress({ sink: process.stderr, tty: Boolean(process.stderr.isTTY), total: info.total })
    },
    onCaseResult: (r, position) => {
      spool?.add(r, position)
      done++
      if (r.status === 'failed') failures++
      if (r.status === 'errored') errored++
      toFiles(r)
      if (!generating || r.status !== 'passed') toTerminal((rep) => rep.onCaseResult?.(r))
      progress?.update(done, failures, errored)
    },
  }
  return {
    hooks,
    print,
    clear: () => progress?.clear(),
    /** Ends the live output; every conversation, read back from the spool, when there is one. */
    async close(): Promise<CaseSource | undefined> {
      progress?.clear()
      if (!spool) return undefined
      const cases = await spool.close()
      if (flags.resultsJsonl) process.stderr.write(`wrote ${flags.resultsJsonl}\n`)
      return cases
    },
  }
}
