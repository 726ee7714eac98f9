import { generatorOf } from '../metrics/generators.js'
import type { CaseResult, RunReport } from '../report/model.js'

/**
 * The command that replays one generated conversation (`banter run <generator file> --case ID
 * --seed S`, plus `--repeat N` when the run repeated), for every failure of a generated case;
 * undefined for scenarios. Add the run's
 * own `--config`/`--endpoint` flags when it used them.
 */
export function replayCommand(report: Pick<RunReport, 'run'>, c: Pick<CaseResult, 'id' | 'tags' | 'file'>): string | undefined {
  const seed = report.run.seed
  if (seed === undefined || generatorOf(c) === undefined) return undefined
  // A flaky case shows its failure only in some runs: the replay repeats it as the run did.
  const repeat = report.run.repeat ? ` --repeat ${report.run.repeat}` : ''
  return `banter run ${shellWord(c.file)} --case ${shellWord(c.id)} --seed ${seed}${repeat}`
}

/** A word as a POSIX shell reads it literally: bare when safe, else single-quoted. */
function shellWord(word: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`
}
