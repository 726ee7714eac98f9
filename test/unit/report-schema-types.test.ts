import { describe, expect, expectTypeOf, it } from 'vitest'
import type * as Schema from '../../src/report/types.generated.js'
import type { RunReport } from '../../src/report/model.js'
import type { Verdict } from '../../src/report/verdict.js'

/*
 * schema/report.schema.json is the one source of truth for the JSON report; src/report/model.ts
 * builds on the types generated from it (npm run gen:types, checked by schema-types.test.ts) and
 * says more only about verdicts (each code with its expected/actual shape, src/report/verdict.ts).
 * `npm run typecheck` fails here when what the code builds is not a valid report, or when the two
 * disagree on a field or a check kind.
 */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
/** Arrays stand for their items; optional stands for present. */
type Norm<T> = NonNullable<T> extends readonly (infer E)[] ? Norm<E> : NonNullable<T>
/**
 * Every dotted key path of a type (`cases.turns.reply.intent`), to catch an optional field added on
 * one side only; a verdict's `expected` and `actual` are any JSON value in the schema, so their
 * insides are not compared.
 */
type Paths<T, Depth extends unknown[] = []> = Depth['length'] extends 8
  ? never
  : Norm<T> extends object
    ? {
        [K in keyof Norm<T> & string]: K | (K extends 'expected' | 'actual' ? never : `${K}.${Paths<Norm<T>[K], [...Depth, 1]>}`)
      }[keyof Norm<T> & string]
    : never

describe('the report schema and src/report/model.ts', () => {
  it('describe the same report, field for field (checked by npm run typecheck)', () => {
    const valid: Same<RunReport, RunReport & Schema.RunReport> = true
    expect(valid).toBe(true)
    expectTypeOf<RunReport>().toExtend<Schema.RunReport>()
    expectTypeOf<Paths<RunReport>>().toEqualTypeOf<Paths<Schema.RunReport>>()
    expectTypeOf<keyof RunReport>().toEqualTypeOf<keyof Schema.RunReport>()
    expectTypeOf<keyof RunReport['run']>().toEqualTypeOf<keyof Schema.RunReport['run']>()
    expectTypeOf<keyof RunReport['cases'][number]>().toEqualTypeOf<keyof Schema.RunReport['cases'][number]>()
    expectTypeOf<keyof RunReport['cases'][number]['turns'][number]>().toEqualTypeOf<
      keyof Schema.RunReport['cases'][number]['turns'][number]
    >()
    expectTypeOf<keyof NonNullable<RunReport['metrics']>>().toEqualTypeOf<keyof NonNullable<Schema.RunReport['metrics']>>()
    expectTypeOf<keyof NonNullable<RunReport['metricState']>['parts']>().toEqualTypeOf<
      keyof NonNullable<Schema.RunReport['metricState']>['parts']
    >()
  })

  it('type a verdict for every check kind of the schema, each a valid schema verdict', () => {
    expectTypeOf<Verdict>().toExtend<Schema.Verdict>()
    expectTypeOf<Verdict['check']>().toEqualTypeOf<Schema.Verdict['check']>()
    expectTypeOf<keyof Verdict>().toEqualTypeOf<keyof Schema.Verdict>()
  })
})
