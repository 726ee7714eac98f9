import { spawnSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { ValidateFunction } from 'ajv'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { createAjv, schemaFingerprint } from '../../../src/scenario/ajv.js'
import { builtValidator, compileValidator, loadValidator, type SchemaName } from '../../../src/scenario/schema.js'
import { tempDir } from '../../helpers/temp-dir.js'

// What `npm run build` writes (pretest builds before the suite runs).
const BUILT = path.resolve('dist/scenario/schema-validators.cjs')
const schemaText = (name: SchemaName) => readFileSync(`schema/${name}.schema.json`, 'utf8')

/** The documents of the YAML files in `dir` that parse (the rest fail before validation). */
function documents(dir: string): { file: string; data: unknown }[] {
  const docs: { file: string; data: unknown }[] = []
  for (const file of readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.ya?ml$/.test(f) && f !== 'expected.yaml')
    .sort()) {
    try {
      docs.push({ file, data: parse(readFileSync(path.join(dir, file), 'utf8')) as unknown })
    } catch {
      // A YAML error: the loader reports it without running the schema.
    }
  }
  return docs
}

/** The validator's verdict and its error objects, copied (ajv replaces `errors` on the next call). */
function outcome(validate: ValidateFunction, data: unknown) {
  const valid = validate(data)
  return { valid, errors: structuredClone(validate.errors) }
}

// The README's example config.
const VALID_CONFIG = {
  endpoint: {
    url: 'http://127.0.0.1:5005/chat',
    method: 'POST',
    headers: { Authorization: 'Bearer ${ASSISTANT_TOKEN}' },
    body: { sender: '{{session_id}}', text: '{{message}}', metadata: { user: '{{user_id}}', turn: '{{turn}}' } },
    response: {
      reply: '$.messages[*].text',
      intent: '$.nlu.intent.name',
      entities: { path: '$.nlu.slots', type: 'slotName', value: 'value.resolved' },
    },
    timeout_ms: 10000,
  },
  scenarios: ['scenarios'],
  concurrency: 8,
  reporters: ['console', 'junit'],
}

describe('the build-time (standalone) validators behave as the run-time compiled ones', () => {
  const cases: [SchemaName, string, unknown[]][] = [
    ['scenario', 'fixtures/invalid', []],
    ['scenario', 'scenarios', []],
    ['config', 'fixtures/invalid-config', [VALID_CONFIG]],
  ]
  for (const [name, dir, extra] of cases) {
    it(`${name} schema: the same verdicts and error objects on ${dir}`, () => {
      const built = builtValidator(BUILT, name, schemaText(name))
      expect(built, `${BUILT} is missing or stale: run npm run build`).toBeDefined()
      const compiled = compileValidator(schemaText(name))
      const docs = [...documents(dir), ...extra.map((data) => ({ file: 'inline', data }))]
      expect(docs.length).toBeGreaterThan(10)
      let invalid = 0
      for (const { file, data } of docs) {
        const want = outcome(compiled, data)
        expect(outcome(built!, data), file).toEqual(want)
        if (!want.valid) invalid++
      }
      if (dir === 'scenarios') expect(invalid).toBe(0)
      else expect(invalid).toBeGreaterThan(5)
    })
  }

  it('accepts a valid config', () => {
    expect(builtValidator(BUILT, 'config', schemaText('config'))!(VALID_CONFIG)).toBe(true)
  })

  it("a built banter neither compiles the schemas nor loads ajv's compiler", () => {
    const script = `import('./dist/scenario/schema.js').then((m) => {
      m.schemaValidator('scenario'); m.schemaValidator('config')
      console.log(JSON.stringify(Object.keys(require.cache)))
    })`
    const child = spawnSync(process.execPath, ['--input-type=commonjs', '-e', script], { encoding: 'utf8' })
    expect(child.stderr).toBe('')
    const loaded = JSON.parse(child.stdout) as string[]
    expect(loaded).toContain(BUILT)
    expect(loaded.filter((f) => f.includes(`${path.sep}ajv${path.sep}dist${path.sep}core.js`))).toEqual([])
  })
})

describe('a missing or stale build is ignored', () => {
  const text = schemaText('scenario')

  it('uses the built validator only while its fingerprint matches the schema text', async () => {
    const dir = await tempDir('banter-schema-')
    // A stand-in build whose validator accepts anything, so which one answered is plain to see.
    const write = async (file: string, fingerprint: string) => {
      await writeFile(
        path.join(dir, file),
        `exports.scenario = () => true;\nexports.fingerprints = ${JSON.stringify({ scenario: fingerprint })};\n`,
      )
      return path.join(dir, file)
    }
    const current = await write('current.cjs', schemaFingerprint(text))
    const stale = await write('stale.cjs', schemaFingerprint(`${text}\n`))

    expect(loadValidator(current, 'scenario', text)({})).toBe(true)
    expect(builtValidator(stale, 'scenario', text)).toBeUndefined()
    const fallback = loadValidator(stale, 'scenario', text)
    expect(fallback({})).toBe(false)
    expect(fallback.errors?.length).toBeGreaterThan(0)
    // A schema with no validator in the build is compiled too.
    expect(builtValidator(current, 'config', schemaText('config'))).toBeUndefined()
  })

  it('compiles at run time when there is no build', () => {
    const validate = loadValidator(path.join('no-such-dir', 'schema-validators.cjs'), 'scenario', text)
    expect(validate({})).toBe(false)
    expect(validate({ name: 'x', turns: [{ user: 'hi' }] })).toBe(true)
  })

  it('ignores the real build once the schema text changes (an edit since the last build)', () => {
    expect(builtValidator(BUILT, 'scenario', text)).toBeDefined()
    expect(builtValidator(BUILT, 'scenario', text.replace('"title": "banter scenario file (v1)"', '"title": "edited"'))).toBeUndefined()
  })
})

describe('the shipped schemas', () => {
  // Run time no longer compiles them (which checked them against the meta-schema), so check here.
  for (const name of ['scenario', 'config'] as const) {
    it(`${name}.schema.json is valid JSON Schema 2020-12`, () => {
      const ajv = createAjv()
      const schema = JSON.parse(schemaText(name)) as { $schema: string }
      expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema')
      expect(ajv.validateSchema(schema), JSON.stringify(ajv.errors)).toBe(true)
    })
  }
})
