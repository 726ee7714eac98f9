import { scenarioSources } from '../../config/config-paths.js'
import { loadConfig } from '../../config/load-config.js'
import { renderDiagnostic } from '../../diagnostics/render.js'
import { EXIT, InputError } from '../../core/errors.js'
import { loadSuite } from '../../scenario/load.js'
import { sortDiagnostics, type Diagnostic, type SourceLoc } from '../../diagnostics/diagnostic.js'
import { generatorToolProblems, toolProblems } from '../../execute/check-tools.js'
import type { ValidateFlags } from '../../options/command-options.js'
import { judgeLocations, noJudgeError } from '../../judge/require-judge.js'

/**
 * `banter validate`: load and check only. Errors propagate to handleError (exit 2). The config's
 * environment variables are not needed: unset ones are printed as notes (exit 0 if all else is valid).
 * It makes every check `banter run` makes before sending anything, the config's tools included.
 */
export async function validateCommand(paths: string[], opts: ValidateFlags): Promise<number> {
  const cwd = process.cwd()
  const config = await loadConfig(opts.config, cwd, process.env, { missingEnv: 'note' })
  const sources = scenarioSources(paths, config, cwd)
  // Nothing is kept compiled: each scenario is counted and looked at as it is checked.
  let turns = 0
  const judged: SourceLoc[] = []
  // The tool checks `banter run` makes against the config's endpoint (the embedded assistant's, http, without one).
  const problems: Diagnostic[] = []
  const suite = await loadSuite(sources.paths, {
    cwd,
    ...sources,
    keepCompiled: 0,
    onCompiled(conv) {
      turns += conv.turns.length
      judged.push(...judgeLocations([conv]))
      problems.push(...toolProblems(conv, config.endpoint ?? {}))
    },
  })
  if (problems.length > 0) throw new InputError(sortDiagnostics(problems))
  // Generators check their faker calls against faker's API: loading faker (~60 ms) only when there are some.
  const generators =
    suite.generators.length === 0 ? [] : await (await import('../../generate/compile.js')).compileGenerators(suite.generators, cwd)
  problems.push(...generatorToolProblems(generators, config.endpoint ?? {}))
  if (problems.length > 0) throw new InputError(sortDiagnostics(problems))
  judged.push(...judgeLocations([], generators))
  // Against the embedded reference assistant (no endpoint configured) its rule-based judge grades.
  if (judged.length > 0 && !config.judge && config.endpoint) throw noJudgeError(judged)
  for (const { note } of config.missingEnv) process.stderr.write(`${renderDiagnostic(note)}\n\n`)
  process.stdout.write(
    `✓ ${suite.conversations.length} scenarios (${turns} turns) in ${suite.files.length} files are valid${generators.length ? `; ${generators.length} generators are valid` : ''}\n`,
  )
  const names = [...new Set(config.missingEnv.map((m) => m.name))]
  if (names.length > 0)
    process.stderr.write(
      `note: ${names.join(', ')} ${names.length === 1 ? 'is' : 'are'} not set; \`banter run\` will need ${names.length === 1 ? 'it' : 'them'}\n`,
    )
  return EXIT.ok
}
