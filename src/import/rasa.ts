import { InputError } from '../core/errors.js'
import { slug } from './names.js'
import { nluToGenerators } from './rasa-nlu.js'
import { storiesToScenarios } from './rasa-stories.js'
import { dropped, shapeError, type ParsedSource } from './source.js'
import { emptyCounts, type ImportedFile, type SourceImport, type Unsupported } from './types.js'
import { isRecord } from '../util/is-record.js'

const IMPORTED = ['version', 'stories', 'test_cases', 'nlu']

/**
 * One Rasa YAML file → imported files: its stories and test cases as one scenarios file, its NLU
 * examples as one generator per intent. Rules and domain sections are listed as not carried over.
 * A file with none of `stories:`, `test_cases:`, `nlu:`, `rules:` is not Rasa data (exit 2).
 */
export function importRasaFile(parsed: ParsedSource): SourceImport {
  const data = parsed.data
  if (!isRecord(data) || !['stories', 'test_cases', 'nlu', 'rules'].some((k) => k in data)) {
    throw new InputError([
      shapeError(
        parsed,
        [],
        'IMPORT_NOT_RASA',
        `${parsed.source.file} is not Rasa training or test data`,
        'expected a mapping with stories:, test_cases:, nlu: or rules:',
      ),
    ])
  }
  const unsupported: Unsupported[] = []
  for (const key of Object.keys(data)) {
    if (key === 'rules' && Array.isArray(data.rules))
      data.rules.forEach((_, i) =>
        unsupported.push(
          dropped(parsed, ['rules', i], 'rule (rules constrain the dialogue policy; write a scenario for the conversation instead)'),
        ),
      )
    else if (!IMPORTED.includes(key)) unsupported.push(dropped(parsed, [key], `${key}: section`))
  }
  const read = emptyCounts()
  const scenarios = [
    ...storiesToScenarios(parsed, 'stories', unsupported, read),
    ...storiesToScenarios(parsed, 'test_cases', unsupported, read),
  ]
  const generators = nluToGenerators(parsed, unsupported, read)
  const base = slug(
    parsed.source.file
      .split(/[\\/]/)
      .pop()!
      .replace(/\.ya?ml$/i, ''),
  )
  const from = parsed.source.file
  const sorted = [...unsupported].sort((a, b) => a.loc.line - b.loc.line)
  const files: ImportedFile[] = []
  if (scenarios.length) files.push({ kind: 'scenarios', name: base, from, data: scenarios, unsupported: sorted })
  for (const g of generators) files.push({ kind: 'generator', name: g.generator.name, from, data: g, unsupported: [] })
  if (!scenarios.length && files.length) files[0]!.unsupported = sorted
  if (!files.length)
    throw new InputError([
      shapeError(parsed, [], 'IMPORT_NOTHING', `nothing to import from ${from}: no story, test case or NLU example could be carried over`),
    ])
  return { files, read }
}
