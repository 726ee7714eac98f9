import { access } from 'node:fs/promises'
import path from 'node:path'
import { EXIT, inputError } from '../../core/errors.js'
import { importFiles } from '../../import/import-files.js'
import type { ImportFormat } from '../../import/formats.js'
import type { ImportedFile } from '../../import/types.js'
import { formatFidelity, renderImported } from '../../import/render.js'
import { loadScenarios } from '../../scenario/load.js'
import { packagePath } from '../../util/package-path.js'
import { prepareOutDir, writeAtomic } from '../output.js'

import { IMPORT_OPTIONS, type ImportFlags } from '../../options/command-options.js'

/**
 * `banter import <format> FILE...`: convert, refuse to overwrite (unless --force), write each file
 * atomically, then load the written scenarios as `banter run` would, so what was written is
 * known to validate. Prints what was written and what could not be carried over.
 */
export async function importCommand(format: ImportFormat, files: string[], opts: ImportFlags): Promise<number> {
  const cwd = process.cwd()
  const outDir = opts.out ?? IMPORT_OPTIONS.out.default
  const result = await importFiles(format, files, cwd)
  const targets = result.files.map((f) => ({ file: f, target: path.join(outDir, `${f.name}.yaml`) }))
  if (!opts.force) {
    const existing = (
      await Promise.all(targets.map(async (t) => ((await exists(path.resolve(cwd, t.target))) ? t.target : undefined)))
    ).filter(Boolean)
    if (existing.length)
      throw inputError(
        'IMPORT_WOULD_OVERWRITE',
        `would overwrite ${existing.join(', ')}`,
        'choose another directory with --out, or pass --force',
      )
  }
  await prepareOutDir(path.resolve(cwd, outDir), '--out')
  const schema = packagePath('schema/scenario.schema.json')
  for (const { file, target } of targets) {
    const schemaRef = path
      .relative(path.dirname(path.resolve(cwd, target)), schema)
      .split(path.sep)
      .join('/')
    await writeAtomic(path.resolve(cwd, target), renderImported(file, { schemaRef, tool: `banter import ${format}` }))
  }
  const scenarioFiles = targets.filter((t) => t.file.kind === 'scenarios').map((t) => t.target)
  if (scenarioFiles.length) await loadScenarios(scenarioFiles, { cwd })
  for (const t of targets) process.stdout.write(`wrote ${t.target} (${describe(t.file)})\n`)
  process.stdout.write(`\n${formatFidelity(result.fidelity).join('\n')}\n`)
  return EXIT.ok
}

function describe(file: ImportedFile): string {
  if (file.kind === 'scenarios') return `${file.data.length} scenario${file.data.length === 1 ? '' : 's'} from ${file.from}`
  return `generator ${file.data.generator.name} from ${file.from}`
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  )
}
