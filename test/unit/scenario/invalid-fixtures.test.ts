import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { renderDiagnostic } from '../../../src/diagnostics/render.js'
import { InputError } from '../../../src/core/errors.js'
import { loadScenarios } from '../../../src/scenario/load.js'
import { compileGenerators } from '../../../src/generate/compile.js'

const DIR = 'fixtures/invalid'
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

describe('broken scenario files give positioned diagnostics', () => {
  it('every fixture has an expectation and every expectation a fixture', () => {
    const files = readdirSync(DIR)
      .filter((f) => f !== 'expected.yaml')
      .sort()
    expect(Object.keys(expected).sort()).toEqual(files)
  })

  for (const [file, wanted] of Object.entries(expected)) {
    it(file, async () => {
      const got = await diagnosticsOf(file)
      expect(got.map((d) => [d.code, `${d.loc?.line}:${d.loc?.col}`])).toEqual(wanted.map(([code, at]) => [code, at]))
      got.forEach((d, i) => {
        expect(d.message).toContain(wanted[i]![2])
        expect(d.loc?.file).toBe(`${DIR}/${file}`)
        // The rendered form names the place and never leaks a stack trace.
        const text = renderDiagnostic(d)
        expect(text).toContain(`--> ${DIR}/${file}:${d.loc?.line}:${d.loc?.col}`)
        expect(text).not.toMatch(/\n\s+at .*\.(ts|js):\d+/)
      })
    })
  }

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
    const [d] = await diagnosticsOf('unknown-key.yaml')
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
