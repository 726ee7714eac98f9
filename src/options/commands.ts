import { IMPORT_FORMATS } from '../import/formats.js'
import { COMPARE_OPTIONS, IMPORT_OPTIONS, MERGE_OPTIONS, RECORD_OPTIONS, SERVE_OPTIONS, VALIDATE_OPTIONS } from './command-options.js'
import type { OptionTable } from './option-row.js'
import { RUN_OPTIONS, RUN_PATHS } from './run-options.js'

/** One positional argument of a command. */
export interface ArgumentRow {
  name: string
  help: string
  /** `[paths...]` rather than `<paths>`. */
  optional?: boolean
  variadic?: boolean
  /** The values allowed, from the registry that defines them. */
  choices?: readonly string[]
  /** The banter.config.yaml key used when the argument is not given. */
  config?: string
  defaultText?: string
}

/** One command: what --help and docs/cli.md say of it, and its flags. */
export interface CommandDef {
  name: CommandName
  description: string
  args: ArgumentRow[]
  options: OptionTable
}

export type CommandName = 'run' | 'validate' | 'compare' | 'merge' | 'serve' | 'import' | 'record'

/** Every command of `banter`, in --help order. */
export const COMMANDS: CommandDef[] = [
  {
    name: 'run',
    description: 'run scenarios against an assistant (default: the embedded reference assistant)',
    args: [RUN_PATHS],
    options: RUN_OPTIONS,
  },
  {
    name: 'compare',
    description: 'compare two JSON reports: new failures, fixes, metric deltas; exit 1 on a regression',
    args: [
      { name: 'base', help: 'the baseline report (banter-report.json)' },
      { name: 'head', help: 'the report to check' },
    ],
    options: COMPARE_OPTIONS,
  },
  {
    name: 'merge',
    description: 'merge shard JSON reports into one report and write the requested reporters',
    args: [{ name: 'reports', variadic: true, help: 'JSON reports written by banter run --shard ... --reporter json' }],
    options: MERGE_OPTIONS,
  },
  {
    name: 'validate',
    description: 'check scenario files against the schema and rules; runs nothing',
    args: [RUN_PATHS],
    options: VALIDATE_OPTIONS,
  },
  {
    name: 'serve',
    description: 'start the reference assistant (POST /chat, GET /health, GET /metrics, POST/GET /feedback)',
    args: [],
    options: SERVE_OPTIONS,
  },
  {
    name: 'import',
    description:
      'convert existing tests: Rasa stories/e2e test cases/NLU, Botium convos (text or YAML)/utterances, NLP.js corpora → scenarios and generators; prints a fidelity summary',
    args: [
      { name: 'format', help: 'source format', choices: IMPORT_FORMATS },
      { name: 'files', variadic: true, help: 'input files' },
    ],
    options: IMPORT_OPTIONS,
  },
  {
    name: 'record',
    description: 'talk to the assistant interactively and save the conversation as a scenario',
    args: [],
    options: RECORD_OPTIONS,
  },
]

/** `<base>`, `[paths...]`: the argument as --help writes it. */
export function argumentSyntax(arg: ArgumentRow): string {
  const name = `${arg.name}${arg.variadic ? '...' : ''}`
  return arg.optional ? `[${name}]` : `<${name}>`
}

/** The argument's help as --help shows it: with its default and config key. */
export function argumentHelp(arg: ArgumentRow): string {
  const extra = [arg.defaultText ? `default: ${arg.defaultText}` : '', arg.config ? `config: ${arg.config}` : ''].filter(Boolean)
  return extra.length > 0 ? `${arg.help} (${extra.join('; ')})` : arg.help
}
