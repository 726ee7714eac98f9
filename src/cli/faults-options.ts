import { parse } from 'yaml'
import { faultConfigFrom, parseFaultSpec, type FaultConfig } from '../assistant/fault-spec.js'
import { inputError } from '../core/errors.js'
import { readProblem, readRegularFile } from '../util/regular-file.js'

/** A faults file is a few lines; anything near this is not one. */
const MAX_FAULTS_FILE_BYTES = 1024 * 1024

/** `--faults SPEC`, `--faults-file FILE` and `--fault-seed N` → a FaultConfig (or none). */
export async function readFaultOptions(opts: {
  faults?: string
  faultsFile?: string
  faultSeed?: number
}): Promise<FaultConfig | undefined> {
  if (opts.faults !== undefined && opts.faultsFile !== undefined)
    throw inputError('FAULT_SPEC_INVALID', '--faults and --faults-file cannot be used together')
  if (opts.faults !== undefined) return parseFaultSpec(opts.faults, opts.faultSeed)
  if (opts.faultsFile === undefined) return undefined
  let text: string
  try {
    text = (await readRegularFile(opts.faultsFile, MAX_FAULTS_FILE_BYTES)).toString('utf8')
  } catch (err) {
    throw inputError('FAULT_SPEC_INVALID', `--faults-file: cannot read ${opts.faultsFile} (${readProblem(err)})`)
  }
  let raw: unknown
  try {
    raw = parse(text, { maxAliasCount: 10 })
  } catch (err) {
    throw inputError(
      'FAULT_SPEC_INVALID',
      `--faults-file: ${opts.faultsFile} is not valid YAML/JSON: ${(err as Error).message.split('\n')[0]}`,
    )
  }
  return faultConfigFrom(raw, opts.faultSeed)
}
