import { Argument, Option, type Command } from 'commander'
import { argumentHelp, argumentSyntax, type CommandDef } from '../options/commands.js'
import { flagsOf, helpLine } from '../options/option-row.js'

/** What a command does with its arguments and its flags' values (keyed as in its options table). */
export type CommandAction = (args: unknown[], values: Record<string, unknown>) => Promise<number>

/**
 * Adds one command of the options tables (src/options) to the program: its arguments, its flags
 * with their parsers, choices and --help text, and an action that receives the values keyed as
 * the table keys them. No flag gets a commander default: a value is absent when the flag is not
 * given, so the config and the defaults can be applied after (resolve-run-settings.ts).
 */
export function defineCommand(cli: Command, def: CommandDef, action: CommandAction): Command {
  const cmd = cli.command(def.name).description(def.description)
  for (const arg of def.args) {
    const argument = new Argument(argumentSyntax(arg), argumentHelp(arg))
    cmd.addArgument(arg.choices ? argument.choices(arg.choices) : argument)
  }
  const attributes = new Map<string, string>()
  for (const [key, row] of Object.entries(def.options)) {
    const opt = new Option(flagsOf(row), helpLine(row))
    if (row.parse) opt.argParser(row.parse)
    if (row.choices) opt.choices(row.choices)
    if (row.group) opt.helpGroup(`${row.group}:`)
    cmd.addOption(opt)
    attributes.set(opt.attributeName(), key)
  }
  cmd.action(async (...params: unknown[]) => {
    // commander passes the arguments, then the parsed options, then the command.
    const args = params.slice(0, def.args.length)
    const parsed = (params.at(-1) as Command).opts()
    process.exitCode = await action(args, valuesOf(parsed, attributes))
  })
  return cmd
}

/** commander's `{ thinkTime: 500 }` → the table's `{ thinkTimeMs: 500 }`; flags not given are left out. */
function valuesOf(parsed: Record<string, unknown>, attributes: Map<string, string>): Record<string, unknown> {
  const values: Record<string, unknown> = {}
  for (const [attribute, value] of Object.entries(parsed)) {
    if (value !== undefined) values[attributes.get(attribute) ?? attribute] = value
  }
  return values
}
