import { inputError } from '../core/errors.js'
import type { ReportWarning, RunReport } from '../report/model.js'
import type { LoadedReport } from './read-reports.js'
import { checkSameDefinitions } from './check-definitions.js'
import { recompute } from './recompute.js'
import { sortOutcomes } from '../metrics/outcomes.js'

/** Options for `mergeReports`. */
export interface MergeOptions {
  /** Merge even if some shard indexes of the run are absent (the result is partial). */
  allowMissing?: boolean
}

const HINT = 'merge the JSON reports of one sharded run: same scenario paths, same seed, --shard i/n with one n'

/**
 * Merges shard reports into the report of the whole run: cases concatenated in shard order, and
 * every derived figure rebuilt (merge/recompute.ts). Run times: `startedAt` is the earliest
 * shard's start and `finishedAt` the latest shard's end (when the run happened), but `durationMs`
 * is the longest shard's own duration, so the time between shards (a CI queue, shards run one
 * after another) is never counted: shards are parts of one run made to run side by side.
 * messages_per_second is then all answered turns over that duration, the throughput of the
 * shards running together. Warnings are kept, each with the index of the shard that raised it.
 * Reports that cannot be parts of one run are refused (input error,
 * exit 2): different scenario paths, seeds, shard totals, banter versions, metric definitions or
 * thresholds, the same shard twice, a missing shard, or a case in two reports.
 */
export function mergeReports(loaded: readonly LoadedReport[], opts: MergeOptions = {}): RunReport {
  if (loaded.length === 0) throw inputError('MERGE_NOTHING', 'no reports to merge')
  const ordered = loaded.length === 1 && !loaded[0]!.report.run.shard ? [...loaded] : checkShards(loaded, opts)
  checkSameSuite(ordered)
  const states = checkSameDefinitions(ordered)
  checkNoDuplicateCases(ordered)
  const reports = ordered.map((l) => l.report)
  const first = reports[0]!
  const startedAt = reports.map((r) => r.run.startedAt).sort()[0]!
  const finishedAt = reports
    .map((r) => r.run.finishedAt)
    .sort()
    .at(-1)!
  const stopped = ordered.filter((l) => l.report.run.stoppedEarly).map((l) => `${shardLabel(l)}: ${l.report.run.stoppedEarly}`)
  const { shard: _shard, merged: _merged, casesOmitted: _omitted, replayArgs, ...baseRun } = first.run
  // Replay commands repeat the shards' flags only when every shard had the same ones.
  const sameReplay = reports.every((r) => JSON.stringify(r.run.replayArgs) === JSON.stringify(replayArgs))
  const omitted = reports.reduce((n, r) => n + (r.run.casesOmitted ?? 0), 0)
  const { version, tool, run: _run, warnings: _warnings, ...rest } = first
  const warnings = shardWarnings(ordered)
  return recompute(
    {
      version,
      tool,
      run: {
        ...baseRun,
        startedAt,
        finishedAt,
        durationMs: Math.max(...reports.map((r) => r.run.durationMs)),
        endpoint: [...new Set(reports.map((r) => r.run.endpoint))].join(', '),
        concurrency: reports.reduce((sum, r) => sum + r.run.concurrency, 0),
        ...(stopped.length ? { stoppedEarly: stopped.join('; ') } : {}),
        merged: { reports: loaded.length },
        ...(omitted > 0 ? { casesOmitted: omitted } : {}),
        ...(replayArgs && sameReplay ? { replayArgs } : {}),
      },
      ...(warnings.length > 0 ? { warnings } : {}),
      ...rest,
      cases: reports.flatMap((r) => r.cases),
      // Shards hold whole conversations (every run of each), so their outcome lists are disjoint.
      ...(first.run.repeat ? { conversations: sortOutcomes(reports.flatMap((r) => r.conversations ?? [])) } : {}),
    },
    reports,
    states,
  )
}

/** Every shard's warnings in shard order, each marked with its shard index (a whole-run report's as they are). */
function shardWarnings(ordered: readonly LoadedReport[]): ReportWarning[] {
  return ordered.flatMap(({ report }) =>
    (report.warnings ?? []).map((w) => (report.run.shard ? { ...w, shard: report.run.shard.index } : w)),
  )
}

/** Every report is a shard of the same N, each index at most once (and all present unless allowed). */
function checkShards(loaded: readonly LoadedReport[], opts: MergeOptions): LoadedReport[] {
  const whole = loaded.find((l) => !l.report.run.shard)
  if (whole)
    throw inputError(
      'MERGE_NOT_A_SHARD',
      `${whole.file}: not a shard report (no run.shard); merging it with other reports would count its cases twice`,
      HINT,
    )
  const total = loaded[0]!.report.run.shard!.total
  const other = loaded.find((l) => l.report.run.shard!.total !== total)
  if (other)
    throw inputError(
      'MERGE_SHARD_TOTAL',
      `${other.file}: shard of ${other.report.run.shard!.total}, but ${loaded[0]!.file} is a shard of ${total}`,
      HINT,
    )
  const seen = new Map<number, string>()
  for (const l of loaded) {
    const { index } = l.report.run.shard!
    const earlier = seen.get(index)
    if (earlier !== undefined)
      throw inputError('MERGE_DUPLICATE_SHARD', `shard ${index}/${total} appears twice: ${earlier} and ${l.file}`, HINT)
    seen.set(index, l.file)
  }
  const missing = Array.from({ length: total }, (_, i) => i + 1).filter((i) => !seen.has(i))
  if (missing.length && !opts.allowMissing) {
    throw inputError(
      'MERGE_MISSING_SHARDS',
      `missing shard${missing.length === 1 ? '' : 's'} ${missing.map((i) => `${i}/${total}`).join(', ')}: the merged report would not be the whole run`,
      "pass every shard's report, or --allow-missing to merge a partial run",
    )
  }
  return [...loaded].sort((a, b) => a.report.run.shard!.index - b.report.run.shard!.index)
}

function checkSameSuite(ordered: readonly LoadedReport[]): void {
  const [first, ...rest] = ordered as [LoadedReport, ...LoadedReport[]]
  for (const l of rest) {
    if (l.report.version !== first.report.version)
      throw inputError(
        'MERGE_DIFFERENT_VERSION',
        `${l.file}: report version ${l.report.version}, but ${first.file} is version ${first.report.version}`,
        HINT,
      )
    if (JSON.stringify(l.report.run.paths) !== JSON.stringify(first.report.run.paths)) {
      throw inputError(
        'MERGE_DIFFERENT_SUITE',
        `${l.file}: scenario paths ${JSON.stringify(l.report.run.paths)} differ from ${first.file}'s ${JSON.stringify(first.report.run.paths)}`,
        HINT,
      )
    }
    if ((l.report.run.repeat ?? 1) !== (first.report.run.repeat ?? 1)) {
      throw inputError(
        'MERGE_DIFFERENT_REPEAT',
        `${l.file}: --repeat ${l.report.run.repeat ?? 1} differs from ${first.file}'s --repeat ${first.report.run.repeat ?? 1}`,
        HINT,
      )
    }
    if (seedOf(l.report) !== seedOf(first.report)) {
      throw inputError(
        'MERGE_DIFFERENT_SEED',
        `${l.file}: seed ${seedOf(l.report) ?? '(none)'} differs from ${first.file}'s ${seedOf(first.report) ?? '(none)'}`,
        HINT,
      )
    }
  }
}

function checkNoDuplicateCases(ordered: readonly LoadedReport[]): void {
  const owner = new Map<string, string>()
  for (const l of ordered) {
    for (const c of l.report.cases) {
      // A repeated conversation has a result per run: the same id with a different run index.
      const key = c.repeat ? `${c.id} (run ${c.repeat.index})` : c.id
      const earlier = owner.get(key)
      if (earlier !== undefined)
        throw inputError(
          'MERGE_DUPLICATE_CASE',
          `case "${key}" appears in ${earlier === l.file ? `${l.file} twice` : `both ${earlier} and ${l.file}`}`,
          HINT,
        )
      owner.set(key, l.file)
    }
  }
}

/** The run seed, when the report has one (generated cases); compared as text. */
function seedOf(report: RunReport): string | undefined {
  const seed = (report.run as Record<string, unknown>).seed
  return seed === undefined || seed === null ? undefined : String(seed)
}

function shardLabel(l: LoadedReport): string {
  const s = l.report.run.shard
  return s ? `shard ${s.index}/${s.total}` : l.file
}
