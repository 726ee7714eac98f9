import path from 'node:path'
import { loadConfig } from '../../config/load-config.js'
import { EXIT, inputError } from '../../errors.js'
import { parseShardSpec } from '../../execute/shard-spec.js'
import { REPORTERS } from '../../reporters/registry.js'
import type { RunReport } from '../../results.js'
import { run } from '../../run.js'
import { prepareOutDir, useColor, writeAtomic } from '../output.js'
import { parseReporterSpecs } from '../reporter-specs.js'

export interface RunFlags {
  config?: string
  endpoint?: string
  concurrency?: number
  timeout?: number
  grep?: string
  tag?: string[]
  bail?: boolean
  reporter?: string[]
  out?: string
  shard?: string
  shardTotal?: number
}

/** `banter run`: run, print, write the requested reports, and choose the exit code. */
export async function runCommand(paths: string[], flags: RunFlags): Promise<number> {
  const cwd = process.cwd()
  const config = await loadConfig(flags.config, cwd, process.env)
  if (flags.shardTotal !== undefined && flags.shard === undefined) throw inputError('INVALID_SHARD', '--shard-total needs --shard auto')
  const shard = flags.shard === undefined ? undefined : parseShardSpec(flags.shard, { env: process.env, total: flags.shardTotal })
  const outDir = flags.out ?? config.out ?? 'reports'
  const specs = parseReporterSpecs(flags.reporter ?? config.reporters ?? ['console'], outDir, cwd)
  for (const dir of new Set(specs.filter((s) => s.file).map((s) => path.dirname(s.file!)))) await prepareOutDir(dir)

  const color = useColor(process.stdout, process.env)
  const reporters = specs.map((s) => ({ spec: s, reporter: REPORTERS[s.name]!.create({ color }) }))
  const print = (text: string | void) => { if (text) process.stdout.write(text) }
  const report = await run(
    { cwd, env: process.env, paths, configFile: flags.config, endpoint: flags.endpoint, concurrency: flags.concurrency, timeoutMs: flags.timeout, grep: flags.grep, tags: flags.tag, bail: flags.bail, shard },
    {
      onStart: (info) => reporters.forEach(({ spec, reporter }) => !spec.file && print(reporter.onRunStart?.(info))),
      onCaseResult: (r) => reporters.forEach(({ spec, reporter }) => !spec.file && print(reporter.onCaseResult?.(r))),
    },
    config,
  )
  for (const { spec, reporter } of reporters) {
    const text = reporter.onRunEnd(report)
    if (spec.file) {
      await writeAtomic(spec.file, text)
      process.stderr.write(`wrote ${path.relative(cwd, spec.file) || spec.file}\n`)
    } else {
      print(text)
    }
  }
  return exitCode(report)
}

/** 3 when conversations errored (verdicts untrustworthy), else 1 on a failure, else 0. */
export function exitCode(report: RunReport): number {
  if (report.summary.errored > 0) return EXIT.errored
  if (report.summary.failed > 0) return EXIT.failed
  return EXIT.ok
}
