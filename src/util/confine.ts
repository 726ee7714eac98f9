import { realpath } from 'node:fs/promises'
import path from 'node:path'

/**
 * A file reference (`variants_file:` in a generator, `scenarios:`/`fragments:` in a config) must
 * stay inside its project: the referencing file's folder tree. `ref` is resolved against `base`
 * (an absolute folder); a reference that leaves it, by `..`, an absolute path or a symlink that
 * points outside, is refused, so a shared scenario cannot read `/etc/passwd` and send it to an
 * endpoint. A reference to a missing file is left for the reader to report.
 */
export async function confinedPath(base: string, ref: string): Promise<{ abs: string } | { escapes: string }> {
  const abs = path.resolve(base, ref)
  if (!inside(base, abs)) return { escapes: `it resolves to ${abs}, outside ${base}` }
  const real = await realpath(abs).catch(() => undefined)
  if (real === undefined) return { abs }
  const realBase = await realpath(base).catch(() => base)
  if (!inside(realBase, real)) return { escapes: `it leads through a symlink to ${real}, outside ${base}` }
  return { abs }
}

function inside(base: string, abs: string): boolean {
  const rel = path.relative(base, abs)
  return rel === '' || (!rel.startsWith(`..${path.sep}`) && rel !== '..' && !path.isAbsolute(rel))
}
