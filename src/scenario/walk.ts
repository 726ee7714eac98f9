import type { Dirent } from 'node:fs'
import { readdir, realpath, stat } from 'node:fs/promises'
import path from 'node:path'
import type { Diagnostic } from '../diagnostics/diagnostic.js'
import { firstInvalidUtf8 } from '../diagnostics/yaml-guards.js'

/** Folders deeper than this below a scenario path are not searched (a symlink loop ends here too). */
const MAX_WALK_DEPTH = 32

const YAML_NAME = /\.ya?ml$/

/**
 * The `*.yaml` / `*.yml` files under `root` (absolute), recursively, following symlinks to folders
 * once each; hidden names (starting with ".") are skipped. Unlike a glob, nothing is skipped
 * silently: a sub-folder that cannot be read and a name that is not valid UTF-8 are diagnostics
 * naming the path. Entries that are not regular files (a FIFO named x.yaml, a symlink to
 * /dev/zero) are listed, so the reader refuses them with their path.
 */
export async function walkYamlFiles(
  root: string,
  display: (abs: string) => string,
): Promise<{ files: string[]; diagnostics: Diagnostic[] }> {
  const files: string[] = []
  const diagnostics: Diagnostic[] = []
  const visited = new Set<string>()
  const walk = async (dir: string, depth: number): Promise<void> => {
    const real = await realpath(dir).catch(() => dir)
    if (visited.has(real)) return
    visited.add(real)
    let entries: Dirent<Buffer>[]
    try {
      entries = await readdir(dir, { withFileTypes: true, encoding: 'buffer' })
    } catch (err) {
      diagnostics.push({
        code: 'DIR_UNREADABLE',
        message: `cannot read folder ${display(dir)}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
        hint: 'make it readable, or move it out of the scenario path',
      })
      return
    }
    for (const entry of entries.sort((a, b) => Buffer.compare(a.name, b.name))) {
      const raw = entry.name
      if (raw[0] === 0x2e) continue
      const isYamlName = YAML_NAME.test(raw.toString('latin1'))
      const kind = await kindOfEntry(entry, Buffer.concat([Buffer.from(`${dir}${path.sep}`), raw]))
      if (firstInvalidUtf8(raw) >= 0) {
        if (kind === 'dir' || isYamlName) diagnostics.push(badName(dir, raw, display))
        continue
      }
      const abs = path.join(dir, raw.toString('utf8'))
      if (kind === 'dir') {
        if (depth >= MAX_WALK_DEPTH)
          diagnostics.push({
            code: 'DIR_TOO_DEEP',
            message: `${display(abs)} is more than ${MAX_WALK_DEPTH} folders deep; not searched`,
            hint: 'a symlink loop? point banter at the folder you mean',
          })
        else await walk(abs, depth + 1)
      } else if (kind === 'broken') {
        if (isYamlName) diagnostics.push({ code: 'FILE_UNREADABLE', message: `cannot read ${display(abs)}: a symlink to a missing file` })
      } else if (isYamlName) {
        files.push(abs)
      }
    }
  }
  await walk(root, 0)
  return { files, diagnostics }
}

async function kindOfEntry(entry: Dirent<Buffer>, abs: Buffer): Promise<'dir' | 'other' | 'broken'> {
  if (entry.isDirectory()) return 'dir'
  if (!entry.isSymbolicLink()) return 'other'
  const target = await stat(abs).catch(() => undefined)
  return target === undefined ? 'broken' : target.isDirectory() ? 'dir' : 'other'
}

function badName(dir: string, raw: Buffer, display: (abs: string) => string): Diagnostic {
  const shown = [...raw].map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`)).join('')
  return {
    code: 'FILE_NAME_ENCODING',
    message: `the name "${shown}" in ${display(dir)} is not valid UTF-8`,
    hint: 'rename it with a UTF-8 name (for example with convmv); banter cannot name it in reports otherwise',
  }
}
