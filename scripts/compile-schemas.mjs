// Build step (after tsc): compiles the shipped JSON Schemas into standalone ajv validators,
// dist/scenario/schema-validators.cjs, so banter does not compile them at every start-up. The
// schemas stay the source of truth: each validator is stored with the fingerprint of the schema
// text it came from, and src/scenario/schema.ts compiles at run time when that no longer matches.
// CommonJS, so schema.ts can load it synchronously (createRequire).
import { readFile, writeFile } from 'node:fs/promises'
import { pathToFileURL } from 'node:url'
import standaloneCode from 'ajv/dist/standalone/index.js'
// The compiled module, so the options are exactly the ones the run-time fallback uses.
import { createAjv, schemaFingerprint } from '../dist/scenario/ajv.js'

const NAMES = ['scenario', 'config', 'report']
const ROOT = new URL('../', import.meta.url)
const OUT = new URL('dist/scenario/schema-validators.cjs', ROOT)

/** The module's source: `exports.<name>` validators plus `exports.fingerprints`. */
export async function validatorsModule(names = NAMES) {
  // Compiling validates each schema against the 2020-12 meta-schema, so a broken schema fails the build.
  const ajv = createAjv({ code: { source: true } })
  const exportsById = {}
  const fingerprints = {}
  for (const name of names) {
    const text = await readFile(new URL(`schema/${name}.schema.json`, ROOT), 'utf8')
    const schema = JSON.parse(text)
    ajv.compile(schema)
    exportsById[name] = schema.$id
    fingerprints[name] = schemaFingerprint(text)
  }
  return `${standaloneCode(ajv, exportsById)}\nexports.fingerprints = ${JSON.stringify(fingerprints)};\n`
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  await writeFile(OUT, await validatorsModule())
}
