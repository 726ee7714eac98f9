import { readdir } from 'node:fs/promises'
import path from 'node:path'
import type { Diagnostic } from '../diagnostics/diagnostic.js'
import { InputError } from '../core/errors.js'
import { importConvo, importUtterances, importYamlConvos, isUtterancesFile, utteranceLists } from './botium.js'
import { countWritten } from './fidelity.js'
import { uniqueNames } from './names.js'
import { importNlpjsCorpus } from './nlpjs.js'
import { importRasaFile } from './rasa.js'
import { readJson, readStructured, readText, type ParsedSource } from './source.js'
import type { ImportedFile, ImportResult, SourceFidelity, SourceImport, SourceText } from './types.js'

import type { ImportFormat } from './formats.js'

/**
 * Reads the input files of one format and converts them. Every bad input is collected and thrown
 * as one InputError (exit 2). Scenario and generator names are made unique across the import.
 */
export async function importFiles(format: ImportFormat, files: string[], cwd: string): Promise<ImportResult> {
  const diagnostics: Diagnostic[] = []
  const out: { from: string; result: SourceImport }[] = []
  const attempt = async (from: string, fn: () => Promise<SourceImport>) => {
    try {
      out.push({ from, result: await fn() })
    } catch (err) {
      if (!(err instanceof InputError)) throw err
      diagnostics.push(...err.diagnostics)
    }
  }
  if (format === 'botium') {
    const yamlFiles = files.filter(isYamlName)
    const yaml: ParsedSource[] = []
    for (const file of yamlFiles) {
      await readStructured(file, cwd).then(
        (p) => yaml.push(p),
        (err: unknown) => {
          if (!(err instanceof InputError)) throw err
          diagnostics.push(...err.diagnostics)
        },
      )
    }
    const sources = await readTexts(
      files.filter((f) => !isYamlName(f)),
      cwd,
      diagnostics,
    )
    const lists = utteranceLists([...sources.filter(isUtterancesFile), ...(await siblingUtterances(sources, cwd))], yaml)
    for (const p of yaml) await attempt(p.source.file, async () => importYamlConvos(p, lists))
    for (const src of sources)
      await attempt(src.file, async () => (isUtterancesFile(src) ? importUtterances(src) : importConvo(src, lists)))
  } else {
    const [read, convert] = format === 'rasa' ? [readRasa, importRasaFile] : [readJson, importNlpjsCorpus]
    for (const file of files) await attempt(file, async () => convert(await read(file, cwd)))
  }
  if (diagnostics.length) throw new InputError(diagnostics)
  const order = new Map(files.map((f, i) => [f, i]))
  out.sort((a, b) => (order.get(a.from) ?? 0) - (order.get(b.from) ?? 0))
  const written = uniquify(out.flatMap((o) => o.result.files))
  const fidelity: SourceFidelity[] = out.map((o) => {
    const mine = written.filter((f) => f.from === o.from)
    return { file: o.from, read: o.result.read, written: countWritten(mine), unsupported: mine.flatMap((f) => f.unsupported) }
  })
  return { files: written, unsupported: written.flatMap((f) => f.unsupported), fidelity }
}

/** A Rasa input; a file that is not named .yml/.yaml and does not parse as YAML is "not Rasa data" rather than a YAML error. */
async function readRasa(file: string, cwd: string): Promise<ParsedSource> {
  try {
    return await readStructured(file, cwd)
  } catch (err) {
    if (!(err instanceof InputError) || isYamlName(file) || !err.diagnostics.every((d) => d.code.startsWith('YAML_'))) throw err
    throw new InputError([
      {
        code: 'IMPORT_NOT_RASA',
        message: `${file} is not Rasa training or test data: it is not YAML (${err.diagnostics[0]!.message})`,
        loc: { file, line: 1, col: 1 },
        hint: 'Rasa stories, test cases and NLU data are YAML files with stories:, test_cases: or nlu:',
      },
    ])
  }
}

function isYamlName(file: string): boolean {
  return /\.ya?ml$/i.test(file)
}

async function readTexts(files: string[], cwd: string, diagnostics: Diagnostic[]): Promise<SourceText[]> {
  const sources: SourceText[] = []
  for (const file of files) {
    const read = await readText(file, cwd)
    diagnostics.push(...read.diagnostics)
    if (read.text !== undefined) sources.push({ file, text: read.text })
  }
  return sources
}

/** `.utterances.txt` files next to the convos, so `#me UTT_NAME` resolves without listing them. */
async function siblingUtterances(sources: SourceText[], cwd: string): Promise<SourceText[]> {
  const given = new Set(sources.map((s) => path.resolve(cwd, s.file)))
  const dirs = new Set(sources.map((s) => path.dirname(path.resolve(cwd, s.file))))
  const found: SourceText[] = []
  for (const dir of dirs) {
    const names = await readdir(dir).catch(() => [] as string[])
    for (const name of names.filter((n) => /\.utterances\.txt$/i.test(n))) {
      const abs = path.join(dir, name)
      if (given.has(abs)) continue
      const read = await readText(abs, cwd)
      if (read.text !== undefined) found.push({ file: path.relative(cwd, abs), text: read.text })
    }
  }
  return found
}

function uniquify(files: ImportedFile[]): ImportedFile[] {
  const scenarioName = uniqueNames(' (')
  const generatorName = uniqueNames('-')
  const fileName = uniqueNames('-')
  return files.map((f) => {
    if (f.kind === 'generator') {
      const name = generatorName(f.data.generator.name)
      return { ...f, name: fileName(`generators/${f.name}`), data: { generator: { ...f.data.generator, name } } }
    }
    return { ...f, name: fileName(f.name), data: f.data.map((s) => ({ ...s, name: scenarioName(s.name) })) }
  })
}
