import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { renderDiagnostic } from '../../../src/diagnostics/render.js'
import { InputError } from '../../../src/core/errors.js'
import { compileGenerators } from '../../../src/generate/compile.js'
import { loadScenarios } from '../../../src/scenario/load.js'

const DIR = 'fixtures/invalid-files'
const expected = parse(readFileSync(`${DIR}/expected.yaml`, 'utf8')) as Record<string, [string, string, string][]>

async function diagnosticsOf(file: string) {
  try {
    const suite = await loadScenarios([`${DIR}/${file}`], { cwd: process.cwd() })
    await compileGenerators(suite.generators, process.cwd())
  } catch (err) {
    if (err instanceof InputError) return err.diagnostics
    throw err
  }
  throw new Error(`${file} loaded without an error`)
}

describe('hostile file references: special files and paths leaving the project are refused with their place', () => {
  it('every fixture has an expectation and every expectation a fixture', () => {
    const files = readdirSync(DIR)
      .filter((f) => f.endsWith('.yaml') && f !== 'expected.yaml')
      .sort()
    expect(Object.keys(expected).sort()).toEqual(files)
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

  it('nothing outside the project reaches the generated messages: the escaping variants file is never read', async () => {
    const got = await diagnosticsOf('variants-escape.yaml')
    expect(got.map((d) => d.message).join('\n')).not.toContain('root:')
  })
})
