/**
 * A corpus of broken input files with their expected diagnostics: a folder of fixtures and its
 * `expected.yaml`, which maps each fixture's file name to `[code, "line:col", message part]`
 * triples. The corpus tests check that fixtures and expectations match one to one (a new fixture
 * without an expectation fails, as does an expectation without its file), and that each fixture
 * gives exactly the expected diagnostics, each rendered with its place and no stack trace.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { expect, it } from 'vitest'
import { parse } from 'yaml'
import { InputError } from '../../src/core/errors.js'
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js'
import { renderDiagnostic } from '../../src/diagnostics/render.js'

export interface FixtureCorpus {
  /** The folder, relative to the project root, holding the fixtures and expected.yaml. */
  dir: string
  /** Loads one fixture (its path, `${dir}/${file}`); a broken one throws an InputError. */
  load(path: string): Promise<unknown>
  /** Which of the folder's entries are fixtures (default: every entry but expected.yaml). */
  isFixture?(name: string): boolean
  /** The corpus holds at least this many fixtures (default 1), so a gutted folder fails too. */
  minFixtures?: number
}

type Expected = Record<string, [code: string, at: string, message: string][]>

/** The diagnostics of loading one fixture; a fixture that loads without an error fails the test. */
export async function diagnosticsOf(corpus: FixtureCorpus, file: string): Promise<Diagnostic[]> {
  try {
    await corpus.load(`${corpus.dir}/${file}`)
  } catch (err) {
    if (err instanceof InputError) return err.diagnostics
    throw err
  }
  throw new Error(`${file} loaded without an error`)
}

/** The fixture files of the corpus, sorted. */
function fixtureFiles(corpus: FixtureCorpus): string[] {
  const isFixture = corpus.isFixture ?? ((name: string) => name !== 'expected.yaml')
  return readdirSync(corpus.dir)
    .filter((name) => name !== 'expected.yaml' && isFixture(name))
    .sort()
}

/** Registers the corpus tests in the current describe block: the one-to-one check, then one test per fixture. */
export function testFixtureCorpus(corpus: FixtureCorpus): void {
  const { dir } = corpus
  const expected = parse(readFileSync(`${dir}/expected.yaml`, 'utf8')) as Expected

  it('every fixture has an expectation and every expectation a fixture', () => {
    const files = fixtureFiles(corpus)
    expect(Object.keys(expected).sort()).toEqual(files)
    expect(files.length).toBeGreaterThanOrEqual(corpus.minFixtures ?? 1)
  })

  for (const [file, wanted] of Object.entries(expected)) {
    it(file, async () => {
      const got = await diagnosticsOf(corpus, file)
      expect(got.map((d) => [d.code, `${d.loc?.line}:${d.loc?.col}`])).toEqual(wanted.map(([code, at]) => [code, at]))
      got.forEach((d, i) => {
        expect(d.message).toContain(wanted[i]![2])
        expect(d.loc?.file).toBe(`${dir}/${file}`)
        // The rendered form names the place and never leaks a stack trace.
        const text = renderDiagnostic(d)
        expect(text).toContain(`--> ${dir}/${file}:${d.loc?.line}:${d.loc?.col}`)
        expect(text).not.toMatch(/\n\s+at .*\.(ts|js):\d+/)
      })
    })
  }
}
