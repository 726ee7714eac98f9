import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
// @ts-expect-error -- a plain .mjs build script without type declarations
import { generate, TARGETS } from '../../scripts/gen-types.mjs'

describe('the JSON Schemas are the source of truth for the TypeScript types', () => {
  for (const { schema, out } of TARGETS as { schema: string; out: string }[]) {
    it(`${out} is what ${schema} generates (run npm run gen:types after changing the schema)`, async () => {
      expect(readFileSync(out, 'utf8')).toBe(await generate(schema))
    })
  }
})
