import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { loadConfig } from '../../../src/config/load-config.js'
import { renderDiagnostic } from '../../../src/diagnostics/render.js'
import { InputError } from '../../../src/core/errors.js'
import { loadScenarios } from '../../../src/scenario/load.js'

const DIR = 'fixtures/invalid-config'
const expected = parse(readFileSync(`${DIR}/expected.yaml`, 'utf8')) as Record<string, [string, string, string][]>

async function diagnosticsOf(file: string) {
  try {
    await loadConfig(`${DIR}/${file}`, process.cwd(), {})
  } catch (err) {
    if (err instanceof InputError) return err.diagnostics
    throw err
  }
  throw new Error(`${file} loaded without an error`)
}

describe('broken config files give positioned diagnostics', () => {
  it('every fixture has an expectation and every expectation a fixture', () => {
    const files = readdirSync(DIR)
      .filter((f) => f !== 'expected.yaml')
      .sort()
    expect(Object.keys(expected).sort()).toEqual(files)
    expect(files.length).toBeGreaterThanOrEqual(20)
  })

  for (const [file, wanted] of Object.entries(expected)) {
    it(file, async () => {
      const got = await diagnosticsOf(file)
      expect(got.map((d) => [d.code, `${d.loc?.line}:${d.loc?.col}`])).toEqual(wanted.map(([code, at]) => [code, at]))
      got.forEach((d, i) => {
        expect(d.message).toContain(wanted[i]![2])
        const text = renderDiagnostic(d)
        expect(text).toContain(`--> ${DIR}/${file}:${d.loc?.line}:${d.loc?.col}`)
        expect(text).not.toMatch(/\n\s+at .*\.(ts|js):\d+/)
      })
    })
  }

  it('a config and scenarios validate in one process (both schemas compile in one Ajv)', async () => {
    await diagnosticsOf('bad-url.yaml')
    const suite = await loadScenarios(['fixtures/e2e/one-greeting.yaml'], { cwd: process.cwd() })
    expect(suite.conversations).toHaveLength(1)
  })

  it('a __proto__ key is refused and pollutes nothing', async () => {
    await diagnosticsOf('proto-key.yaml')
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })
})
