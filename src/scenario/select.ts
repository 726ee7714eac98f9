import { inputError } from '../core/errors.js'
import type { SuiteEntry } from './deferred.js'
import { compileRegex, type ReplyPattern } from './regex.js'

/** The --grep/--tag filters of `banter run`. */
export interface NameTagFilter {
  grep?: string
  tags?: string[]
}

/** Anything --grep and --tag can select: scenarios, and generators in generated runs. */
export interface Selectable {
  name: string
  tags: string[]
}

/** Whether any filter is set. */
function hasFilter(opts: NameTagFilter): boolean {
  return Boolean(opts.grep) || Boolean(opts.tags?.length)
}

/**
 * The predicate for --grep (a case-insensitive regular expression on the name) and --tag (any of
 * the tags). An invalid pattern, or one RE2 cannot run, is an input error.
 */
export function nameTagMatcher(opts: NameTagFilter): (item: Selectable) => boolean {
  let pattern: ReplyPattern | undefined
  if (opts.grep) {
    // The same linear-time engine as reply.matches: no pattern can stall the selection.
    const compiled = compileRegex(opts.grep, 'i')
    if ('error' in compiled) throw inputError('INVALID_GREP', `--grep: ${compiled.error}`, compiled.hint)
    pattern = compiled.regex
  }
  const wanted = opts.tags?.length ? new Set(opts.tags) : undefined
  return (item) => (!pattern || pattern.test(item.name)) && (!wanted || item.tags.some((t) => wanted.has(t)))
}

/** The filters as typed, for messages: `--grep "x" and --tag a,b`. */
export function describeFilters(opts: NameTagFilter): string {
  return [opts.grep && `--grep ${JSON.stringify(opts.grep)}`, opts.tags?.length && `--tag ${opts.tags.join(',')}`]
    .filter(Boolean)
    .join(' and ')
}

/**
 * Narrows scenarios or generators by --grep and --tag. Selecting nothing is an error: a typo in a
 * CI filter must not pass as green.
 */
export function selectByNameAndTags<T extends Selectable>(all: T[], opts: NameTagFilter, kind: 'scenario' | 'generator'): T[] {
  const selected = hasFilter(opts) ? all.filter(nameTagMatcher(opts)) : all
  if (selected.length === 0) {
    const filters = describeFilters(opts)
    throw inputError('NOTHING_SELECTED', filters ? `no ${kind} matches ${filters} (${all.length} loaded)` : `no ${kind}s to run`)
  }
  return selected
}

/** Narrows a suite's scenarios by --grep and --tag (see selectByNameAndTags). */
export function selectConversations<T extends SuiteEntry>(all: T[], opts: NameTagFilter): T[] {
  return selectByNameAndTags(all, opts, 'scenario')
}
