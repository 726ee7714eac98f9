import type { Diagnostic } from '../diagnostics/diagnostic.js'
import { locatePath, locAt, type YamlSource } from '../diagnostics/yaml-source.js'
import { isThreshold, parseThreshold, type Threshold, type ThresholdSyntaxError } from './check.js'
import type { Thresholds } from '../core/config.types.generated.js'

/** A config threshold entry: parsed, or `false` to disable a default of that name. */
export type ThresholdEntry = Threshold | { name: string; disabled: true }

/**
 * Parses the config's `thresholds:` (a map name → expression, or a list of { name, alert }),
 * pointing each syntax error at its line and column in the config file.
 */
export function configThresholds(raw: Thresholds | undefined, source: YamlSource, diagnostics: Diagnostic[]): ThresholdEntry[] {
  if (!raw) return []
  const entries = Array.isArray(raw)
    ? raw.map((t, i) => ({ name: t.name, text: t.alert as string | false, path: ['thresholds', i, 'alert'] }))
    : Object.entries(raw).map(([name, text]) => ({ name, text, path: ['thresholds', name] }))
  const out: ThresholdEntry[] = []
  for (const e of entries) {
    if (e.text === false) {
      out.push({ name: e.name!, disabled: true })
      continue
    }
    const parsed = parseThreshold(e.text, e.name)
    if (isThreshold(parsed)) out.push(parsed)
    else diagnostics.push(thresholdDiagnostic(parsed, source, e.path))
  }
  return out
}

function thresholdDiagnostic(err: ThresholdSyntaxError, source: YamlSource, path: (string | number)[]): Diagnostic {
  const value = locatePath(source, path)
  // The error's column is within the string; a quoted scalar starts one character later.
  const start = source.lineCounter.lineStarts[value.loc.line - 1]! + value.loc.col - 1
  const quote = source.text[start] === '"' || source.text[start] === "'" ? 1 : 0
  const at = locAt(source, start + quote + err.col - 1, err.length)
  return { code: err.code, message: `thresholds: ${err.message}`, ...at, hint: err.hint }
}

/** A diagnostic for a `--threshold` flag, with the expression as its code frame. */
export function flagThresholdDiagnostic(err: ThresholdSyntaxError, text: string): Diagnostic {
  return {
    code: err.code,
    message: `--threshold: ${err.message}`,
    loc: { file: '--threshold', line: 1, col: err.col },
    lineText: text,
    length: err.length,
    hint: err.hint,
  }
}
