import type { ResolvedConfig } from '../config/load-config.js'

/**
 * One flag of one command, as the options tables (run-options.ts, command-options.ts) write it.
 * From a row come the commander option (cli/define-command.ts), its --help line (helpLine), its
 * line in docs/cli.md (cli-reference.ts), the type of its value (FlagValues) and, for
 * `banter run`, where it sits in the precedence flag > config > default (resolve-run-settings.ts).
 */
export interface OptionRow<T = unknown> {
  /** `--think-time` */
  long: `--${string}`
  /** `-j` */
  short?: `-${string}`
  /** The value's name as --help shows it, `<ms>`; absent for a switch (its value is `true`). */
  arg?: `<${string}>`
  /** What the flag does, without its default or config key (helpLine adds those). */
  help: string
  /**
   * Parses and checks one value. A bad value throws commander's InvalidArgumentError, which
   * becomes `error: option '--x <n>' argument 'v' is invalid. …` and exit 2. A repeatable flag
   * gets the values so far as `previous`. Without it the value is the string as given.
   */
  parse?: (value: string, previous: T | undefined) => T
  /** The values allowed, from the registry that defines them (commander rejects others, exit 2). */
  choices?: readonly string[]
  /** The banter.config.yaml key that sets the same thing (flag > config > default). */
  config?: ConfigKey<T>
  /** An environment variable read when the flag is not given. */
  env?: string
  /** The value when neither the flag nor the config gives one. */
  default?: T
  /** How --help and docs show the default, when it is not `default` itself (`5s`, `random, printed`). */
  defaultText?: string
  /** The heading it is listed under in docs/cli.md. */
  group?: string
  /** A flag the CLI acts on itself rather than a field of RunOptions (`--reporter`, `--out`). */
  cliOnly?: true
  /**
   * `banter run`: a flag that changes what a conversation sends, where or when, so the command
   * that replays a failed generated case repeats it when the run was given it (replay-args.ts).
   */
  replay?: true
}

/** A config file key and how to read its (validated) value from the loaded config. */
interface ConfigKey<T> {
  /** As written in banter.config.yaml: `think_time_ms`, `endpoint.timeout_ms`. */
  key: string
  /** Absent where the config's value is not the flag's value (an endpoint block, thresholds that add up). */
  read?: (config: ResolvedConfig) => T | undefined
}

/** A row of any value type. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each row has its own value type
export type AnyRow = OptionRow<any>

/** A table of options: the key is the name of the parsed value (a RunOptions field for `banter run`). */
export type OptionTable = Record<string, AnyRow>

/** A row, its value type inferred from `parse` (else a string; write `option<boolean>` for a switch). */
export function option<T = string>(row: OptionRow<T> & { default: T }): OptionRow<T> & { default: T }
export function option<T = string>(row: OptionRow<T>): OptionRow<T>
export function option<T>(row: OptionRow<T>): OptionRow<T> {
  return row
}

/** A row for a flag the CLI acts on itself: not a field of RunOptions (`--reporter`, `--out`). */
export function cliOption<T = string>(row: Omit<OptionRow<T>, 'cliOnly'> & { default: T }): OptionRow<T> & { cliOnly: true; default: T }
export function cliOption<T = string>(row: Omit<OptionRow<T>, 'cliOnly'>): OptionRow<T> & { cliOnly: true }
export function cliOption<T>(row: Omit<OptionRow<T>, 'cliOnly'>): OptionRow<T> & { cliOnly: true } {
  return { ...row, cliOnly: true }
}

/** The value a row gives. */
export type ValueOf<R> = R extends OptionRow<infer T> ? T : never

/** The parsed values of a table's flags, each optional (absent when not given). */
export type FlagValues<Table> = { -readonly [K in keyof Table]?: ValueOf<Table[K]> }

/** The keys of a table's rows that the CLI acts on itself. */
export type CliOnlyKeys<Table> = { [K in keyof Table]: Table[K] extends { cliOnly: true } ? K : never }[keyof Table]

/** `-j, --concurrency <n>`: the flags as commander and --help write them. */
export function flagsOf(row: AnyRow): string {
  return `${row.short ? `${row.short}, ` : ''}${row.long}${row.arg ? ` ${row.arg}` : ''}`
}

/** The default as --help and docs show it, if there is one. */
export function defaultTextOf(row: AnyRow): string | undefined {
  if (row.defaultText !== undefined) return row.defaultText
  if (row.default === undefined) return undefined
  return Array.isArray(row.default) ? row.default.join(',') : String(row.default)
}

/** The --help text: the help, then the default, the config key and the environment variable. */
export function helpLine(row: AnyRow): string {
  const extra = [
    defaultTextOf(row) === undefined ? '' : `default: ${defaultTextOf(row)}`,
    row.config ? `config: ${row.config.key}` : '',
    row.env ? `env: ${row.env}` : '',
  ].filter(Boolean)
  return extra.length > 0 ? `${row.help} (${extra.join('; ')})` : row.help
}
