import { renderDiagnostic } from '../diagnostics/render.js'
import { EndpointDownError, EXIT, InputError } from '../core/errors.js'
import { neutralise } from '../util/safe-text.js'

/** Error text may quote files and endpoints: control characters are shown, never obeyed (CRLF line ends are kept as line ends). */
const safe = (text: string) => neutralise(text.replace(/\r\n/g, '\n'))

/**
 * Known errors print a short message and map to their exit code; anything else is a bug in
 * banter and keeps its stack (exit 4).
 */
export function handleError(err: unknown): number {
  if (err instanceof InputError) {
    const n = err.diagnostics.length
    process.stderr.write(
      safe(`${err.diagnostics.map(renderDiagnostic).join('\n\n')}\n\n${n} error${n === 1 ? '' : 's'}; nothing was run or written.\n`),
    )
    return EXIT.invalidInput
  }
  if (err instanceof EndpointDownError) {
    process.stderr.write(safe(`error: ${err.message}\n`))
    return EXIT.errored
  }
  const stack = err instanceof Error ? (err.stack ?? err.message) : String(err)
  process.stderr.write(safe(`internal error: this is a bug in banter.\n${stack}\nPlease report it with the command you ran.\n`))
  return EXIT.internal
}
