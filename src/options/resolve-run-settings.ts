import path from 'node:path'
import { resolveConfigPath, scenarioSources, type ScenarioSources } from '../config/config-paths.js'
import type { ResolvedConfig } from '../config/load-config.js'
import type { Threshold } from '../thresholds/check.js'
import { resolveThresholds } from '../thresholds/resolve.js'
import type { OptionRow, OptionTable, ValueOf } from './option-row.js'
import { RUN_OPTIONS, type RunFlags } from './run-options.js'

/** Where a setting's value came from. */
export type Source = 'flag' | 'config' | 'default'

/** Each flag's value after precedence: a row with a default always has a value. */
type Resolved<Table> = { -readonly [K in keyof Table]: Table[K] extends { default: infer D } ? D : ValueOf<Table[K]> | undefined }

/** `banter run`'s settings: every flag resolved against the config and the defaults. */
export type RunSettings = Resolved<typeof RUN_OPTIONS> & {
  /** Where each value came from. */
  sources: { [K in keyof typeof RUN_OPTIONS]: Source }
  /** The scenario paths (arguments, else the config's `scenarios:`, else scenarios/), each list with its base folder. */
  scenarios: ScenarioSources
  /** Absolute: --out against the working directory, `out:` against the config's folder, else reports/ there. */
  outDir: string
  /** The folder the reporters' `name:path` files are relative to: the cwd for --reporter, the config's folder for `reporters:`. */
  reporterBase: string
  /** The thresholds in force: the built-in ones, then the config's, then each --threshold. */
  thresholdRules: Threshold[]
}

/**
 * The one place `banter run`'s flags meet the config file: for each row of RUN_OPTIONS the flag
 * wins, else the config's key (when the row names one it reads), else the row's default.
 * Paths follow where they were written (a flag's relative to `cwd`, the config's to its
 * folder) and thresholds add up rather than replace. A bad --threshold is an input error (exit 2).
 */
export function resolveRunSettings(flags: RunFlags & { paths?: readonly string[] }, config: ResolvedConfig, cwd: string): RunSettings {
  const values: Record<string, unknown> = {}
  const sources: Record<string, Source> = {}
  for (const [key, row] of Object.entries(RUN_OPTIONS as OptionTable)) {
    const setting = resolveSetting(row, (flags as Record<string, unknown>)[key], config)
    values[key] = setting.value
    sources[key] = setting.source
  }
  const resolved = values as Resolved<typeof RUN_OPTIONS>
  const baseOf = (source: Source) => (source === 'flag' ? path.resolve(cwd) : config.base)
  return {
    ...resolved,
    sources: sources as RunSettings['sources'],
    scenarios: scenarioSources(flags.paths, config, cwd),
    outDir: resolveConfigPath(baseOf(sources.out!), resolved.out),
    reporterBase: baseOf(sources.reporter!),
    thresholdRules: resolveThresholds(config.thresholds ?? [], flags.thresholds ?? []),
  }
}

/** flag > config > default for one row. */
export function resolveSetting<T>(
  row: OptionRow<T> & { default: T },
  flag: T | undefined,
  config: ResolvedConfig,
): { value: T; source: Source }
export function resolveSetting<T>(row: OptionRow<T>, flag: T | undefined, config: ResolvedConfig): { value: T | undefined; source: Source }
export function resolveSetting<T>(
  row: OptionRow<T>,
  flag: T | undefined,
  config: ResolvedConfig,
): { value: T | undefined; source: Source } {
  if (flag !== undefined) return { value: flag, source: 'flag' }
  const fromConfig = row.config?.read?.(config)
  if (fromConfig !== undefined) return { value: fromConfig, source: 'config' }
  return { value: row.default, source: 'default' }
}
