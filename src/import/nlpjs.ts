import type { Scenario } from '../core/scenario.types.generated.js'
import { InputError } from '../core/errors.js'
import { buildGenerator } from './build-generator.js'
import { generatorName, slug } from './names.js'
import { dropped, shapeError, type ParsedSource } from './source.js'
import { emptyCounts, type ImportedFile, type SourceImport, type Unsupported } from './types.js'
import { isRecord } from '../util/is-record.js'

/**
 * An NLP.js corpus (`{name, locale, data: [{intent, utterances, tests?, answers?}]}`) → one
 * generator per intent from its training `utterances`, and one scenario per held-out test
 * utterance (single turn, expecting the intent), all tests in one scenarios file. One scenario per
 * test utterance, rather than one per intent, so a report counts and names each miss; tags carry
 * the intent for `--tag`. `answers` are not checked: the corpus does not say which one to expect.
 */
export function importNlpjsCorpus(parsed: ParsedSource): SourceImport {
  const corpus = parsed.data
  if (!isRecord(corpus) || !Array.isArray(corpus.data)) {
    throw new InputError([
      shapeError(
        parsed,
        isRecord(corpus) && 'data' in corpus ? ['data'] : [],
        'IMPORT_NOT_NLPJS',
        `${parsed.source.file} is not an NLP.js corpus`,
        'expected {"name": ..., "locale": ..., "data": [{"intent": ..., "utterances": [...], "tests": [...]}]}',
      ),
    ])
  }
  const from = parsed.source.file
  const label = typeof corpus.name === 'string' && corpus.name ? corpus.name : slug(from)
  const unsupported: Unsupported[] = []
  const generators: ImportedFile[] = []
  const scenarios: Scenario[] = []
  const problems = corpus.data.flatMap((item, i) =>
    isRecord(item) && typeof item.intent === 'string' && item.intent
      ? []
      : [shapeError(parsed, ['data', i], 'IMPORT_NOT_NLPJS', `data[${i}] has no "intent" string`)],
  )
  if (problems.length) throw new InputError(problems)
  const read = emptyCounts()
  corpus.data.forEach((item: Record<string, unknown>, i) => {
    const intent = item.intent as string
    const utterances = strings(item.utterances)
    const tests = strings(item.tests)
    read.intents += (utterances.length ? 1 : 0) + tests.length
    read.userTurns += utterances.length + tests.length
    read.conversations += tests.length
    if (utterances.length) {
      const doc = buildGenerator({
        name: generatorName(intent),
        description: `Utterances of the intent "${intent}" from the NLP.js corpus "${label}".`,
        tags: ['imported', 'nlpjs'],
        intent,
        variants: utterances.map((text) => ({ text })),
      })
      generators.push({ kind: 'generator', name: doc.generator.name, from, data: doc, unsupported: [] })
    } else {
      unsupported.push(dropped(parsed, ['data', i], `intent "${intent}" has no utterances: no generator`))
    }
    strings(item.tests).forEach((text, t) =>
      scenarios.push({
        name: `${intent} #${t + 1}: ${text}`,
        tags: ['imported', 'nlpjs', intent],
        turns: [{ user: text, expect: { intent } }],
      }),
    )
    if (Array.isArray(item.answers) && item.answers.length)
      unsupported.push(dropped(parsed, ['data', i, 'answers'], `answers of "${intent}" (which answer to expect is not defined)`))
  })
  const files: ImportedFile[] = []
  if (scenarios.length) files.push({ kind: 'scenarios', name: `${slug(label)}-tests`, from, data: scenarios, unsupported })
  files.push(...generators)
  if (!files.length)
    throw new InputError([
      shapeError(parsed, ['data'], 'IMPORT_NOTHING', `nothing to import from ${from}: no intent has utterances or tests`),
    ])
  if (!scenarios.length) files[0]!.unsupported = unsupported
  return { files, read }
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v.trim() !== '').map((v) => v.trim()) : []
}
