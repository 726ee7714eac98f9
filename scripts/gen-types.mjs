// Regenerates the TypeScript types of the scenario, config and report formats from their JSON Schemas
// (the source of truth). `npm run gen:types` writes them; test/unit/schema-types.test.ts fails
// when the committed files drift from what this would write.
import { readFile, writeFile } from 'node:fs/promises'
import { compile } from 'json-schema-to-typescript'

export const TARGETS = [
  { schema: 'schema/scenario.schema.json', out: 'src/core/scenario.types.generated.ts' },
  { schema: 'schema/config.schema.json', out: 'src/core/config.types.generated.ts' },
  { schema: 'schema/report.schema.json', out: 'src/report/types.generated.ts' },
]

export async function generate(schemaPath) {
  const schema = JSON.parse(await readFile(schemaPath, 'utf8'))
  return compile(schema, schema.title ?? 'Root', {
    bannerComment: `/* Generated from ${schemaPath} by scripts/gen-types.mjs: do not edit; run npm run gen:types. */`,
    unreachableDefinitions: true,
    ignoreMinAndMaxItems: true,
    additionalProperties: false,
    strictIndexSignatures: false,
    format: true,
    style: { semi: false, singleQuote: true },
    cwd: 'schema',
  })
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const t of TARGETS) {
    await writeFile(t.out, await generate(t.schema))
    console.log(`wrote ${t.out}`)
  }
}
