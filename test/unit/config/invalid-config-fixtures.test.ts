import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../../src/config/load-config.js'
import { loadScenarios } from '../../../src/scenario/load.js'
import { diagnosticsOf, testFixtureCorpus, type FixtureCorpus } from '../../helpers/fixture-corpus.js'

const corpus: FixtureCorpus = {
  dir: 'fixtures/invalid-config',
  load: (path) => loadConfig(path, process.cwd(), {}),
  minFixtures: 20,
}

describe('broken config files give positioned diagnostics', () => {
  testFixtureCorpus(corpus)

  it('a config and scenarios validate in one process (both schemas compile in one Ajv)', async () => {
    await diagnosticsOf(corpus, 'bad-url.yaml')
    const suite = await loadScenarios(['fixtures/e2e/one-greeting.yaml'], { cwd: process.cwd() })
    expect(suite.conversations).toHaveLength(1)
  })

  it('a __proto__ key is refused and pollutes nothing', async () => {
    await diagnosticsOf(corpus, 'proto-key.yaml')
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })
})
