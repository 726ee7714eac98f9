/**
 * The names users give to --reporter, in the order --help and docs/cli.md list them. Kept apart
 * from registry.ts (which loads every reporter) so that --help loads nothing; the registry is
 * typed by these names, so a reporter missing here or there fails the type check.
 */
export const REPORTER_NAMES = ['console', 'json', 'junit', 'junit-strict', 'markdown', 'prometheus', 'html', 'github'] as const

export type ReporterName = (typeof REPORTER_NAMES)[number]
