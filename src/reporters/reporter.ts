import type { CaseResult, RunReport } from '../report/model.js'

/** What the console shows before the first result. */
interface RunStart {
  total: number
  target: string
  files: number
  /** Generated runs: the seed (for replay commands). */
  seed?: number
  /** Repeated runs: runs per conversation (`total` counts runs). */
  repeat?: number
}

/**
 * A reporter turns run events into text and does no I/O: the CLI decides where the text goes
 * (stdout for the console, a file under --out for the rest). Hooks are optional.
 */
export interface Reporter {
  onRunStart?(info: RunStart): string | void
  /** Called in completion order as each conversation finishes; returned text is printed at once. */
  onCaseResult?(result: CaseResult): string | void
  /** The finished document (or the console's closing text). */
  onRunEnd(report: RunReport): string
  /**
   * The same document as onRunEnd, in pieces, for documents that may outgrow memory (JSON, JUnit,
   * HTML): the conversations come from `cases`, one at a time, where `report.cases` may hold only
   * a sample of them (a large run's results wait on disk, see cli/case-spool.ts). The CLI writes
   * the pieces to the file as they come.
   */
  streamRunEnd?(report: RunReport, cases: CaseSource): Iterable<string>
}

/**
 * Every conversation of a finished run in input order, read one at a time: from memory, or read
 * back from disk for a large run (cli/case-spool.ts). Each `at` may return a fresh copy.
 */
export interface CaseSource {
  readonly size: number
  at(index: number): CaseResult
}

/** The report's own cases as a CaseSource. */
export function casesOf(report: Pick<RunReport, 'cases'>): CaseSource {
  return { size: report.cases.length, at: (i) => report.cases[i]! }
}

/** Each case of a source in order. */
export function* eachCase(cases: CaseSource): Generator<CaseResult> {
  for (let i = 0; i < cases.size; i++) yield cases.at(i)
}

/** What to write for a file reporter: its pieces when it streams (every case from `cases`, default the report's), else its text. */
export function documentOf(reporter: Reporter, report: RunReport, cases: CaseSource = casesOf(report)): string | Iterable<string> {
  return reporter.streamRunEnd ? reporter.streamRunEnd(report, cases) : reporter.onRunEnd(report)
}

export interface ReporterFactory {
  /** Default file name under --out; absent for reporters that print to the terminal. */
  file?: string
  create(opts: ReporterOptions): Reporter
}

interface ReporterOptions {
  color: boolean
  /** The working directory: reporters write paths relative to it. */
  cwd?: string
  /** The environment (GITHUB_WORKSPACE for annotations). */
  env?: NodeJS.ProcessEnv
}
