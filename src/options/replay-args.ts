import { maskUrlCredentials } from '../secrets/redact.js'
import type { AnyRow } from './option-row.js'
import { RUN_OPTIONS, type RunFlagOptions } from './run-options.js'

/**
 * The flags of a run that its replay commands repeat (the rows marked `replay`: --config,
 * --endpoint, --timeout, --retries, --rate, --think-time), in table order, as argument words:
 * `['--config', 'ci/banter.yaml', '--timeout', '5000']`. Only flags the run was given: a value from
 * the config comes back with --config, a default by itself. Credentials are masked: URL userinfo
 * here, and whatever `redact` knows (a credential query parameter of --endpoint, a config secret).
 */
export function replayArgs(options: RunFlagOptions, redact: (text: string) => string): string[] {
  const words: string[] = []
  for (const [key, row] of Object.entries(RUN_OPTIONS) as [string, AnyRow][]) {
    const value = (options as Record<string, unknown>)[key]
    if (!row.replay || value === undefined || value === false) continue
    words.push(row.long)
    if (value !== true) words.push(maskUrlCredentials(redact(String(value))))
  }
  return words
}
