import { Command, CommanderError, InvalidArgumentError } from 'commander'
import { EXIT } from '../errors.js'
import { VERSION } from '../version.js'
import { addImportRecordCommands } from './extra-commands.js'
import { handleError } from './handle-error.js'
import { runCommand } from './commands/run.js'
import { serveCommand } from './commands/serve.js'
import { validateCommand } from './commands/validate.js'

/** Parses a positive integer flag; commander turns the error into a usage error (exit 2). */
export function positiveInt(value: string): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`expected a positive integer, got "${value}"`)
  return n
}

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').map((v) => v.trim()).filter(Boolean)]
}

function program(): Command {
  const cli = new Command('banter')
    .description('Test conversational assistants as whole multi-turn conversations.')
    .version(VERSION, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
  cli.command('run')
    .description('run scenarios against an assistant (default: the embedded reference assistant)')
    .argument('[paths...]', 'scenario files, directories or globs (default: scenarios/)')
    .option('-c, --config <file>', 'config file (default: ./banter.config.yaml if present)')
    .option('-e, --endpoint <url>', "assistant endpoint that speaks banter's default JSON shape")
    .option('-j, --concurrency <n>', 'conversations run at once (default 8)', positiveInt)
    .option('--timeout <ms>', 'per-turn timeout in ms: connect, headers and body (default 10000)', positiveInt)
    .option('-g, --grep <pattern>', 'only scenarios whose name matches (regular expression, case-insensitive)')
    .option('-t, --tag <tags>', 'only scenarios with one of these tags (repeatable, comma-separated)', collect)
    .option('--bail', 'stop starting conversations after the first failure')
    .option('-r, --reporter <names>', 'console, json, junit; name:path for a file (repeatable, comma-separated)', collect)
    .option('-o, --out <dir>', 'directory for report files (default: reports)')
    .action(async (paths: string[], opts) => { process.exitCode = await runCommand(paths, opts) })
  cli.command('validate')
    .description('check scenario files against the schema and rules; runs nothing')
    .argument('[paths...]', 'scenario files, directories or globs (default: scenarios/)')
    .option('-c, --config <file>', 'config file (default: ./banter.config.yaml if present)')
    .action(async (paths: string[], opts) => { process.exitCode = await validateCommand(paths, opts) })
  cli.command('serve')
    .description('start the reference assistant (POST /chat, GET /health)')
    .option('-p, --port <port>', 'port (default 5005; 0 picks a free one)', (v) => {
      const n = Number(v)
      if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError(`expected a port number, got "${v}"`)
      return n
    }, 5005)
    .option('-H, --host <host>', 'address to listen on', '127.0.0.1')
    .action(async (opts) => { process.exitCode = await serveCommand(opts) })
  addImportRecordCommands(cli)
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
