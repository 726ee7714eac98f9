import type { Diagnostic } from './diagnostic.js'

/**
 * Renders a diagnostic like Hurl and rustc do: a title, `--> file:line:col`, a code frame with a
 * caret under the offending text, and a hint.
 *
 *   error[UNKNOWN_KEY]: turns[0].expect: unknown key "intnet"
 *     --> scenarios/order-help.yaml:6:7
 *      |
 *    6 |       intnet: order_help
 *      |       ^^^^^^
 *      = hint: did you mean "intent"?
 */
export function renderDiagnostic(d: Diagnostic): string {
  const lines = [`${d.severity ?? 'error'}[${d.code}]: ${d.message}`]
  if (d.loc) {
    const gutter = String(d.loc.line).length
    const pad = ' '.repeat(gutter)
    lines.push(`${pad}--> ${d.loc.file}:${d.loc.line}:${d.loc.col}`)
    if (d.lineText !== undefined) {
      const text = d.lineText.replace(/\t/g, ' ')
      const shown = text.length > 160 ? `${text.slice(0, 160)}…` : text
      const caretCol = Math.max(0, Math.min(Number.isFinite(d.loc.col) ? d.loc.col - 1 : 0, shown.length))
      const width = Math.max(1, Math.min(d.length ?? 1, Math.max(1, shown.length - caretCol)))
      lines.push(`${pad} |`)
      lines.push(`${d.loc.line} | ${shown}`)
      lines.push(`${pad} | ${' '.repeat(caretCol)}${'^'.repeat(width)}`)
    }
    if (d.hint) lines.push(`${pad} = hint: ${d.hint}`)
  } else if (d.hint) {
    lines.push(`  = hint: ${d.hint}`)
  }
  return lines.join('\n')
}
