import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { importFiles } from '../../src/import/import-files.js'
import type { ImportFormat } from '../../src/import/formats.js'
import { renderImported } from '../../src/import/render.js'
import type { RunReport } from '../../src/report/model.js'
import { run } from '../../src/run.js'

/**
 * Imports source files as `banter import` does, writes the scenario files to a temporary
 * directory, and runs them in-process with `run()` against the endpoint described by `config`
 * (the YAML text of a banter.config.yaml). Returns the report; the directory is removed.
 */
export async function importAndRun(
  format: ImportFormat,
  sources: string[],
  config: string,
  opts: { grep?: string } = {},
): Promise<RunReport> {
  const result = await importFiles(format, sources, process.cwd())
  const dir = await mkdtemp(path.join(tmpdir(), 'banter-import-run-'))
  try {
    const paths: string[] = []
    for (const f of result.files.filter((x) => x.kind === 'scenarios')) {
      const file = path.join(dir, `${f.name}.yaml`)
      await mkdir(path.dirname(file), { recursive: true })
      await writeFile(file, renderImported(f, { schemaRef: 'scenario.schema.json', tool: 'test' }))
      paths.push(file)
    }
    const configFile = path.join(dir, 'banter.config.yaml')
    await writeFile(configFile, config)
    return await run({ cwd: dir, env: {}, paths, configFile, concurrency: 4, ...(opts.grep ? { grep: opts.grep } : {}) })
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/** Per conversation: the index of the first failed turn (-1: passed) and that turn's failed verdict codes. */
export function firstFailures(report: RunReport): Record<string, { turn: number; codes: string[] }> {
  const out: Record<string, { turn: number; codes: string[] }> = {}
  for (const c of report.cases) {
    const t = c.turns.find((x) => x.status !== 'passed')
    out[c.name] = t
      ? { turn: t.index, codes: [...t.verdicts.filter((v) => !v.pass).map((v) => v.code), ...(t.error ? [t.error.code] : [])] }
      : { turn: -1, codes: [] }
  }
  return out
}
