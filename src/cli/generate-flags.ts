import path from 'node:path'
import { inputError } from '../core/errors.js'
import type { ShrunkFailure } from '../execute/run-generated.js'
import { toScenarioFile } from '../generate/to-scenario.js'
import { packagePath } from '../util/package-path.js'
import { prepareOutDir, writeAtomic } from './output.js'
import type { RunFlags } from '../options/run-options.js'

/** The flags of `banter run` that drive generated conversations. */
type GenerateFlags = Pick<RunFlags, 'generate' | 'seed' | 'caseId' | 'saveFailures'>

/** Flag combinations that make no sense are usage errors (exit 2), before anything runs. */
export async function checkGenerateFlags(flags: GenerateFlags): Promise<void> {
  const generating = flags.generate !== undefined || flags.caseId !== undefined
  if (flags.generate !== undefined && flags.caseId !== undefined)
    throw inputError('USAGE', '--generate and --case cannot be used together', '--case replays one generated case; --generate runs N')
  if (flags.caseId !== undefined && flags.seed === undefined)
    throw inputError('USAGE', '--case needs --seed', 'use the seed printed by the run that generated the case')
  if (!generating && flags.seed !== undefined) throw inputError('USAGE', '--seed applies only with --generate or --case')
  if (!generating && flags.saveFailures !== undefined) throw inputError('USAGE', '--save-failures applies only with --generate or --case')
  if (flags.saveFailures !== undefined) await prepareOutDir(flags.saveFailures, '--save-failures')
}

/**
 * Writes one shrunk failure as a scenario file in `dir`, its header naming the command that
 * replays the original case (with the run's `replayArgs`); returns the line to print.
 */
export async function saveFailure(dir: string, cwd: string, failure: ShrunkFailure, replayArgs: readonly string[]): Promise<string> {
  const schemaRef = path.relative(path.resolve(cwd, dir), packagePath('schema/scenario.schema.json')).split(path.sep).join('/')
  const saved = toScenarioFile(failure.case, { schemaRef, originalTurns: failure.originalTurns, replayArgs })
  const file = path.join(dir, saved.fileName)
  await writeAtomic(file, saved.yaml)
  return `saved ${failure.case.id} to ${file} (shrunk from ${failure.originalTurns} to ${failure.case.turns.length} turns in ${failure.reruns} re-runs)\n`
}
