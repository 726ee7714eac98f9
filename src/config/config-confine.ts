import type { Diagnostic } from '../diagnostics/diagnostic.js'
import { locatePath, type YamlSource } from '../diagnostics/yaml-source.js'
import { confinedPath, describeEscape, shownPath } from '../util/confine.js'

/**
 * The config's `scenarios:` and `fragments:` must stay in the config's folder tree (see
 * util/confine.ts): a shared config cannot point banter at files elsewhere on the machine.
 * Paths given on the command line are the user's own choice and are not confined.
 */
export async function confineConfigPaths(
  data: { scenarios?: string[]; fragments?: string[] },
  source: YamlSource,
  dirs: { base: string; cwd: string },
): Promise<Diagnostic[]> {
  const { base, cwd } = dirs
  const diagnostics: Diagnostic[] = []
  for (const key of ['scenarios', 'fragments'] as const) {
    for (const [i, ref] of (data[key] ?? []).entries()) {
      const confined = await confinedPath(base, ref)
      if ('escapes' in confined) {
        diagnostics.push({
          code: 'PATH_OUTSIDE_PROJECT',
          message: `${key}[${i}]: "${ref}" is outside the config's folder: ${describeEscape(confined, (abs) => shownPath(cwd, abs))}`,
          ...locatePath(source, [key, i]),
          hint: "config paths must be in the config file's folder or below it",
        })
      }
    }
  }
  return diagnostics
}
