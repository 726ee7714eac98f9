/**
 * Where `banter run` writes: its reporters, each output path checked and locked before the run,
 * the spool of results, and the reports at the end.
 */
import path from 'node:path'
import { randomBytes } from 'node:crypto'
import { inputError } from '../core/errors.js'
import type { RunFlags } from '../options/run-options.js'
import type { RunReport } from '../report/model.js'
import { documentOf, type CaseSource, type Reporter } from '../reporters/reporter.js'
import { prepareOutFile, writeAtomic } from './output.js'
import { lockOutputs, type OutputLocks } from './output-lock.js'
import type { ReporterSpec } from './reporter-specs.js'
import { openCaseSpool, type CaseSpool } from './case-spool.js'

/** A reporter as the run uses it: its spec (name, file) and the reporter made from it. */
export type ActiveReporter = { spec: ReporterSpec; reporter: Reporter }

/** A generated run (--generate or --case-id) rather than a suite of scenarios. */
export function isGenerated(flags: RunFlags): boolean {
  return flags.generate !== undefined || flags.caseId !== undefined
}

/**
 * Under GitHub Actions (GITHUB_ACTIONS=true) the `github` reporter is added, so failures show as
 * annotations on the scenario lines; BANTER_GITHUB_ANNOTATIONS=false turns that off.
 */
export function withGithub(reporters: string[], env: NodeJS.ProcessEnv): string[] {
  if (env.GITHUB_ACTIONS !== 'true' || env.BANTER_GITHUB_ANNOTATIONS === 'false') return reporters
  const names = reporters.flatMap((r) => r.split(',')).map((r) => r.trim().split(':')[0])
  return names.includes('github') ? reporters : [...reporters, 'github']
}

/**
 * Every path the run will write, checked before the first request (exit 2, nothing run): report
 * files and --results-jsonl (checkGenerateFlags checks the --save-failures folder); then they are
 * locked against a concurrent run (output-lock.ts).
 */
export async function prepareOutputs(specs: ReporterSpec[], flags: RunFlags, ctx: { cwd: string; outDir: string }): Promise<OutputLocks> {
  const { cwd } = ctx
  const flagOf = (s: ReporterSpec, file: string) =>
    path.dirname(file) === path.resolve(cwd, ctx.outDir) ? '--out' : `--reporter ${s.name}`
  const files = specs.flatMap((s) => (s.file ? [{ file: s.file, flag: flagOf(s, s.file) }] : []))
  if (flags.resultsJsonl) files.push({ file: path.resolve(cwd, flags.resultsJsonl), flag: '--results-jsonl' })
  const seen = new Map<string, string>()
  for (const { file, flag } of files) {
    const first = seen.get(file)
    if (first)
      throw inputError(
        'OUT_FILE_TWICE',
        `${first} and ${flag} would both write ${path.relative(cwd, file) || file}`,
        'give each output its own path',
      )
    seen.set(file, flag)
    await prepareOutFile(file, flag)
  }
  return lockOutputs(files.map((f) => f.file))
}

/**
 * Where a scenario run's conversations wait for the reports: on disk, in the --results-jsonl file
 * or a temporary file beside the first report that lists every conversation (JSON, JUnit, HTML),
 * so memory stays bounded however large the suite. A generated run's report keeps a sample
 * anyway (run-generated.ts); it spools only for --results-jsonl.
 */
export async function openSpool(reporters: ActiveReporter[], flags: RunFlags): Promise<CaseSpool | undefined> {
  if (flags.resultsJsonl) return openCaseSpool(flags.resultsJsonl, { flag: '--results-jsonl' })
  const listing = reporters.find(({ spec, reporter }) => spec.file && reporter.streamRunEnd)?.spec.file
  if (!listing || isGenerated(flags)) return undefined
  return openCaseSpool(path.join(path.dirname(listing), `.banter-results-${process.pid}-${randomBytes(4).toString('hex')}.jsonl`), {
    temporary: true,
  })
}

/** File reporters are written atomically, those that list every conversation from `cases`; the console's closing text goes to stdout. */
export async function writeReports(
  reporters: ActiveReporter[],
  report: RunReport,
  opts: { cwd: string; print: (text: string) => void; cases: CaseSource },
): Promise<void> {
  for (const { spec, reporter } of reporters) {
    if (!spec.file) {
      opts.print(reporter.onRunEnd(report))
      continue
    }
    await writeAtomic(spec.file, documentOf(reporter, report, opts.cases))
    process.stderr.write(`wrote ${path.relative(opts.cwd, spec.file) || spec.file}\n`)
  }
}
