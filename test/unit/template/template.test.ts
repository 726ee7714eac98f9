import { describe, expect, it } from 'vitest'
import { compileTemplate, placeholders, renderTemplate, renderValue } from '../../../src/template/template.js'
import { compileJsonTemplate, renderJsonTemplate } from '../../../src/template/json-template.js'
import { compilePath, PathSyntaxError, select, selectAll } from '../../../src/template/path.js'

describe('templates', () => {
  it('substitutes variables, dotted paths and keeps other text', () => {
    const t = compileTemplate('Order {{ order_id }} for {{user.name}}: {{missing}}!')
    expect(placeholders(t).map((p) => p.name)).toEqual(['order_id', 'user.name', 'missing'])
    expect(renderTemplate(t, { order_id: 12345, user: { name: 'Ann' } })).toBe('Order 12345 for Ann: !')
  })

  it('leaves things that are not placeholders alone and never evaluates code', () => {
    const t = compileTemplate('{{ process.exit(1) }} {{}} {single} {{a b}}')
    expect(placeholders(t)).toEqual([])
    expect(renderTemplate(t, {})).toBe('{{ process.exit(1) }} {{}} {single} {{a b}}')
  })

  it('keeps the type of a value when the template is exactly one placeholder', () => {
    expect(renderValue(compileTemplate('{{n}}'), { n: 42 })).toBe(42)
    expect(renderValue(compileTemplate('n={{n}}'), { n: 42 })).toBe('n=42')
  })

  it('renders JSON bodies with typed placeholders', () => {
    const body = compileJsonTemplate({
      sender: '{{session_id}}',
      text: 'say: {{message}}',
      meta: { turn: '{{turn}}', fixed: true },
      list: ['{{message}}'],
    })
    expect(renderJsonTemplate(body, { session_id: 's1', message: 'hi', turn: 2 })).toEqual({
      sender: 's1',
      text: 'say: hi',
      meta: { turn: 2, fixed: true },
      list: ['hi'],
    })
  })

  it('sends a body key named __proto__ as a key, in order, like any other', () => {
    const body = compileJsonTemplate(JSON.parse('{"__proto__": "{{message}}", "constructor": 1, "text": "x"}'))
    expect(JSON.stringify(renderJsonTemplate(body, { message: 'hi' }))).toBe('{"__proto__":"hi","constructor":1,"text":"x"}')
  })
})

describe('paths', () => {
  const body = {
    intent: { name: 'greeting', confidence: 0.9 },
    entities: [
      { type: 'order_id', value: '1' },
      { type: 'email', value: 'a@b.c' },
    ],
    'odd key': 1,
  }

  it.each([
    ['$.intent.name', 'greeting'],
    ['intent.confidence', 0.9],
    ['$.entities[1].value', 'a@b.c'],
    ['$.entities[-1].type', 'email'],
    ['$.entities[*].type', ['order_id', 'email']],
    ["$['odd key']", 1],
    ['$.nothing.here', undefined],
    ['$.entities[9].value', undefined],
    ['$.intent.name.deeper', undefined],
    ['$.entities.type', undefined],
    ['$.intent[0]', undefined],
    ['$.entities[-3].type', undefined],
    ['$.entities[0]', { type: 'order_id', value: '1' }],
    ['$.toString', undefined],
    ['$', body],
  ])('%s', (source, expected) => {
    expect(select(compilePath(source), body)).toEqual(expected)
  })

  it('reads the same value through a single path as the first of selectAll, on any shape of body', () => {
    const bodies: unknown[] = [
      body,
      null,
      'text',
      3,
      [body, body],
      { intent: null },
      { entities: { 0: 'x', '-1': 'y' } },
      { a: [[1, 2], [3]] },
    ]
    const paths = [
      '$.intent.name',
      '$.entities[0].type',
      '$.entities[-1]',
      '$.a[0][1]',
      '$.a[-1][0]',
      "$['intent']",
      '$[0].intent',
      '$.missing',
    ]
    for (const b of bodies)
      for (const p of paths) {
        const path = compilePath(p)
        expect(select(path, b), `${p} of ${JSON.stringify(b)}`).toEqual(selectAll(path, b)[0])
      }
  })

  it.each(['$.a[b', '$.a..b', '$.a[1.5]', '$ a'])('rejects %s with a PathSyntaxError', (source) => {
    expect(() => compilePath(source)).toThrow(PathSyntaxError)
  })
})
