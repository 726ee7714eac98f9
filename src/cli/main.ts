import { Command, CommanderError } from 'commander'
import { EXIT } from '../core/errors.js'
import { VERSION } from '../core/version.js'
import type { ImportFormat } from '../import/formats.js'
import type { CompareFlags, ImportFlags, MergeFlags, RecordFlags, ServeFlags, ValidateFlags } from '../options/command-options.js'
import { COMMANDS, type CommandName } from '../options/commands.js'
import type { RunFlags } from '../options/run-options.js'
import { defineCommand, type CommandAction } from './define-command.js'
import { handleError } from './handle-error.js'

/**
 * What each command runs. Its module is imported only when the command runs, so `banter
 * --version` and `--help` start without loading the runner, undici or ajv.
 */
const ACTIONS: Record<CommandName, CommandAction> = {
  run: async ([paths], flags) => (await import('./commands/run.js')).runCommand(paths as string[], flags as RunFlags),
  compare: async ([base, head], flags) =>
    (await import('./commands/compare.js')).compareCommand(base as string, head as string, flags as CompareFlags),
  merge: async ([reports], flags) => (await import('./commands/merge.js')).mergeCommand(reports as string[], flags as MergeFlags),
  validate: async ([paths], flags) => (await import('./commands/validate.js')).validateCommand(paths as string[], flags as ValidateFlags),
  serve: async (_, flags) => (await import('./commands/serve.js')).serveCommand(flags as ServeFlags),
  import: async ([format, files], flags) =>
    (await import('./commands/import.js')).importCommand(format as ImportFormat, files as string[], flags as ImportFlags),
  record: async (_, flags) => (await import('./commands/record.js')).recordCommand(flags as RecordFlags),
}

/** The commander program, from the options tables in src/options. */
export function program(): Command {
  const cli = new Command('banter')
    .description('Test conversational assistants as whole multi-turn conversations.')
    .version(VERSION, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
  for (const def of COMMANDS) defineCommand(cli, def, ACTIONS[def.name])
  return cli
}

/** Entry point: parses argv, runs the command, sets process.exitCode (never calls process.exit). */
export async function main(argv: string[]): Promise<void> {
  try {
    await program().parseAsync(argv)
  } catch (err) {
    if (err instanceof CommanderError) {
      process.exitCode = err.exitCode === 0 ? EXIT.ok : EXIT.invalidInput
      return
    }
    process.exitCode = handleError(err)
  }
}
