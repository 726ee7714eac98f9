/** A position in a source file; line and col are 1-based. */
export interface SourceLoc {
  file: string
  line: number
  col: number
}

/**
 * A problem found in user input, as data: a stable code (asserted in tests), a message, where it
 * is, and optionally how to fix it. Rendering to text happens in `render.ts`.
 */
export interface Diagnostic {
  code: string
  /** Default `error`. A `note` informs and never fails a command (validate's unset variables). */
  severity?: 'error' | 'note'
  message: string
  loc?: SourceLoc
  /** Characters to underline from `loc.col` (at least 1). */
  length?: number
  /** The source line at `loc.line`, for the code frame. */
  lineText?: string
  hint?: string
}

/** Sort by file, then line, then column, so output is stable whatever the discovery order. */
export function sortDiagnostics(list: Diagnostic[]): Diagnostic[] {
  return [...list].sort(
    (a, b) =>
      (a.loc?.file ?? '').localeCompare(b.loc?.file ?? '') ||
      (a.loc?.line ?? 0) - (b.loc?.line ?? 0) ||
      (a.loc?.col ?? 0) - (b.loc?.col ?? 0),
  )
}
