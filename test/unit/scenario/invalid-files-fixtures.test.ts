import { describe, expect, it } from 'vitest'
import { compileGenerators } from '../../../src/generate/compile.js'
import { loadScenarios } from '../../../src/scenario/load.js'
import { diagnosticsOf, testFixtureCorpus, type FixtureCorpus } from '../../helpers/fixture-corpus.js'

const corpus: FixtureCorpus = {
  dir: 'fixtures/invalid-files',
  async load(path) {
    const suite = await loadScenarios([path], { cwd: process.cwd() })
    await compileGenerators(suite.generators, process.cwd())
  },
  // The folder also holds what the fixtures point at (variants/, symlinks).
  isFixture: (name) => name.endsWith('.yaml'),
}

describe('hostile file references: special files and paths leaving the project are refused with their place', () => {
  testFixtureCorpus(corpus)

  it('nothing outside the project reaches the generated messages: the escaping variants file is never read', async () => {
    const got = await diagnosticsOf(corpus, 'variants-escape.yaml')
    expect(got.map((d) => d.message).join('\n')).not.toContain('root:')
  })
})
