import { describe, expect, expectTypeOf, it } from 'vitest'
import type { RunReport as SchemaReport } from '../../src/report/types.generated.js'
import type { RunReport } from '../../src/report/model.js'

/*
 * schema/report.schema.json is the one source of truth for the JSON report; src/report/model.ts is the
 * hand-written model the code builds. The types generated from the schema (npm run gen:types,
 * checked by schema-types.test.ts) and the model must describe the same data: `npm run typecheck`
 * fails here when a field is added to one and not the other.
 */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
/** Arrays stand for their items; optional stands for present. */
type Norm<T> = NonNullable<T> extends readonly (infer E)[] ? Norm<E> : NonNullable<T>
/** Every dotted key path of a type (`cases.turns.reply.intent`), to catch an optional field added on one side only. */
type Paths<T, Depth extends unknown[] = []> = Depth['length'] extends 8 ? never
  : Norm<T> extends object
    ? { [K in keyof Norm<T> & string]: K | `${K}.${Paths<Norm<T>[K], [...Depth, 1]>}` }[keyof Norm<T> & string]
    : never

describe('the report schema and src/report/model.ts', () => {
  it('describe the same report, field for field (checked by npm run typecheck)', () => {
    const same: Same<RunReport, SchemaReport> = true
    expect(same).toBe(true)
    expectTypeOf<RunReport>().toExtend<SchemaReport>()
    expectTypeOf<SchemaReport>().toExtend<RunReport>()
    expectTypeOf<Paths<RunReport>>().toEqualTypeOf<Paths<SchemaReport>>()
    expectTypeOf<keyof RunReport>().toEqualTypeOf<keyof SchemaReport>()
    expectTypeOf<keyof RunReport['run']>().toEqualTypeOf<keyof SchemaReport['run']>()
    expectTypeOf<keyof RunReport['cases'][number]>().toEqualTypeOf<keyof SchemaReport['cases'][number]>()
    expectTypeOf<keyof RunReport['cases'][number]['turns'][number]>().toEqualTypeOf<keyof SchemaReport['cases'][number]['turns'][number]>()
    expectTypeOf<keyof NonNullable<RunReport['metrics']>>().toEqualTypeOf<keyof NonNullable<SchemaReport['metrics']>>()
    expectTypeOf<keyof NonNullable<RunReport['metricState']>['parts']>().toEqualTypeOf<keyof NonNullable<SchemaReport['metricState']>['parts']>()
  })
})
