import { Argument, type Command } from 'commander'

/** `banter import` and `banter record`; their modules load only when the command runs. */
export function addImportRecordCommands(cli: Command): void {
  cli.command('import')
    .description('convert existing tests: Rasa stories/e2e test cases/NLU, Botium convos (text or YAML)/utterances, NLP.js corpora → scenarios and generators; prints a fidelity summary')
    .addArgument(new Argument('<format>', 'source format').choices(['rasa', 'botium', 'nlpjs']))
    .argument('<files...>', 'input files')
    .option('-o, --out <dir>', 'directory for the written files (default: imported)')
    .option('-f, --force', 'overwrite existing files')
    .action(async (format, files: string[], opts) => { process.exitCode = await (await import('./commands/import.js')).importCommand(format, files, opts) })
  cli.command('record')
    .description('talk to the assistant interactively and save the conversation as a scenario')
    .option('-c, --config <file>', 'config file (default: ./banter.config.yaml if present)')
    .option('-e, --endpoint <url>', "assistant endpoint that speaks banter's default JSON shape")
    .option('-o, --out <file>', 'scenario file to write (default: recorded/<name>.yaml)')
    .option('-n, --name <name>', 'scenario name (default: "Recorded conversation <time>")')
    .action(async (opts) => { process.exitCode = await (await import('./commands/record.js')).recordCommand(opts) })
}
