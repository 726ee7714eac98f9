import { DEFAULT_TIMEOUT_MS } from '../adapters/endpoint.js'
import { DEFAULT_GRACE_MS } from '../execute/run-control.js'
import { DEFAULT_RETRY } from '../network/retry.js'
import { REPORTER_NAMES } from '../reporters/names.js'
import { cliOption, option, type CliOnlyKeys, type FlagValues } from './option-row.js'
import {
  arrivalRate,
  collect,
  nonNegativeInt,
  parseDuration,
  positiveInt,
  positiveNumber,
  repeat,
  repeatCount,
  seedArg,
} from './parse-value.js'

/**
 * Every flag of `banter run`, in --help order. This table is the one place a flag is defined:
 * commander's options and --help (cli/define-command.ts), the RunOptions type (FlagValues below),
 * the defaults and the config precedence (resolve-run-settings.ts) and the CLI reference
 * (docs/cli.md, written by `npm run gen:docs`) all come from it.
 *
 * To add a flag:
 * 1. Add a row here. Its key is the RunOptions field the value lands in (`thinkTimeMs` for
 *    `--think-time`). Write it with cliOption() instead if the CLI acts on it itself and run()
 *    never sees it.
 *    Give `parse` (parse-value.ts) for anything but a plain string, so a bad value is exit 2;
 *    `config` if banter.config.yaml can set it too, `default` if it has one, and a `group`.
 *    Mark it `replay: true` if it changes what a conversation sends, where or when: the command
 *    printed to replay a failed generated case then repeats it.
 * 2. Use the value: `options.<key>` in run() (resolved against the config by
 *    resolveRunSettings if it has a config key or a default), or `flags.<key>` in
 *    cli/commands/run.ts (or the cli/ module it hands the flags to: run-outputs.ts,
 *    live-output.ts, run-closing.ts) for a cliOnly row.
 * 3. Run `npm run gen:docs` to rewrite docs/cli.md (a test fails until you do).
 */
export const RUN_OPTIONS = {
  configFile: option({
    long: '--config',
    short: '-c',
    arg: '<file>',
    group: 'Config and endpoint',
    replay: true,
    help: 'config file; the paths written in it are relative to its folder',
    defaultText: './banter.config.yaml if present',
  }),
  endpoint: option({
    long: '--endpoint',
    short: '-e',
    arg: '<url>',
    group: 'Config and endpoint',
    replay: true,
    help: "assistant endpoint that speaks banter's default JSON shape",
    config: { key: 'endpoint' },
    defaultText: 'the embedded reference assistant',
  }),
  timeoutMs: option({
    long: '--timeout',
    arg: '<ms>',
    parse: positiveInt,
    group: 'Config and endpoint',
    replay: true,
    help: 'timeout of one HTTP attempt in ms: connect, headers and body',
    config: { key: 'endpoint.timeout_ms', read: (c) => c.endpoint?.timeoutMs },
    default: DEFAULT_TIMEOUT_MS,
  }),
  retries: option({
    long: '--retries',
    arg: '<n>',
    parse: nonNegativeInt,
    group: 'Config and endpoint',
    replay: true,
    help: `retries per request of a refused connection, 429 or 503; waits for Retry-After up to retry.max_delay_ms (${DEFAULT_RETRY.maxDelayMs / 1000}s), a longer one is not waited for and the failure stands; endpoint.retry.attempts counts the first try too`,
    // No `read`: the config's retry policy belongs to its endpoint block, which --endpoint replaces.
    config: { key: 'endpoint.retry.attempts' },
    defaultText: `${DEFAULT_RETRY.attempts - 1}`,
  }),
  grep: option({
    long: '--grep',
    short: '-g',
    arg: '<pattern>',
    group: 'Choosing conversations',
    help: 'only scenarios (with --generate: generators) whose name matches (regular expression, case-insensitive)',
  }),
  tags: option({
    long: '--tag',
    short: '-t',
    arg: '<tags>',
    parse: collect,
    group: 'Choosing conversations',
    help: 'only scenarios (with --generate: generators) with one of these tags (repeatable, comma-separated)',
  }),
  concurrency: option({
    long: '--concurrency',
    short: '-j',
    arg: '<n>',
    parse: positiveInt,
    group: 'Load and pacing',
    help: 'conversations run at once',
    config: { key: 'concurrency', read: (c) => c.concurrency },
    default: 8,
  }),
  rate: option({
    long: '--rate',
    arg: '<n>',
    parse: positiveNumber,
    group: 'Load and pacing',
    replay: true,
    help: 'at most n requests per second across the whole run',
    config: { key: 'rate', read: (c) => c.rate },
    defaultText: 'no limit',
  }),
  thinkTimeMs: option({
    long: '--think-time',
    arg: '<ms>',
    parse: nonNegativeInt,
    group: 'Load and pacing',
    replay: true,
    help: 'pause between the turns of a conversation, in ms (ends with the run, like every wait)',
    config: { key: 'think_time_ms', read: (c) => c.thinkTimeMs },
    default: 0,
  }),
  arrivalRate: option({
    long: '--arrival-rate',
    arg: '<rate>',
    parse: arrivalRate,
    group: 'Load and pacing',
    help: 'open-loop load: start conversations on a schedule, e.g. 50/s or 120/m, whatever the assistant does; replaces --concurrency by --max-in-flight (docs/load-and-deadlines.md)',
  }),
  durationMs: option({
    long: '--duration',
    arg: '<duration>',
    parse: parseDuration,
    group: 'Load and pacing',
    help: 'with --arrival-rate: keep starting for this long, e.g. 30s, cycling through the conversations',
    defaultText: 'each once',
  }),
  maxInFlight: option({
    long: '--max-in-flight',
    arg: '<n>',
    parse: positiveInt,
    group: 'Load and pacing',
    help: 'with --arrival-rate: conversations running at once; a start due beyond it is dropped and counted',
    default: 1000,
  }),
  repeat: option({
    long: '--repeat',
    arg: '<n>',
    parse: repeatCount,
    group: 'Load and pacing',
    help: 'run each conversation n times, each in a fresh session; a conversation is then passed, failed or flaky (some runs passed); flaky ones do not fail the run unless a threshold says so, e.g. "flaky_rate > 0"',
    config: { key: 'repeat', read: (c) => c.repeat },
    default: 1,
  }),
  bail: option<boolean>({ long: '--bail', group: 'Deadlines and interrupts', help: 'stop starting conversations after the first failure' }),
  maxDurationMs: option({
    long: '--max-duration',
    arg: '<duration>',
    parse: parseDuration,
    group: 'Deadlines and interrupts',
    help: 'deadline for the whole run, e.g. 90s or 10m: then stop, cancel in-flight turns, report, exit 3',
  }),
  graceMs: option({
    long: '--grace',
    arg: '<duration>',
    parse: parseDuration,
    group: 'Deadlines and interrupts',
    help: 'after SIGINT/SIGTERM, how long in-flight conversations may finish',
    default: DEFAULT_GRACE_MS,
    defaultText: `${DEFAULT_GRACE_MS / 1000}s`,
  }),
  reporter: cliOption({
    long: '--reporter',
    short: '-r',
    arg: '<names>',
    parse: collect,
    group: 'Reports and metrics',
    help: `${REPORTER_NAMES.join(', ')}; name:path for a file (repeatable, comma-separated); a flag's path is relative to the working directory, the config's to its folder`,
    config: { key: 'reporters', read: (c) => c.reporters },
    default: ['console'],
  }),
  out: cliOption({
    long: '--out',
    short: '-o',
    arg: '<dir>',
    group: 'Reports and metrics',
    help: "directory for report files; a flag's path is relative to the working directory, the config's to its folder",
    config: { key: 'out', read: (c) => c.out },
    default: 'reports',
  }),
  thresholds: option({
    long: '--threshold',
    arg: '<expr>',
    parse: repeat,
    group: 'Reports and metrics',
    help: 'alert (exit 1) when "[name:] metric op number" holds, e.g. "fallback_rate > 0.2" (repeatable); added to the config\'s and the built-in thresholds',
    config: { key: 'thresholds' },
  }),
  suite: option({
    long: '--suite',
    arg: '<name>',
    group: 'Reports and metrics',
    help: 'suite name for metric labels',
    config: { key: 'suite', read: (c) => c.suite },
    defaultText: 'the scenario paths',
  }),
  pushgateway: cliOption({
    long: '--pushgateway',
    arg: '<url>',
    group: 'Reports and metrics',
    help: 'push the metrics to this Prometheus Pushgateway after the run',
  }),
  resultsJsonl: cliOption({
    long: '--results-jsonl',
    arg: '<file>',
    group: 'Reports and metrics',
    help: 'write each conversation result as one JSON line as it finishes',
  }),
  quiet: cliOption<boolean>({ long: '--quiet', short: '-q', group: 'Reports and metrics', help: 'no progress line for generated runs' }),
  generate: option({
    long: '--generate',
    arg: '<n>',
    parse: positiveInt,
    group: 'Generated conversations',
    help: 'run N conversations generated from the generator files in the paths',
  }),
  seed: option({
    long: '--seed',
    arg: '<seed>',
    parse: seedArg,
    group: 'Generated conversations',
    help: 'seed for --generate and --case',
    defaultText: 'random, printed',
  }),
  caseId: option({
    long: '--case',
    arg: '<id>',
    group: 'Generated conversations',
    help: 'replay one generated case, e.g. order-status#12 (needs --seed)',
  }),
  saveFailures: cliOption({
    long: '--save-failures',
    arg: '<dir>',
    group: 'Generated conversations',
    help: 'write each failing generated case, shrunk, as a scenario file in DIR',
  }),
  shardSpec: cliOption({
    long: '--shard',
    arg: '<i/n|auto>',
    group: 'Shards',
    help: 'run only shard i of n (1-based); auto reads CI_NODE_INDEX/CI_NODE_TOTAL or JOB_COMPLETION_INDEX',
  }),
  shardTotal: cliOption({
    long: '--shard-total',
    arg: '<n>',
    parse: positiveInt,
    group: 'Shards',
    env: 'BANTER_SHARD_TOTAL',
    help: 'number of shards for --shard auto under a Kubernetes Indexed Job',
  }),
}

/** The values of `banter run`'s flags as parsed (absent when not given). */
export type RunFlags = FlagValues<typeof RUN_OPTIONS>

/** The flags that set a field of RunOptions (the others the CLI acts on itself). */
export type RunFlagOptions = Omit<RunFlags, CliOnlyKeys<typeof RUN_OPTIONS>>

/** `banter run`'s positional argument. */
export const RUN_PATHS = {
  name: 'paths',
  variadic: true,
  optional: true,
  help: 'scenario files, directories or globs',
  config: 'scenarios',
  defaultText: 'scenarios/',
}

/** The RunOptions fields among the parsed flags: every row but the cliOnly ones. */
export function runFlagOptions(flags: RunFlags): RunFlagOptions {
  const picked: Record<string, unknown> = {}
  for (const [key, row] of Object.entries(RUN_OPTIONS)) {
    if (!('cliOnly' in row) && key in flags) picked[key] = flags[key as keyof RunFlags]
  }
  return picked as RunFlagOptions
}
