import { realpath } from 'node:fs/promises'
import path from 'node:path'

/**
 * A file reference (`variants_file:` in a generator, `scenarios:`/`fragments:` in a config) must
 * stay inside its project: the referencing file's folder tree. `ref` is resolved against `base`
 * (an absolute folder); a reference that leaves it, by `..`, an absolute path or a symlink that
 * points outside, is refused, so a shared scenario cannot read `/etc/passwd` and send it to an
 * endpoint. A reference to a missing file is left for the reader to report.
 */
export async function confinedPath(base: string, ref: string): Promise<{ abs: string } | { escapes: 'path' | 'symlink'; target: string }> {
  const abs = path.resolve(base, ref)
  if (!inside(base, abs)) return { escapes: 'path', target: abs }
  const real = await realpath(abs).catch(() => undefined)
  if (real === undefined) return { abs }
  const realBase = await realpath(base).catch(() => base)
  if (!inside(realBase, real)) return { escapes: 'symlink', target: real }
  return { abs }
}

function inside(base: string, abs: string): boolean {
  const rel = path.relative(base, abs)
  return rel === '' || (!rel.startsWith(`..${path.sep}`) && rel !== '..' && !path.isAbsolute(rel))
}

/** Why a reference escapes, for a message; `show` turns an absolute path into what the user typed from. */
export function describeEscape(escape: { escapes: 'path' | 'symlink'; target: string }, show: (abs: string) => string): string {
  return escape.escapes === 'path' ? `it resolves to ${show(escape.target)}` : `it leads through a symlink to ${show(escape.target)}`
}

/** `abs` relative to `cwd` when it is below it, else absolute. */
export function shownPath(cwd: string, abs: string): string {
  const rel = path.relative(cwd, abs)
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : abs
}
