import { EXIT } from '../core/errors.js'
import { argumentSyntax, COMMANDS, type ArgumentRow, type CommandDef } from './commands.js'
import { defaultTextOf, flagsOf, type AnyRow } from './option-row.js'

/**
 * docs/cli.md, rendered from the options tables: `npm run gen:docs` writes it, and
 * test/unit/options/cli-reference.test.ts fails when the committed file differs.
 */
export function cliReference(): string {
  return [
    '# CLI reference',
    '',
    '<!-- Written by `npm run gen:docs` from the options tables in src/options/: edit those, not this file. -->',
    '',
    'Every command, argument and flag of `banter`, as `banter <command> --help` prints them. Exit codes:',
    `${EXIT.ok} passed, ${EXIT.failed} a verdict failed or a threshold was breached, ${EXIT.invalidInput} bad input (a flag, a file, the config;`,
    `nothing ran), ${EXIT.errored} conversations errored, ${EXIT.internal} an internal error, ${EXIT.interrupted} interrupted.`,
    '',
    '| command | what it does |',
    '| --- | --- |',
    ...COMMANDS.map((c) => `| [\`banter ${c.name}\`](#banter-${c.name}) | ${cell(c.description)} |`),
    '',
    PRECEDENCE.trimEnd(),
    ...COMMANDS.flatMap(commandSection),
    '',
  ].join('\n')
}

const PRECEDENCE = `## Flags, the config file and defaults

A setting that a flag and \`banter.config.yaml\` can both give is taken from the flag, else from the
config file, else from its default: **flag > config > default**. The tables name each flag's
config key and default; one function applies this order (src/options/resolve-run-settings.ts).

- A path given on the command line (\`--out\`, \`--reporter json:path\`, the scenario paths) is
  relative to the working directory; one written in the config (\`out:\`, \`reporters:\`,
  \`scenarios:\`) is relative to the config file's folder. Without either, report files go to
  \`reports/\` beside the config (or in the working directory without one).
- \`--endpoint\` replaces the config's whole \`endpoint:\` block, its retry policy included;
  \`endpoint.timeout_ms\` still applies to it unless \`--timeout\` is given.
- \`--threshold\` does not replace \`thresholds:\`: the built-in thresholds, then the config's, then
  each \`--threshold\` apply, a later one replacing an earlier one of the same name.
- An environment variable in the "env" column is read when the flag is not given.
- A bad value (\`-j 0\`, \`--max-duration soon\`, an unknown reporter) is an error that names the
  flag and the value; nothing runs and the exit code is ${EXIT.invalidInput}.
`

function commandSection(def: CommandDef): string[] {
  const groups = [...new Set(Object.values(def.options).map((row) => row.group))]
  return [
    '',
    `## banter ${def.name}`,
    '',
    `\`banter ${def.name} [options]${def.args.map((a) => ` ${argumentSyntax(a)}`).join('')}\``,
    '',
    `${def.description[0]!.toUpperCase()}${def.description.slice(1)}.`,
    ...(def.args.length > 0 ? ['', ...argumentTable(def.args)] : []),
    ...groups.flatMap((group) => optionTable(def, group)),
  ]
}

function argumentTable(args: ArgumentRow[]): string[] {
  return [
    '| argument | description | default | config |',
    '| --- | --- | --- | --- |',
    ...args.map((a) => `| ${code(argumentSyntax(a))} | ${cell(a.help)}${a.choices ? `: ${a.choices.map(code).join(', ')}` : ''} | ${cell(a.defaultText ?? '')} | ${a.config ? code(a.config) : ''} |`),
  ]
}

function optionTable(def: CommandDef, group: string | undefined): string[] {
  const rows = Object.values(def.options).filter((row) => row.group === group)
  const hasEnv = rows.some((row) => row.env)
  return [
    '',
    ...(group ? [`### ${group}`, ''] : []),
    `| flag | description | default | config${hasEnv ? ' | env' : ''} |`,
    `| --- | --- | --- | ---${hasEnv ? ' | ---' : ''} |`,
    ...rows.map((row) => `| ${code(flagsOf(row))} | ${cell(row.help)}${choices(row)} | ${cell(defaultTextOf(row) ?? '')} | ${row.config ? code(row.config.key) : ''}${hasEnv ? ` | ${row.env ? code(row.env) : ''}` : ''} |`),
  ]
}

function choices(row: AnyRow): string {
  return row.choices ? `: ${row.choices.map(code).join(', ')}` : ''
}

/** A table cell: pipes escaped, so `<i/n|auto>` does not split the row. */
function cell(text: string): string {
  return text.replaceAll('|', '\\|')
}

function code(text: string): string {
  return `\`${cell(text)}\``
}
