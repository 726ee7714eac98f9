import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config/load-config.js'
import { renderDiagnostic } from '../../src/diagnostics/render.js'
import { parseYaml } from '../../src/diagnostics/yaml-source.js'
import { InputError } from '../../src/core/errors.js'
import { loadScenarios } from '../../src/scenario/load.js'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'banter-prop-'))
})
afterAll(() => rm(dir, { recursive: true, force: true }))

/** YAML-ish text: fragments of real scenario syntax, shuffled with junk. */
const yamlish = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        'name: ',
        'turns:',
        '\n',
        '  - user: ',
        '    expect:',
        '      intent: ',
        'reply:',
        '{{',
        '}}',
        'matches: ',
        '&a ',
        '*a',
        '[',
        ']',
        '{',
        '}',
        '- ',
        ': ',
        '"',
        "'",
        '#',
        '\t',
        '---',
        'include: ',
        'variables:',
        'capture:',
        '$.x[',
        '(a+)+',
        'skip: ',
        '<<: *a',
        '!!binary',
        '%YAML 1.2',
        '\uFEFF',
        '__proto__: ',
        'constructor: ',
      ),
      fc.string({ maxLength: 12 }),
    ),
    { maxLength: 60 },
  )
  .map((parts) => parts.join(''))

const realistic = fc
  .record(
    {
      name: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
      turns: fc.array(
        fc.record(
          {
            user: fc.oneof(fc.string(), fc.constant('{{x}} hi')),
            expect: fc.dictionary(fc.constantFrom('intent', 'action', 'reply', 'entities', 'latency', 'bogus'), fc.jsonValue(), {
              maxKeys: 3,
            }),
          },
          { requiredKeys: [] },
        ),
        { maxLength: 3 },
      ),
    },
    { requiredKeys: [] },
  )
  .map((o) => JSON.stringify(o))

let n = 0
async function outcome(content: string | Uint8Array): Promise<'ok' | 'input-error'> {
  const file = path.join(dir, `f${n++}.yaml`)
  await writeFile(file, content)
  try {
    await loadScenarios([file], { cwd: dir })
    return 'ok'
  } catch (err) {
    if (!(err instanceof InputError)) throw err
    for (const d of err.diagnostics) expect(typeof renderDiagnostic(d)).toBe('string')
    return 'input-error'
  }
}

describe('the loader never throws anything but an InputError', () => {
  it('parseYaml on arbitrary and YAML-ish text returns data or diagnostics', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 300 }), yamlish), (text) => {
        const r = parseYaml('x.yaml', text)
        expect(Array.isArray(r.diagnostics)).toBe(true)
      }),
      { numRuns: 1000 },
    )
  })

  it('loadScenarios on YAML-ish text, JSON-shaped scenarios and raw bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(yamlish, realistic, fc.uint8Array({ maxLength: 200 })), async (content) => {
        expect(['ok', 'input-error']).toContain(await outcome(content))
      }),
      { numRuns: 150 },
    )
  })

  it('loadConfig on YAML-ish text', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(yamlish, fc.string()), async (content) => {
        const file = path.join(dir, `c${n++}.yaml`)
        await writeFile(file, content)
        await loadConfig(file, dir, {}).catch((err: unknown) => {
          if (!(err instanceof InputError)) throw err
        })
      }),
      { numRuns: 100 },
    )
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })
})
