import { describe, expect, it } from 'vitest'
import { renderDiagnostic } from '../../../src/diagnostics/render.js'
import { InputError } from '../../../src/core/errors.js'
import { loadScenarios } from '../../../src/scenario/load.js'
import { compileGenerators } from '../../../src/generate/compile.js'
import { diagnosticsOf, testFixtureCorpus, type FixtureCorpus } from '../../helpers/fixture-corpus.js'

const DIR = 'fixtures/invalid'
const corpus: FixtureCorpus = {
  dir: DIR,
  async load(path) {
    const suite = await loadScenarios([path], { cwd: process.cwd() })
    await compileGenerators(suite.generators, process.cwd())
  },
}

describe('broken scenario files give positioned diagnostics', () => {
  testFixtureCorpus(corpus)

  it('reports all errors of all files at once, sorted by file and position', async () => {
    const err = await loadScenarios([`${DIR}/unknown-key.yaml`, `${DIR}/unknown-top-key.yaml`, `${DIR}/tabs.yaml`], {
      cwd: process.cwd(),
    }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(InputError)
    const codes = (err as InputError).diagnostics.map((d) => `${d.loc?.file.replace(`${DIR}/`, '')}:${d.code}`)
    expect(codes).toEqual([
      'tabs.yaml:YAML_TAB',
      'unknown-key.yaml:UNKNOWN_KEY',
      'unknown-top-key.yaml:MISSING_KEY',
      'unknown-top-key.yaml:UNKNOWN_KEY',
    ])
  })

  it('suggests the closest valid key and renders a code frame with a caret under it', async () => {
    const [d] = await diagnosticsOf(corpus, 'unknown-key.yaml')
    expect(d!.hint).toBe('did you mean "intent"?')
    expect(renderDiagnostic(d!)).toBe(
      [
        'error[UNKNOWN_KEY]: turns[0].expect: unknown key "intnet"',
        ' --> fixtures/invalid/unknown-key.yaml:5:7',
        '  |',
        '5 |       intnet: greeting',
        '  |       ^^^^^^',
        '  = hint: did you mean "intent"?',
      ].join('\n'),
    )
  })
})
