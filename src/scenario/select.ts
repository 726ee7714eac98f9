import { inputError } from '../errors.js'
import type { Conversation } from './model.js'

/**
 * Narrows a suite by --grep (a case-insensitive regular expression on the name) and --tag (any of
 * the tags). Selecting nothing is an error: a typo in a CI filter must not pass as green.
 */
export function selectConversations(all: Conversation[], opts: { grep?: string; tags?: string[] }): Conversation[] {
  let selected = all
  if (opts.grep) {
    let pattern: RegExp
    try {
      pattern = new RegExp(opts.grep, 'i')
    } catch (err) {
      throw inputError('INVALID_GREP', `--grep: ${(err as Error).message}`)
    }
    selected = selected.filter((c) => pattern.test(c.name))
  }
  if (opts.tags?.length) {
    const wanted = new Set(opts.tags)
    selected = selected.filter((c) => c.tags.some((t) => wanted.has(t)))
  }
  if (selected.length === 0) {
    const filters = [opts.grep && `--grep ${JSON.stringify(opts.grep)}`, opts.tags?.length && `--tag ${opts.tags.join(',')}`].filter(Boolean).join(' and ')
    throw inputError('NOTHING_SELECTED', filters ? `no scenario matches ${filters} (${all.length} loaded)` : 'no scenarios to run')
  }
  return selected
}
