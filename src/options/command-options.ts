import { FAULT_KINDS, FAULT_SETTINGS } from '../assistant/fault-spec.js'
import { REPORTER_NAMES } from '../reporters/names.js'
import { option, type FlagValues } from './option-row.js'
import { collect, nonNegativeInt, port, seedArg, temperature } from './parse-value.js'
import { RUN_OPTIONS } from './run-options.js'

// The flags of every command but `banter run` (run-options.ts), in --help order. A row's key is
// the name the command module reads; see run-options.ts for how to add a flag. These commands list
// their flags under one heading, so a row shared with `banter run` drops its group.

const CONFIG = { ...RUN_OPTIONS.configFile, group: undefined }

export const VALIDATE_OPTIONS = {
  config: CONFIG,
}

export const COMPARE_OPTIONS = {
  tolerance: option({
    long: '--tolerance',
    arg: '<metric=value>',
    parse: collect,
    help: 'allowed worsening of a metric, absolute or with % (repeatable, comma-separated)',
  }),
  json: option<boolean>({ long: '--json', help: 'print the comparison as JSON' }),
}

export const MERGE_OPTIONS = {
  reporter: option({
    ...RUN_OPTIONS.reporter,
    help: `${REPORTER_NAMES.join(', ')}; name:path for a file (repeatable, comma-separated)`,
    config: undefined,
    group: undefined,
  }),
  out: option({ ...RUN_OPTIONS.out, help: 'directory for report files', config: undefined, group: undefined }),
  allowMissing: option<boolean>({ long: '--allow-missing', help: 'merge even if some shards of the run are absent' }),
  pushgateway: option({ long: '--pushgateway', arg: '<url>', help: 'push the merged metrics to this Prometheus Pushgateway' }),
}

export const SERVE_OPTIONS = {
  port: option({
    long: '--port',
    short: '-p',
    arg: '<port>',
    parse: port,
    help: 'port; 0 picks a free one',
    env: 'BANTER_PORT',
    default: 5005,
  }),
  host: option({ long: '--host', short: '-H', arg: '<host>', help: 'address to listen on', default: '127.0.0.1' }),
  feedbackFile: option({
    long: '--feedback-file',
    arg: '<path>',
    help: 'store POST /feedback records in this append-only JSON-lines file',
    defaultText: 'in memory',
  }),
  faults: option({
    long: '--faults',
    arg: '<spec>',
    help: `inject faults into POST /chat: kind=probability for ${FAULT_KINDS.join(', ')}; also ${FAULT_SETTINGS.join(', ')}; see docs/reference-assistant.md; e.g. latency=50-200ms,error500=0.05,hang=0.005`,
  }),
  faultsFile: option({ long: '--faults-file', arg: '<file>', help: 'the same fault settings as a YAML or JSON mapping' }),
  faultSeed: option({
    long: '--fault-seed',
    arg: '<n>',
    parse: nonNegativeInt,
    help: 'seed for the fault sequence',
    defaultText: "the spec's seed, else 1",
  }),
  temperature: option({
    long: '--temperature',
    arg: '<t>',
    parse: temperature,
    help: '0-2: above 0 some answers of POST /chat and /v1/chat/completions vary (rephrased or misrouted), reproducibly per --seed',
    defaultText: '0: always the same answer',
  }),
  seed: option({ long: '--seed', arg: '<n>', parse: seedArg, help: 'seed of the --temperature draws', defaultText: '0' }),
}

export const IMPORT_OPTIONS = {
  out: option({ long: '--out', short: '-o', arg: '<dir>', help: 'directory for the written files', default: 'imported' }),
  force: option<boolean>({ long: '--force', short: '-f', help: 'overwrite existing files' }),
}

export const RECORD_OPTIONS = {
  config: CONFIG,
  endpoint: { ...RUN_OPTIONS.endpoint, group: undefined },
  out: option({ long: '--out', short: '-o', arg: '<file>', help: 'scenario file to write', defaultText: 'recorded/<name>.yaml' }),
  name: option({ long: '--name', short: '-n', arg: '<name>', help: 'scenario name', defaultText: '"Recorded conversation <time>"' }),
}

export type CompareFlags = FlagValues<typeof COMPARE_OPTIONS>
export type MergeFlags = FlagValues<typeof MERGE_OPTIONS>
export type ServeFlags = FlagValues<typeof SERVE_OPTIONS>
export type ImportFlags = FlagValues<typeof IMPORT_OPTIONS>
export type RecordFlags = FlagValues<typeof RECORD_OPTIONS>
export type ValidateFlags = FlagValues<typeof VALIDATE_OPTIONS>
