import { Command, CommanderError } from 'commander'
import { EXIT } from '../core/errors.js'
import { VERSION } from '../core/version.js'
import { parseDuration } from './duration.js'
import { arrivalRate, collect, nonNegativeInt, port, positiveInt, positiveNumber, repeat, seedArg } from './flags.js'
import { addImportRecordCommands } from './register-import-record.js'
import { handleError } from './handle-error.js'

/** Every reporter name, for --help (kept here, not read from the registry, so help loads nothing). */
export const REPORTER_NAMES = 'console, json, junit, junit-strict, markdown, prometheus, html, github'

/**
 * The commander program. Each command's module is imported only when that command runs, so
 * `banter --version` and `--help` start without loading the runner, undici or ajv.
 */
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
    .option('--timeout <ms>', 'timeout of one HTTP attempt in ms: connect, headers and body (default 10000)', positiveInt)
    .option('-g, --grep <pattern>', 'only scenarios (with --generate: generators) whose name matches (regular expression, case-insensitive)')
    .option('-t, --tag <tags>', 'only scenarios (with --generate: generators) with one of these tags (repeatable, comma-separated)', collect)
    .option('--rate <n>', 'at most n requests per second across the whole run', positiveNumber)
    .option('--think-time <ms>', 'pause between the turns of a conversation, in ms (ends with the run, like every wait)', nonNegativeInt)
    .option('--bail', 'stop starting conversations after the first failure')
    .option('-r, --reporter <names>', `${REPORTER_NAMES}; name:path for a file (repeatable, comma-separated)`, collect)
    .option('-o, --out <dir>', 'directory for report files (default: reports)')
    .option('--threshold <expr>', 'alert (exit 1) when "[name:] metric op number" holds, e.g. "fallback_rate > 0.2" (repeatable)', repeat)
    .option('--suite <name>', 'suite name for metric labels (default: config suite, else the paths)')
    .option('--pushgateway <url>', 'push the metrics to this Prometheus Pushgateway after the run')
    .option('--generate <n>', 'run N conversations generated from the generator files in the paths', positiveInt)
    .option('--seed <seed>', 'seed for --generate and --case (default: random, printed)', seedArg)
    .option('--case <id>', 'replay one generated case, e.g. order-status#12 (needs --seed)')
    .option('--save-failures <dir>', 'write each failing generated case, shrunk, as a scenario file in DIR')
    .option('--results-jsonl <file>', 'write each conversation result as one JSON line as it finishes')
    .option('-q, --quiet', 'no progress line for generated runs')
    .option('--max-duration <duration>', 'deadline for the whole run, e.g. 90s or 10m: then stop, cancel in-flight turns, report, exit 3', parseDuration)
    .option('--retries <n>', 'retries per request of a refused connection, 429 or 503 (default 2); waits for Retry-After up to retry.max_delay_ms (5s), a longer one is not waited for and the failure stands', nonNegativeInt)
    .option('--grace <duration>', 'after SIGINT/SIGTERM, how long in-flight conversations may finish (default 5s)', parseDuration)
    .option('--arrival-rate <rate>', 'open-loop load: start conversations on a schedule, e.g. 50/s or 120/m, whatever the assistant does (docs/load-and-deadlines.md "Open-loop load")', arrivalRate)
    .option('--duration <duration>', 'with --arrival-rate: keep starting for this long, e.g. 30s, cycling through the conversations (default: each once)', parseDuration)
    .option('--max-in-flight <n>', 'with --arrival-rate: conversations running at once; a start due beyond it is dropped and counted (default 1000)', positiveInt)
    .option('--shard <i/n|auto>', 'run only shard i of n (1-based); auto reads CI_NODE_INDEX/CI_NODE_TOTAL or JOB_COMPLETION_INDEX')
    .option('--shard-total <n>', 'number of shards for --shard auto under a Kubernetes Indexed Job (else BANTER_SHARD_TOTAL)', positiveInt)
    .action(async (paths: string[], opts) => { process.exitCode = await (await import('./commands/run.js')).runCommand(paths, opts) })
  cli.command('compare')
    .description('compare two JSON reports: new failures, fixes, metric deltas; exit 1 on a regression')
    .argument('<base>', 'the baseline report (banter-report.json)')
    .argument('<head>', 'the report to check')
    .option('--tolerance <metric=value>', 'allowed worsening of a metric, absolute or with % (repeatable, comma-separated)', collect)
    .option('--json', 'print the comparison as JSON')
    .action(async (base: string, head: string, opts) => { process.exitCode = await (await import('./commands/compare.js')).compareCommand(base, head, opts) })
  cli.command('merge')
    .description('merge shard JSON reports into one report and write the requested reporters')
    .argument('<reports...>', 'JSON reports written by banter run --shard ... --reporter json')
    .option('-r, --reporter <names>', `${REPORTER_NAMES}; name:path for a file (repeatable, comma-separated)`, collect)
    .option('-o, --out <dir>', 'directory for report files (default: reports)')
    .option('--allow-missing', 'merge even if some shards of the run are absent')
    .option('--pushgateway <url>', 'push the merged metrics to this Prometheus Pushgateway')
    .action(async (reports: string[], opts) => { process.exitCode = await (await import('./commands/merge.js')).mergeCommand(reports, opts) })
  cli.command('validate')
    .description('check scenario files against the schema and rules; runs nothing')
    .argument('[paths...]', 'scenario files, directories or globs (default: scenarios/)')
    .option('-c, --config <file>', 'config file (default: ./banter.config.yaml if present)')
    .action(async (paths: string[], opts) => { process.exitCode = await (await import('./commands/validate.js')).validateCommand(paths, opts) })
  cli.command('serve')
    .description('start the reference assistant (POST /chat, GET /health, GET /metrics, POST/GET /feedback)')
    .option('-p, --port <port>', 'port (default $BANTER_PORT, else 5005; 0 picks a free one)', port)
    .option('-H, --host <host>', 'address to listen on', '127.0.0.1')
    .option('--feedback-file <path>', 'store POST /feedback records in this append-only JSON-lines file (default: in memory)')
    .option('--faults <spec>', 'inject faults into POST /chat, e.g. latency=50-200ms,error500=0.05,hang=0.005 (docs/reference-assistant.md "Fault injection")')
    .option('--faults-file <file>', 'the same fault settings as a YAML or JSON mapping')
    .option('--fault-seed <n>', 'seed for the fault sequence (default 1)', nonNegativeInt)
    .action(async (opts) => { process.exitCode = await (await import('./commands/serve.js')).serveCommand(opts) })
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
