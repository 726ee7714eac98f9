import { shellWord } from '../util/shell-word.js'

/** What a replay command repeats of a run: the case, the seed and the run's own flags. */
interface ReplayOf {
  /** The generator file, as the run's report names it. */
  file: string
  caseId: string
  seed: number
  /** Runs per conversation, when the run repeated (`--repeat N`). */
  repeat?: number
  /**
   * The run's flags that change what a conversation sends, where or when (`--config FILE`,
   * `--endpoint URL`, ...), as argument words, credentials masked: the report's `run.replayArgs`.
   */
  args?: readonly string[]
}

/**
 * The command that runs one generated case again, as the run ran it: `banter run <generator file>
 * --case ID --seed S`, then `--repeat N` and the run's own flags. Every word is quoted for a POSIX
 * shell, so a path with spaces or quotes reaches banter as it was.
 */
export function replayCommand(r: ReplayOf): string {
  // A path that starts with "-" would read as a flag.
  const file = r.file.startsWith('-') ? `./${r.file}` : r.file
  const words = ['banter', 'run', file, '--case', r.caseId, '--seed', String(r.seed)]
  if (r.repeat) words.push('--repeat', String(r.repeat))
  return [...words, ...(r.args ?? [])].map(shellWord).join(' ')
}
