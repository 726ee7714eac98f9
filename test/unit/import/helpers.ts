import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { parse } from 'yaml'
import { expect } from 'vitest'
import type { ImportResult } from '../../../src/import/types.js'
import { renderImported } from '../../../src/import/render.js'
import { loadScenarios, type LoadedSuite } from '../../../src/scenario/load.js'
import { schemaValidator } from '../../../src/scenario/schema.js'

/** Writes the scenario files of an import to a temporary directory and loads them as `banter run` would. */
export async function loadImported(result: ImportResult): Promise<LoadedSuite> {
  const dir = await mkdtemp(path.join(tmpdir(), 'banter-import-'))
  try {
    const files: string[] = []
    for (const f of result.files.filter((x) => x.kind === 'scenarios')) {
      const file = path.join(dir, `${f.name}.yaml`)
      await mkdir(path.dirname(file), { recursive: true })
      await writeFile(file, renderImported(f, { schemaRef: 'scenario.schema.json', tool: 'test' }))
      files.push(file)
    }
    return await loadScenarios(files, { cwd: dir })
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

const GENERATOR_STEP_KEYS = new Set(['user', 'variants_file', 'probability', 'expect', 'one_of', 'repeat', 'turns'])

/**
 * Checks every generator of an import. When the scenario schema knows generators (after the
 * generator format of issue 3 is merged) the rendered YAML is validated with it; until then the
 * shape of that format is checked here: `generator: {name, description?, tags?, slots?, turns}`,
 * turns with `user` (a string or a list), `expect` in the scenario `expect:` format, `one_of`.
 */
export function expectValidGenerators(result: ImportResult): void {
  const validate = schemaValidator('scenario')
  const full = Boolean((validate.schema as { $defs?: Record<string, unknown> }).$defs?.GeneratorFile)
  const expectValidator = full ? undefined : expectSchemaValidator()
  for (const f of result.files.filter((x) => x.kind === 'generator')) {
    const data = parse(renderImported(f, { schemaRef: 'x', tool: 'test' })) as { generator: Record<string, unknown> }
    if (full) {
      expect(validate(data), `${f.name}: ${JSON.stringify(validate.errors)}`).toBe(true)
      continue
    }
    expect(Object.keys(data)).toEqual(['generator'])
    const g = data.generator
    expect(g.name).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/)
    expect(Object.keys(g).every((k) => ['name', 'description', 'tags', 'slots', 'turns'].includes(k))).toBe(true)
    for (const call of Object.values((g.slots ?? {}) as Record<string, string>)) expect(call).toMatch(/^faker\.[a-z]+\.[a-zA-Z]+\(.*\)$/)
    checkSteps(g.turns as Record<string, unknown>[], expectValidator!)
  }
}

function checkSteps(steps: Record<string, unknown>[], validateExpect: (e: unknown) => boolean): void {
  expect(steps.length).toBeGreaterThan(0)
  for (const step of steps) {
    expect(
      Object.keys(step).every((k) => GENERATOR_STEP_KEYS.has(k)),
      JSON.stringify(step),
    ).toBe(true)
    if (step.one_of) {
      expect((step.one_of as unknown[]).length).toBeGreaterThanOrEqual(2)
      for (const branch of step.one_of as Record<string, unknown>[][]) checkSteps(branch, validateExpect)
      continue
    }
    const user = step.user
    expect(typeof user === 'string' || (Array.isArray(user) && user.length > 0 && user.every((u) => typeof u === 'string'))).toBe(true)
    if (step.expect !== undefined) expect(validateExpect(step.expect), JSON.stringify(step.expect)).toBe(true)
  }
}

/** The scenario schema's Expect, used on its own for generator turns. */
function expectSchemaValidator(): (e: unknown) => boolean {
  const validate = schemaValidator('scenario')
  return (e) => validate({ name: 'probe', turns: [{ user: 'x', expect: e }] }) as boolean
}
