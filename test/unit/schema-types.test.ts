import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
// @ts-expect-error -- a plain .mjs build script without type declarations
import { generate, TARGETS } from '../../scripts/gen-types.mjs'

describe('the JSON Schemas are the source of truth for the TypeScript types', () => {
  for (const target of TARGETS as { schema: string; out: string }[]) {
    it(`${target.out} and its parts are what ${target.schema} generates (run npm run gen:types after changing the schema)`, async () => {
      const files = (await generate(target)) as Map<string, string>
      expect(files.size).toBeGreaterThan(1)
      for (const [file, text] of files) expect(readFileSync(file, 'utf8'), file).toBe(text)
    })
  }
})
