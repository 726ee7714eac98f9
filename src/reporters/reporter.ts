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
   * The same document as onRunEnd, in pieces, for documents that may outgrow one string (the
   * JSON report); the CLI writes these pieces to the file as they come when a reporter has it.
   */
  streamRunEnd?(report: RunReport): Iterable<string>
}

/** What to write for a file reporter: its pieces when it streams, else its text. */
export function documentOf(reporter: Reporter, report: RunReport): string | Iterable<string> {
  return reporter.streamRunEnd ? reporter.streamRunEnd(report) : reporter.onRunEnd(report)
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
