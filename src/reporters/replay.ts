import { generatorOf } from '../metrics/generators.js'
import { replayCommand as commandOf } from '../generate/replay-command.js'
import type { CaseResult, RunReport } from '../report/model.js'

/**
 * The command that replays one generated conversation (generate/replay-command.ts: the generator
 * file, `--case ID --seed S`, `--repeat N` when the run repeated, and the run's own flags that
 * change what is sent or where, `run.replayArgs`), for every failure of a generated case;
 * undefined for scenarios.
 */
export function replayCommand(report: Pick<RunReport, 'run'>, c: Pick<CaseResult, 'id' | 'tags' | 'file'>): string | undefined {
  const seed = report.run.seed
  if (seed === undefined || generatorOf(c) === undefined) return undefined
  // A flaky case shows its failure only in some runs: the replay repeats it as the run did.
  return commandOf({ file: c.file, caseId: c.id, seed, repeat: report.run.repeat, args: report.run.replayArgs })
}
