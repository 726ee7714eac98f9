import { loadConfig } from '../../config/load-config.js'
import { EXIT } from '../../errors.js'
// DEFAULT_PATHS from files.ts, not run.ts: run.ts pulls in the whole runner (and undici) at start-up.
import { DEFAULT_PATHS } from '../../scenario/files.js'
import { loadScenarios } from '../../scenario/load.js'
import { compileGenerators } from '../../generate/compile.js'

/** `banter validate`: load and check only. Errors propagate to handleError (exit 2). */
export async function validateCommand(paths: string[], opts: { config?: string }): Promise<number> {
  const cwd = process.cwd()
  const config = await loadConfig(opts.config, cwd, process.env)
  const suite = await loadScenarios(paths.length ? paths : config.scenarios ?? DEFAULT_PATHS, { cwd, fragmentPaths: config.fragments })
  const generators = await compileGenerators(suite.generators, cwd)
  const turns = suite.conversations.reduce((n, c) => n + c.turns.length, 0)
  process.stdout.write(`✓ ${suite.conversations.length} scenarios (${turns} turns) in ${suite.files.length} files are valid${generators.length ? `; ${generators.length} generators are valid` : ''}\n`)
  return EXIT.ok
}
