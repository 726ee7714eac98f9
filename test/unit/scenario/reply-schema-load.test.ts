import { mkdir, symlink } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { InputError } from '../../../src/core/errors.js'
import { renderDiagnostic } from '../../../src/diagnostics/render.js'
import { compileGenerators } from '../../../src/generate/compile.js'
import { loadScenarios } from '../../../src/scenario/load.js'
import type { JsonSchemaCheck } from '../../../src/scenario/compiled-conversation.js'
import { tempProject } from '../../helpers/temp-dir.js'

const project = (files: Record<string, string>) => tempProject('banter-reply-schema-', files)

async function load(dir: string, paths = ['scenarios']) {
  const suite = await loadScenarios(paths, { cwd: dir })
  await compileGenerators(suite.generators, dir)
  return suite
}

async function problems(dir: string, paths?: string[]) {
  try {
    await load(dir, paths)
  } catch (err) {
    if (!(err instanceof InputError)) throw err
    return err.diagnostics.map((d) => ({
      code: d.code,
      at: d.loc && `${d.loc.file}:${d.loc.line}:${d.loc.col}`,
      message: d.message,
      hint: d.hint,
      text: renderDiagnostic(d),
    }))
  }
  throw new Error('loaded without an error')
}

const scenario = (name: string, reply: string) => `name: ${name}\nturns:\n  - user: my order\n    expect:\n      reply:\n${reply}`
const ORDER_JSON = JSON.stringify({ type: 'object', required: ['status'], properties: { status: { type: 'string' } } }, null, 2)

describe('reply.json_schema in scenario files', () => {
  it('reads a schema file relative to the scenario once, however many scenarios use it', async () => {
    const dir = await project({
      'scenarios/a.yaml': scenario('a', '        json_schema: schemas/order.json\n'),
      'scenarios/b.yaml': scenario('b', '        json_schema: ./schemas/order.json\n'),
      'scenarios/schemas/order.json': ORDER_JSON,
    })
    const suite = await load(dir)
    const checks = suite.conversations.map((c) => c.turns[0]!.checks[0] as JsonSchemaCheck)
    expect(checks.map((c) => c.ref)).toEqual(['schemas/order.json', './schemas/order.json'])
    expect(checks[0]!.validate).toBeTypeOf('function')
    expect(checks[0]!.validate).toBe(checks[1]!.validate)
    expect(checks[0]!.validate!({ status: 'ok' })).toBe(true)
    expect(checks[0]!.validate!({})).toBe(false)
  })

  it('takes a YAML schema file and draft-07 by $schema; a YAML file with $schema among the scenarios is not a scenario', async () => {
    const dir = await project({
      'scenarios/a.yaml': scenario('a', '        json_schema: order.yaml\n'),
      'scenarios/order.yaml': '$schema: "http://json-schema.org/draft-07/schema#"\ntype: object\nrequired: [status]\n',
    })
    const check = (await load(dir)).conversations[0]!.turns[0]!.checks[0] as JsonSchemaCheck
    expect(check.validate!({ status: 1 })).toBe(true)
  })

  it('points at the offending keyword of an invalid inline schema', async () => {
    const dir = await project({
      'scenarios/a.yaml': scenario(
        'a',
        '        json_schema:\n          type: object\n          properties:\n            qty: { type: integr }\n',
      ),
    })
    const [p, ...rest] = await problems(dir)
    expect(rest.filter((r) => r.code === 'REPLY_SCHEMA_INVALID' && r.at !== p!.at)).toEqual([])
    expect(p).toMatchObject({ code: 'REPLY_SCHEMA_INVALID', at: 'scenarios/a.yaml:9:26' })
    expect(p!.message).toContain('json_schema: properties.qty.type must be equal to one of the allowed values')
    expect(p!.text).toContain('qty: { type: integr }')
  })

  it('refuses an unknown keyword, suggesting the closest one', async () => {
    const dir = await project({
      'scenarios/a.yaml': scenario('a', '        json_schema:\n          type: object\n          requried: [status]\n'),
    })
    expect(await problems(dir)).toMatchObject([
      {
        code: 'REPLY_SCHEMA_INVALID',
        at: 'scenarios/a.yaml:8:11',
        message: 'json_schema: unknown keyword "requried"',
        hint: expect.stringContaining('did you mean "required"?'),
      },
    ])
  })

  it('refuses an unknown format, an unresolvable $ref and an unsupported draft', async () => {
    const dir = await project({
      'scenarios/a.yaml': scenario('a', '        json_schema: { type: string, format: telephone }\n'),
      'scenarios/b.yaml': scenario('b', '        json_schema: { $ref: "#/$defs/x" }\n'),
      'scenarios/c.yaml': scenario('c', '        json_schema: { $schema: "http://json-schema.org/draft-04/schema#", type: string }\n'),
      'scenarios/d.yaml': scenario('d', '        json_schema: { $ref: "https://example.com/order.json" }\n'),
    })
    const got = await problems(dir)
    expect(got.map((g) => [g.code, g.at?.split(':')[0]])).toEqual([
      ['REPLY_SCHEMA_INVALID', 'scenarios/a.yaml'],
      ['REPLY_SCHEMA_INVALID', 'scenarios/b.yaml'],
      ['REPLY_SCHEMA_INVALID', 'scenarios/c.yaml'],
      ['REPLY_SCHEMA_INVALID', 'scenarios/d.yaml'],
    ])
    expect(got[0]!.message).toContain('unknown format "telephone"')
    expect(got[1]!.message).toContain('$ref #/$defs/x does not resolve')
    expect(got[2]!.message).toContain('unsupported $schema')
    // A URL is never fetched: only files beside the scenario are read.
    expect(got[3]!.message).toContain('$ref https://example.com/order.json does not resolve')
  })

  it('locates problems of a schema file in that file', async () => {
    const dir = await project({
      'scenarios/a.yaml': scenario('a', '        json_schema: order.json\n'),
      'scenarios/order.json': '{\n  "type": "object",\n  "properties": { "qty": { "minimum": "one" } }\n}\n',
    })
    expect(await problems(dir)).toMatchObject([
      { code: 'REPLY_SCHEMA_INVALID', at: 'scenarios/order.json:3:39', message: expect.stringContaining('must be number') },
    ])
  })

  it('a missing file, a file outside the scenario folder, a symlink out of it, a directory: located errors', async () => {
    const outside = await project({ 'secret.json': '{"type": "object"}' })
    const dir = await project({
      'scenarios/a.yaml': scenario('a', '        json_schema: missing.json\n'),
      'scenarios/b.yaml': scenario('b', '        json_schema: ../../etc/passwd\n'),
      'scenarios/c.yaml': scenario('c', '        json_schema: link.json\n'),
      'scenarios/d.yaml': scenario('d', '        json_schema: folder\n'),
    })
    await symlink(path.join(outside, 'secret.json'), path.join(dir, 'scenarios/link.json'))
    await mkdir(path.join(dir, 'scenarios/folder'))
    const got = await problems(dir)
    expect(got.map((g) => [g.code, g.at])).toEqual([
      ['FILE_NOT_FOUND', 'scenarios/a.yaml:6:9'],
      ['PATH_OUTSIDE_PROJECT', 'scenarios/b.yaml:6:9'],
      ['PATH_OUTSIDE_PROJECT', 'scenarios/c.yaml:6:9'],
      ['FILE_NOT_REGULAR', 'scenarios/d.yaml:6:9'],
    ])
    expect(got[2]!.message).toContain('symlink')
    expect(got[3]!.message).toContain('a directory')
  })

  it('a schema file with a syntax error is located in that file', async () => {
    const dir = await project({
      'scenarios/a.yaml': scenario('a', '        json_schema: order.json\n'),
      'scenarios/order.json': '{\n  "type": "object",,\n}\n',
    })
    expect((await problems(dir))[0]).toMatchObject({ code: 'YAML_SYNTAX', at: expect.stringMatching(/^scenarios\/order\.json:2:/) })
  })

  it('works in generators too', async () => {
    const dir = await project({
      'scenarios/gen.yaml':
        'generator:\n  name: g\n  turns:\n    - user: hi\n      expect:\n        reply:\n          json_schema: nope.json\n',
    })
    expect(await problems(dir)).toMatchObject([{ code: 'FILE_NOT_FOUND', at: 'scenarios/gen.yaml:7:11' }])
  })
})

describe('reply.json_path in scenario files', () => {
  it('a path outside the supported subset is a located error; an undefined variable in a value too', async () => {
    const dir = await project({
      'scenarios/a.yaml': scenario('a', '        json_path:\n          "$.items[?(@.qty > 1)]": 2\n          $.status: "{{wanted}}"\n'),
    })
    const got = await problems(dir)
    expect(got.map((g) => [g.code, g.at])).toEqual([
      ['INVALID_PATH', 'scenarios/a.yaml:7:11'],
      ['UNDEFINED_VARIABLE', 'scenarios/a.yaml:8:11'],
    ])
    expect(got[0]!.hint).toContain('filters and .. are not supported')
  })

  it('compiles one check per path, with the schema-typed values', async () => {
    const dir = await project({
      'scenarios/a.yaml': scenario(
        'a',
        '        json_path:\n          $.status: shipped\n          $.items[0].qty: 2\n          $.gift: null\n',
      ),
    })
    const checks = (await load(dir)).conversations[0]!.turns[0]!.checks
    expect(checks.map((c) => [c.kind, c.loc.line])).toEqual([
      ['json_path', 7],
      ['json_path', 8],
      ['json_path', 9],
    ])
  })
})

describe('reply.json_schema $ref to other files', () => {
  const ADDRESS = JSON.stringify(
    {
      $defs: { zip: { type: 'string', pattern: '^[0-9]{5}$' } },
      type: 'object',
      required: ['zip'],
      properties: { zip: { $ref: '#/$defs/zip' } },
    },
    null,
    2,
  )

  it('follows relative $refs from an inline schema and from schema files (JSON or YAML, nested, cyclic), each file read once', async () => {
    const dir = await project({
      'scenarios/a.yaml': scenario(
        'a',
        '        json_schema: { type: object, properties: { ship_to: { $ref: "schemas/address.json" } } }\n',
      ),
      'scenarios/b.yaml': scenario('b', '        json_schema: schemas/order.json\n'),
      'scenarios/schemas/address.json': ADDRESS,
      // order → address (a fragment of it) and common/status.yaml; status.yaml → back to order (a cycle).
      'scenarios/schemas/order.json': JSON.stringify({
        type: 'object',
        required: ['zip', 'status'],
        properties: { zip: { $ref: 'address.json#/$defs/zip' }, status: { $ref: 'common/status.yaml' } },
        $defs: { item: { type: 'string' } },
      }),
      'scenarios/schemas/common/status.yaml':
        '$schema: https://json-schema.org/draft/2020-12/schema\nenum: [shipped, pending]\n$defs:\n  back: { $ref: "../order.json#/$defs/item" }\n',
    })
    const suite = await load(dir)
    const [inline, file] = suite.conversations.map((c) => c.turns[0]!.checks[0] as JsonSchemaCheck)
    expect(inline!.ref).toBe('inline')
    expect(inline!.validate!({ ship_to: { zip: '12345' } })).toBe(true)
    expect(inline!.validate!({ ship_to: { zip: '1234' } })).toBe(false)
    expect(inline!.validate!({ ship_to: {} })).toBe(false)
    expect(file!.validate!({ zip: '12345', status: 'shipped' })).toBe(true)
    expect(file!.validate!({ zip: '12345', status: 'lost' })).toBe(false)
    expect(file!.validate!({ zip: 'x', status: 'shipped' })).toBe(false)
  })

  it('a violation inside a referenced file is a verdict naming the reply path', async () => {
    const dir = await project({
      'scenarios/a.yaml': scenario('a', '        json_schema: { $ref: "schemas/address.json" }\n'),
      'scenarios/schemas/address.json': ADDRESS,
    })
    const check = (await load(dir)).conversations[0]!.turns[0]!.checks[0] as JsonSchemaCheck
    const { checkJsonSchema } = await import('../../../src/evaluate/json-reply.js')
    const verdicts = checkJsonSchema(check, { zip: 'abc' })
    expect(verdicts).toEqual([
      expect.objectContaining({
        code: 'REPLY_SCHEMA_VIOLATION',
        expected: expect.objectContaining({ json_schema: 'inline', keyword: 'pattern' }),
        actual: { path: '$.zip', value: 'abc' },
      }),
    ])
    expect(JSON.stringify(verdicts)).not.toContain(dir)
  })

  it('a missing file, a path or a symlink out of the scenario folder, from the scenario or from a schema file: located at the $ref', async () => {
    const outside = await project({ 'secret.json': '{"type": "object"}' })
    const dir = await project({
      'scenarios/a.yaml': scenario('a', '        json_schema: { $ref: "schemas/nope.json" }\n'),
      'scenarios/b.yaml': scenario('b', '        json_schema: { $ref: "../secret.json" }\n'),
      'scenarios/c.yaml': scenario('c', '        json_schema: { $ref: "link.json" }\n'),
      'scenarios/d.yaml': scenario('d', '        json_schema: schemas/order.json\n'),
      'scenarios/schemas/order.json':
        '{\n  "type": "object",\n  "properties": { "a": { "$ref": "../../secret.json" }, "b": { "$ref": "gone.yaml#/x" } }\n}\n',
      'secret.json': '{}',
    })
    await symlink(path.join(outside, 'secret.json'), path.join(dir, 'scenarios/link.json'))
    const got = await problems(dir)
    expect(got.map((g) => [g.code, g.at])).toEqual([
      ['FILE_NOT_FOUND', 'scenarios/a.yaml:6:30'],
      ['PATH_OUTSIDE_PROJECT', 'scenarios/b.yaml:6:30'],
      ['PATH_OUTSIDE_PROJECT', 'scenarios/c.yaml:6:30'],
      ['PATH_OUTSIDE_PROJECT', 'scenarios/schemas/order.json:3:34'],
      ['FILE_NOT_FOUND', 'scenarios/schemas/order.json:3:72'],
    ])
    expect(got[0]!.message).toBe('json_schema: $ref "schemas/nope.json": file not found: scenarios/schemas/nope.json')
    expect(got[1]!.message).toContain('$ref "../secret.json" is outside the scenario\'s folder')
    expect(got[2]!.message).toContain('symlink')
    expect(got[4]!.message).toContain('file not found: scenarios/schemas/gone.yaml')
    expect(got[0]!.text).toContain('^^^^^^^^^^^^^^^^^^^')
  })

  it('a fragment that is not in the file, a bad keyword or a syntax error in a referenced file, another draft: located errors', async () => {
    const dir = await project({
      'scenarios/a.yaml': scenario('a', '        json_schema: { $ref: "address.json#/$defs/street" }\n'),
      'scenarios/b.yaml': scenario('b', '        json_schema: { $ref: "typo.json" }\n'),
      'scenarios/c.yaml': scenario('c', '        json_schema: { $ref: "broken.json" }\n'),
      'scenarios/d.yaml': scenario('d', '        json_schema: { $ref: "draft7.json" }\n'),
      'scenarios/e.yaml': scenario('e', '        json_schema: { $ref: "bad-value.json" }\n'),
      'scenarios/address.json': ADDRESS,
      'scenarios/typo.json': '{\n  "type": "object",\n  "requried": ["zip"]\n}\n',
      'scenarios/broken.json': '{\n  "type": "object",,\n}\n',
      'scenarios/draft7.json': '{ "$schema": "http://json-schema.org/draft-07/schema#", "type": "object" }',
      'scenarios/bad-value.json': '{\n  "minimum": "one"\n}\n',
    })
    const got = await problems(dir)
    expect(got.map((g) => [g.code, g.at?.replace(/:\d+$/, '')])).toEqual([
      ['REPLY_SCHEMA_INVALID', 'scenarios/a.yaml:6'],
      ['REPLY_SCHEMA_INVALID', 'scenarios/bad-value.json:2'],
      ['YAML_SYNTAX', 'scenarios/broken.json:2'],
      ['REPLY_SCHEMA_INVALID', 'scenarios/draft7.json:1'],
      ['REPLY_SCHEMA_INVALID', 'scenarios/typo.json:3'],
    ])
    expect(got[0]!.message).toBe('json_schema: $ref address.json#/$defs/street does not resolve')
    expect(got[3]!.message).toBe('json_schema: this file is JSON Schema draft-07, the schema referring to it 2020-12')
    expect(got[3]!.hint).toContain('same draft')
    expect(got[4]!.message).toBe('json_schema: unknown keyword "requried"')
    expect(got[4]!.hint).toContain('did you mean "required"?')
  })
})
