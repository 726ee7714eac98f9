import type { Diagnostic } from '../diagnostics/diagnostic.js'

/** Documented exit codes; see docs/cli.md "Exit codes". */
export const EXIT = {
  ok: 0,
  failed: 1,
  invalidInput: 2,
  errored: 3,
  internal: 4,
  interrupted: 130,
} as const

/**
 * A known user error: bad flags, bad YAML, bad config. The CLI prints its diagnostics without a
 * stack trace and exits 2. Anything that is not a BanterError is a bug (exit 4).
 */
export class InputError extends Error {
  readonly exitCode = EXIT.invalidInput
  constructor(readonly diagnostics: Diagnostic[]) {
    super(diagnostics.map((d) => d.message).join('\n'))
    this.name = 'InputError'
  }
}

/** Shorthand for a single diagnostic without a source position (a bad flag, a missing file). */
export function inputError(code: string, message: string, hint?: string): InputError {
  return new InputError([{ code, message, hint }])
}

/** The endpoint cannot be used at all (down, refusing every connection): exit 3. */
export class EndpointDownError extends Error {
  readonly exitCode = EXIT.errored
  constructor(message: string) {
    super(message)
    this.name = 'EndpointDownError'
  }
}
