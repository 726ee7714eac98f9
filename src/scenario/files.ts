import { stat } from 'node:fs/promises'
import path from 'node:path'
import { glob, isDynamicPattern } from 'tinyglobby'
import type { Diagnostic } from '../diagnostics/diagnostic.js'
import { walkYamlFiles } from './walk.js'

/** Where scenarios are looked for when neither the command line nor the config names any. */
export const DEFAULT_PATHS = ['scenarios']

/**
 * Resolves paths (files, directories searched recursively for *.yaml / *.yml, or globs) written
 * relative to `base` (the cwd for the command line, the config's folder for its paths) into a
 * sorted, de-duplicated list of files relative to `cwd`.
 */
export async function resolveFiles(inputs: string[], cwd: string, base = cwd): Promise<{ files: string[]; diagnostics: Diagnostic[] }> {
  const found = new Set<string>()
  const diagnostics: Diagnostic[] = []
  for (const input of inputs) {
    const matches = await expand(input, { cwd, base }, diagnostics)
    // A config's path is named as written and as found from here: `scenarios (other/scenarios)`.
    const shown = path.resolve(base) === path.resolve(cwd) ? input : `${input} (${relative(cwd, path.resolve(base, input))})`
    if (matches === undefined) {
      diagnostics.push({
        code: 'PATH_NOT_FOUND',
        message: `no such file or directory: ${shown}`,
        hint: input.includes('\uFFFD')
          ? 'the name was not valid UTF-8 and could not be passed as is; rename the file with a UTF-8 name'
          : undefined,
      })
    } else if (matches.length === 0 && !diagnostics.some((d) => d.code === 'DIR_UNREADABLE' || d.code === 'FILE_NAME_ENCODING')) {
      diagnostics.push({ code: 'NO_SCENARIOS', message: `no .yaml or .yml files in ${shown}` })
    }
    for (const m of matches ?? []) found.add(m)
  }
  return { files: [...found].sort(), diagnostics }
}

async function expand(input: string, dirs: { cwd: string; base: string }, diagnostics: Diagnostic[]): Promise<string[] | undefined> {
  const { cwd, base } = dirs
  const abs = path.resolve(base, input)
  const info = await stat(abs).catch(() => undefined)
  if (info?.isDirectory()) {
    const walked = await walkYamlFiles(abs, (f) => relative(cwd, f))
    diagnostics.push(...walked.diagnostics)
    return walked.files.map((f) => relative(cwd, f))
  }
  // A file, or a FIFO or device: the reader refuses what is not a regular file, with its path.
  if (info) return [relative(cwd, abs)]
  if (isDynamicPattern(input)) {
    const files = await glob(input, { cwd: base, absolute: true, onlyFiles: true })
    return files.map((f) => relative(cwd, f))
  }
  return undefined
}

function relative(cwd: string, abs: string): string {
  const rel = path.relative(cwd, abs)
  return (rel.startsWith('..') ? abs : rel).split(path.sep).join('/')
}

/**
 * `fragments/` folders beside each scenario file and in its parent folders up to `cwd` (or up to
 * `root`, the config's folder, for files under it): so that `banter run scenarios/one.yaml` finds
 * the fragments that `scenarios/fragments/` defines.
 */
export async function nearbyFragmentDirs(files: string[], cwd: string, root = cwd): Promise<string[]> {
  const candidates = new Set<string>()
  const inside = (dir: string) => [cwd, root].some((top) => !path.relative(top, dir).startsWith('..'))
  for (const file of files) {
    let dir = path.dirname(path.resolve(cwd, file))
    while (inside(dir) && !candidates.has(dir)) {
      candidates.add(dir)
      dir = path.dirname(dir)
    }
  }
  const found: string[] = []
  for (const dir of candidates) {
    const info = await stat(path.join(dir, 'fragments')).catch(() => undefined)
    if (info?.isDirectory()) found.push(relative(cwd, path.join(dir, 'fragments')))
  }
  return found.sort()
}
