import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { compileMapping, mapReply } from '../../src/adapters/response-mapping.js'
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js'
import { renderDiagnostic } from '../../src/diagnostics/render.js'
import { describeVerdict } from '../../src/evaluate/describe.js'
import { captureValues, evaluateTurn } from '../../src/evaluate/evaluate-turn.js'
import type { AssistantReply } from '../../src/report/model.js'
import type { Check, PlannedTurn } from '../../src/scenario/compiled-conversation.js'
import { compileJsonTemplate, renderJsonTemplate } from '../../src/template/json-template.js'
import { compilePath, PathSyntaxError, select, selectAll } from '../../src/template/path.js'
import { compileTemplate, renderTemplate, renderValue } from '../../src/template/template.js'

const loc = { file: 'p.yaml', line: 1, col: 1 }
const scope = fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue(), { maxKeys: 5 })
const templateText = fc
  .array(
    fc.oneof(
      fc.constantFrom('{{', '}}', '{{a}}', '{{a.b}}', '{{ vars.x }}', '{{__proto__}}', '{{constructor}}', '{{a.0}}', '.'),
      fc.string({ maxLength: 6 }),
    ),
    { maxLength: 12 },
  )
  .map((p) => p.join(''))
const pathText = fc
  .array(
    fc.oneof(
      fc.constantFrom('$', '.', '[', ']', '*', '[0]', '["k"]', "['k']", '[-1]', '..', 'a', '__proto__', 'constructor'),
      fc.string({ maxLength: 4 }),
    ),
    { maxLength: 10 },
  )
  .map((p) => p.join(''))

describe('templating never throws and never evaluates code', () => {
  it('compile and render any text against any scope', () => {
    fc.assert(
      fc.property(templateText, scope, (text, s) => {
        const t = compileTemplate(text)
        expect(typeof renderTemplate(t, s)).toBe('string')
        renderValue(t, s)
        renderJsonTemplate(compileJsonTemplate({ text, list: [text] }), s)
      }),
      { numRuns: 2000 },
    )
  })

  it('placeholders that look like code are rendered as names, never run', () => {
    const hostile = [
      "{{constructor.constructor('return process')()}}",
      '{{this.constructor}}',
      '{{__proto__.polluted}}',
      "{{ require('fs') }}",
      '{{a;b}}',
      '${process.exit(1)}',
    ]
    for (const text of hostile) {
      const out = renderTemplate(compileTemplate(text), { a: { b: 1 } })
      expect(out).not.toMatch(/function|native code|\[object/)
    }
    expect(renderTemplate(compileTemplate('{{constructor}}-{{__proto__}}-{{toString}}'), {})).toBe('--')
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })
})

describe('paths compile to a result or a PathSyntaxError, and select never throws', () => {
  it('any path text, any document', () => {
    fc.assert(
      fc.property(pathText, fc.anything(), (text, doc) => {
        let compiled
        try {
          compiled = compilePath(text)
        } catch (err) {
          expect(err).toBeInstanceOf(PathSyntaxError)
          return
        }
        select(compiled, doc)
        expect(Array.isArray(selectAll(compiled, doc))).toBe(true)
      }),
      { numRuns: 2000 },
    )
  })

  it('a path through __proto__ or constructor finds nothing inherited', () => {
    expect(select(compilePath('$.__proto__'), {})).toBeUndefined()
    expect(select(compilePath('$.constructor.name'), {})).toBeUndefined()
  })
})

const names = fc.array(fc.string({ maxLength: 6 }).map(compileTemplate), { maxLength: 3 })
const check: fc.Arbitrary<Check> = fc.oneof(
  fc.record({
    kind: fc.constant('intent' as const),
    loc: fc.constant(loc),
    names,
    minConfidence: fc.option(fc.double(), { nil: undefined }),
  }),
  fc.record({ kind: fc.constant('action' as const), loc: fc.constant(loc), names }),
  fc.record({
    kind: fc.constant('entities' as const),
    loc: fc.constant(loc),
    strict: fc.boolean(),
    items: fc.array(fc.record({ type: fc.string(), value: fc.option(templateText.map(compileTemplate), { nil: undefined }) }), {
      maxLength: 3,
    }),
  }),
  fc.record({
    kind: fc.constant('reply' as const),
    loc: fc.constant(loc),
    op: fc.constantFrom('equals' as const, 'contains' as const, 'not_contains' as const),
    text: templateText.map(compileTemplate),
    ignoreCase: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant('reply' as const),
    loc: fc.constant(loc),
    op: fc.constant('matches' as const),
    pattern: fc.constantFrom(/a/, /^$/, /[\s\S]*/u, /x+y/i),
  }),
  fc.record({ kind: fc.constant('latency' as const), loc: fc.constant(loc), maxMs: fc.double() }),
)

describe('matchers and the response mapping never throw', () => {
  it('any response body maps to a reply; any check of it gives verdicts that describe', () => {
    const mapping = compileMapping()
    fc.assert(
      fc.property(fc.anything(), fc.array(check, { maxLength: 4 }), scope, fc.double(), (body, checks, s, latency) => {
        const reply: AssistantReply = mapReply(mapping, body)
        const turn: PlannedTurn = {
          index: 0,
          message: compileTemplate('hi'),
          loc,
          checks,
          captures: [{ name: 'c', path: compilePath('$.a[0]'), loc }],
        }
        const verdicts = evaluateTurn(turn, reply, latency, s)
        expect(verdicts).toHaveLength(checks.length)
        for (const v of verdicts) {
          expect(typeof v.pass).toBe('boolean')
          expect(typeof describeVerdict(v)).toBe('string')
        }
        captureValues(turn, reply)
      }),
      { numRuns: 1500 },
    )
  })
})

describe('the diagnostics renderer never throws', () => {
  it('any message, position, length and line text', () => {
    const diagnostic: fc.Arbitrary<Diagnostic> = fc.record({
      code: fc.string(),
      message: fc.string(),
      hint: fc.option(fc.string(), { nil: undefined }),
      loc: fc.option(
        fc.record({ file: fc.string(), line: fc.integer(), col: fc.oneof(fc.integer(), fc.constantFrom(NaN, Infinity, -Infinity)) }),
        { nil: undefined },
      ),
      length: fc.option(fc.oneof(fc.integer(), fc.constant(NaN)), { nil: undefined }),
      lineText: fc.option(fc.string({ maxLength: 400 }), { nil: undefined }),
    })
    fc.assert(
      fc.property(diagnostic, (d) => {
        expect(renderDiagnostic(d)).toContain(`error[${d.code}]`)
      }),
      { numRuns: 2000 },
    )
  })
})
