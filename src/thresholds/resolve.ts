import type { ThresholdEntry } from './parse.js'
import { flagThresholdDiagnostic } from './parse.js'
import type { Diagnostic } from '../diagnostics/diagnostic.js'
import { InputError } from '../core/errors.js'
import { defaultThresholds, isThreshold, mergeThresholds, parseThreshold, type Threshold } from './check.js'

/**
 * The thresholds in force: the defaults, overridden or disabled by the config's, plus each
 * `--threshold` (`[name:] metric op number`). Bad flags are input errors (exit 2), before
 * anything runs.
 */
export function resolveThresholds(config: ThresholdEntry[], flags: string[]): Threshold[] {
  const diagnostics: Diagnostic[] = []
  const fromFlags: Threshold[] = []
  for (const text of flags) {
    const parsed = parseThreshold(text)
    if (isThreshold(parsed)) fromFlags.push(parsed)
    else diagnostics.push(flagThresholdDiagnostic(parsed, text))
  }
  if (diagnostics.length > 0) throw new InputError(diagnostics)
  return mergeThresholds(defaultThresholds(), config, fromFlags)
}
