import { describe, expect, it } from 'vitest'
import { evaluateTurn } from '../../../src/evaluate/evaluate-turn.js'
import { describeVerdict } from '../../../src/evaluate/describe.js'
import { MAX_VIOLATIONS } from '../../../src/evaluate/json-reply.js'
import { parseYaml } from '../../../src/diagnostics/yaml-source.js'
import type { Check, PlannedTurn } from '../../../src/scenario/compiled-conversation.js'
import { compileReplySchema } from '../../../src/scenario/reply-schema.js'
import { compilePath } from '../../../src/template/path.js'
import { compileTemplate } from '../../../src/template/template.js'
import type { AssistantReply } from '../../../src/report/model.js'

const loc = { file: 's.yaml', line: 3, col: 7 }
const ORDER_SCHEMA = {
  type: 'object',
  required: ['status', 'items'],
  additionalProperties: false,
  properties: {
    status: { enum: ['pending', 'shipped', 'delivered'] },
    email: { type: 'string', format: 'email' },
    items: {
      type: 'array',
      minItems: 1,
      items: { type: 'object', required: ['sku', 'qty'], properties: { sku: { type: 'string' }, qty: { type: 'integer', minimum: 1 } } },
    },
  },
}

function schemaCheck(schema: unknown = ORDER_SCHEMA): Check {
  const source = parseYaml('s.yaml', 'x: 1\n').source
  const validate = compileReplySchema(schema, { source, path: [] })
  if (Array.isArray(validate)) throw new Error(validate[0]!.message)
  return { kind: 'json_schema', loc, ref: 'inline', validate }
}

function pathCheck(path: string, value: string | number | boolean | null): Check {
  return {
    kind: 'json_path',
    loc,
    path: compilePath(path),
    value: value === null ? null : { text: compileTemplate(String(value)), shown: value },
  }
}

function verdicts(text: string, checks: Check[], scope: Record<string, unknown> = {}) {
  const reply: AssistantReply = { text, entities: [], body: {} }
  const turn: PlannedTurn = { index: 0, message: compileTemplate('x'), loc, checks, captures: [] }
  return evaluateTurn(turn, reply, 10, scope)
}

describe('reply.json_schema', () => {
  it('passes a reply that is valid JSON for the schema', () => {
    const v = verdicts('{"status":"shipped","items":[{"sku":"A1","qty":2}],"email":"a@example.com"}', [schemaCheck()])
    expect(v).toMatchObject([{ check: 'json_schema', pass: true, code: 'REPLY_SCHEMA_OK', loc }])
  })

  it('gives each violation its own verdict, naming the path in the reply and the schema keyword', () => {
    const v = verdicts('{"items":[{"sku":"A1","qty":0},{"qty":"2"}],"status":"lost","colour":"red","email":"nope"}', [schemaCheck()])
    const shown = v.map((x) => [x.code, (x.actual as { path: string }).path, (x.expected as { keyword: string }).keyword])
    expect(shown).toEqual(
      expect.arrayContaining([
        ['REPLY_SCHEMA_VIOLATION', '$.colour', 'additionalProperties'],
        ['REPLY_SCHEMA_VIOLATION', '$.status', 'enum'],
        ['REPLY_SCHEMA_VIOLATION', '$.email', 'format'],
        ['REPLY_SCHEMA_VIOLATION', '$.items[0].qty', 'minimum'],
        ['REPLY_SCHEMA_VIOLATION', '$.items[1].sku', 'required'],
        ['REPLY_SCHEMA_VIOLATION', '$.items[1].qty', 'type'],
      ]),
    )
    expect(v.every((x) => !x.pass && x.loc === loc)).toBe(true)
    const qty = v.find((x) => (x.actual as { path: string }).path === '$.items[0].qty')!
    expect(qty.actual).toEqual({ path: '$.items[0].qty', value: 0 })
    expect(qty.expected).toMatchObject({
      json_schema: 'inline',
      keyword: 'minimum',
      schema_path: '#/properties/items/items/properties/qty/minimum',
    })
    expect(describeVerdict(qty)).toBe(
      'json_schema: $.items[0].qty must be >= 1 (keyword "minimum" at #/properties/items/items/properties/qty/minimum)',
    )
    // A missing required field is named by its own path, with no value.
    expect(v.find((x) => (x.expected as { keyword: string }).keyword === 'required')!.actual).toEqual({ path: '$.items[1].sku' })
  })

  it('lists at most MAX_VIOLATIONS violations and counts the rest in one more verdict', () => {
    const schema = { type: 'array', items: { type: 'integer' } }
    const v = verdicts(JSON.stringify(Array.from({ length: 50 }, (_, i) => `n${i}`)), [schemaCheck(schema)])
    expect(v).toHaveLength(MAX_VIOLATIONS + 1)
    expect(v.at(-1)).toMatchObject({ code: 'REPLY_SCHEMA_MORE_VIOLATIONS', actual: 50 - MAX_VIOLATIONS, pass: false })
    expect(describeVerdict(v.at(-1)!)).toBe(`json_schema: ${50 - MAX_VIOLATIONS} more violations not listed`)
  })

  it('shows long values in a violation as the start of their JSON', () => {
    const v = verdicts(JSON.stringify({ status: 'x'.repeat(5000), items: [] }), [schemaCheck()])
    const status = v.find((x) => (x.actual as { path: string }).path === '$.status')!
    expect(String((status.actual as { value: string }).value).length).toBeLessThan(300)
  })
})

describe('a reply that is not JSON', () => {
  it('is one failed verdict, however many JSON checks the turn has', () => {
    const v = verdicts('Your order has shipped!', [schemaCheck(), pathCheck('$.status', 'shipped'), pathCheck('$.items[0].qty', 2)])
    expect(v).toHaveLength(1)
    expect(v[0]).toMatchObject({ check: 'json_schema', pass: false, code: 'REPLY_NOT_JSON', actual: { text: 'Your order has shipped!' } })
    expect(describeVerdict(v[0]!)).toMatch(/^json_schema: the reply is not JSON \(/)
  })

  it('says so when the JSON is wrapped in a Markdown code block', () => {
    const v = verdicts('```json\n{"status":"shipped"}\n```', [pathCheck('$.status', 'shipped')])
    expect(v[0]).toMatchObject({ code: 'REPLY_NOT_JSON' })
    expect((v[0]!.actual as { error: string }).error).toContain('Markdown code block')
  })

  it('refuses JSON nested too deeply instead of overflowing the stack', () => {
    const v = verdicts(`${'['.repeat(100_000)}${']'.repeat(100_000)}`, [schemaCheck({ type: 'array' })])
    expect(v[0]).toMatchObject({ code: 'REPLY_NOT_JSON' })
    expect((v[0]!.actual as { error: string }).error).toMatch(/nested deeper than/)
  })

  it("does not stop the turn's other checks", () => {
    const reply = [
      { kind: 'reply', loc, op: 'contains', text: compileTemplate('shipped'), ignoreCase: false } as Check,
      pathCheck('$.status', 'shipped'),
    ]
    expect(verdicts('it shipped', reply).map((v) => v.code)).toEqual(['REPLY_CONTAINS_OK', 'REPLY_NOT_JSON'])
  })
})

describe('reply.json_path', () => {
  const order = JSON.stringify({
    status: 'shipped',
    total: 250.5,
    paid: true,
    note: null,
    items: [
      { sku: 'A1', qty: 2 },
      { sku: 'B2', qty: 2 },
    ],
    'odd key': 'x',
  })
  const one = (path: string, value: string | number | boolean | null, scope = {}) => verdicts(order, [pathCheck(path, value)], scope)[0]!

  it('compares values as entity values are: as text, numbers as numbers', () => {
    expect(one('$.status', 'shipped')).toMatchObject({
      pass: true,
      code: 'REPLY_JSON_PATH_OK',
      expected: { path: '$.status', equals: 'shipped' },
      actual: 'shipped',
    })
    expect(one('$.items[0].qty', 2).pass).toBe(true)
    expect(one('$.items[0].qty', '2').pass).toBe(true)
    expect(one('$.total', '250.50').pass).toBe(true)
    expect(one('$.paid', true).pass).toBe(true)
    expect(one("$['odd key']", 'x').pass).toBe(true)
    expect(one('$.items[-1].sku', 'B2').pass).toBe(true)
    expect(one('$.status', '{{want}}', { want: 'shipped' }).pass).toBe(true)
  })

  it('fails on another value, a missing field, a null where a value is wanted', () => {
    expect(one('$.status', 'delivered')).toMatchObject({ pass: false, code: 'REPLY_JSON_PATH_MISMATCH', actual: 'shipped' })
    expect(describeVerdict(one('$.status', 'delivered'))).toBe('json_path: $.status: expected "delivered", got "shipped"')
    expect(one('$.items[5].qty', 2)).toMatchObject({ pass: false, code: 'REPLY_JSON_PATH_MISSING' })
    expect(one('$.tracking', 'x').code).toBe('REPLY_JSON_PATH_MISSING')
    expect(one('$.note', 'null').pass).toBe(false)
    expect(one('$.note', null).pass).toBe(true)
    expect(one('$.status', null).pass).toBe(false)
    expect(one('$.items', '[object Object]').pass).toBe(false)
  })

  it('a [*] path needs at least one value, and every value must match', () => {
    expect(one('$.items[*].qty', 2)).toMatchObject({ pass: true, actual: [2, 2] })
    expect(one('$.items[*].sku', 'A1')).toMatchObject({ pass: false, code: 'REPLY_JSON_PATH_MISMATCH', actual: ['A1', 'B2'] })
    expect(one('$.missing[*].sku', 'A1').code).toBe('REPLY_JSON_PATH_MISSING')
  })
})
