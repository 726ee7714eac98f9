import path from 'node:path'
// From files.ts, not run.ts: run.ts pulls in the whole runner (and undici).
import { DEFAULT_PATHS } from '../scenario/files.js'

/**
 * The folder that paths written in a config are relative to: the config file's own folder, so
 * `--config other/banter.config.yaml` works the same from any working directory. Without a config
 * file it is the working directory. Paths given on the command line stay relative to the cwd.
 */
export function configBase(configFile: string | undefined, cwd: string): string {
  return configFile === undefined ? path.resolve(cwd) : path.dirname(path.resolve(cwd, configFile))
}

/** A path written in the config (`scenarios:`, `fragments:`, `out:`, reporter files), made absolute. */
export function resolveConfigPath(base: string, written: string): string {
  return path.resolve(base, written)
}

/** Where a run's scenarios and fragments come from, each list with the folder it is relative to. */
export interface ScenarioSources {
  paths: string[]
  /** The cwd for paths from the command line; the config's folder for its `scenarios:` (or the default). */
  base: string
  fragmentPaths: string[]
  fragmentBase: string
}

/**
 * The command line's paths (relative to the cwd), else the config's `scenarios:`, else the default
 * `scenarios/` folder, both relative to the config's folder; plus the config's `fragments:`.
 */
export function scenarioSources(
  cliPaths: readonly string[] | undefined,
  config: { base: string; scenarios?: string[]; fragments?: string[] },
  cwd: string,
): ScenarioSources {
  const fromCli = cliPaths !== undefined && cliPaths.length > 0
  return {
    paths: fromCli ? [...cliPaths] : (config.scenarios ?? DEFAULT_PATHS),
    base: fromCli ? path.resolve(cwd) : config.base,
    fragmentPaths: config.fragments ?? [],
    fragmentBase: config.base,
  }
}
