import { describe, expect, it } from 'vitest'
import { InputError } from '../../../src/core/errors.js'
import { importFiles } from '../../../src/import/import-files.js'
import { expectValidGenerators, loadImported } from './helpers.js'

const FIX = 'fixtures/import/nlpjs'
// A copy of the public NLP.js Corpus 50 (MIT; see fixtures/import/nlpjs-real/LICENSE.md).
const CORPUS50 = 'fixtures/import/nlpjs-real/corpus50.json'
const cwd = process.cwd()

describe('banter import nlpjs', () => {
  it('makes a generator per intent from utterances and a single-turn scenario per test utterance', async () => {
    const result = await importFiles('nlpjs', [`${FIX}/orders-corpus.json`], cwd)
    expect(result.files.map((f) => f.name)).toEqual(['orders-tests', 'generators/order_status', 'generators/talk_to_human'])
    const tests = result.files[0]!
    if (tests.kind !== 'scenarios') throw new Error('expected scenarios')
    expect(tests.data[0]).toEqual({
      name: 'order_status #1: where is my parcel',
      tags: ['imported', 'nlpjs', 'order_status'],
      turns: [{ user: 'where is my parcel', expect: { intent: 'order_status' } }],
    })
    expect(result.unsupported.map((u) => [u.loc.line, u.what])).toEqual([
      [8, 'answers of "order_status" (which answer to expect is not defined)'],
      [16, 'intent "goodbye" has no utterances: no generator'],
    ])
    expect((await loadImported(result)).conversations).toHaveLength(4)
    expectValidGenerators(result)
  })

  it('bad JSON, a missing intent and a non-corpus are input errors with positions', async () => {
    for (const [file, code, line] of [
      ['broken.json', 'JSON_SYNTAX', 4],
      ['no-intent.json', 'IMPORT_NOT_NLPJS', 4],
      ['not-corpus.json', 'IMPORT_NOT_NLPJS', 1],
    ] as const) {
      const err = (await importFiles('nlpjs', [`${FIX}/${file}`], cwd).catch((e: unknown) => e)) as InputError
      expect(err, file).toBeInstanceOf(InputError)
      expect(
        err.diagnostics.map((d) => [d.code, d.loc?.line]),
        file,
      ).toEqual([[code, line]])
    }
  })

  it('imports the public Corpus 50: 50 generators, every test utterance a loadable scenario', async () => {
    const result = await importFiles('nlpjs', [CORPUS50], cwd)
    const generators = result.files.filter((f) => f.kind === 'generator')
    expect(generators).toHaveLength(50) // 51 intents; "None" has no utterances
    const suite = await loadImported(result)
    expect(suite.conversations.length).toBeGreaterThanOrEqual(250)
    expect(new Set(suite.conversations.map((c) => c.name)).size).toBe(suite.conversations.length)
    expectValidGenerators(result)
  })
})
