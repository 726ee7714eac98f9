import { readFileSync } from 'node:fs'
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js'
import { packagePath } from '../util/package-files.js'

let ajv: Ajv2020 | undefined
const compiled = new Map<string, ValidateFunction>()

/**
 * The ajv validator for one of the shipped schemas (`scenario`, `config`), compiled once per
 * process. `allErrors` so a file's problems are all reported in one go; `verbose` so errors carry
 * the offending data and schema for good messages.
 */
export function schemaValidator(name: 'scenario' | 'config'): ValidateFunction {
  let validate = compiled.get(name)
  if (!validate) {
    if (!ajv) {
      ajv = new Ajv2020({ allErrors: true, verbose: true, strict: true, strictRequired: false, allowUnionTypes: true })
      // json-schema-to-typescript's annotation for union types; meaningless to validation. Added
      // once per Ajv instance: adding it again throws, which broke loading a config and scenarios.
      ajv.addKeyword('tsType')
    }
    const schema = JSON.parse(readFileSync(packagePath(`schema/${name}.schema.json`), 'utf8')) as object
    validate = ajv.compile(schema)
    compiled.set(name, validate)
  }
  return validate
}
