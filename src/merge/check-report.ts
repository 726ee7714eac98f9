import type { ErrorObject } from 'ajv'
import { inputError } from '../core/errors.js'
import type { RunReport } from '../report/model.js'
import { schemaValidator } from '../scenario/schema.js'

/** The report versions `banter merge` and `banter compare` understand. */
const SUPPORTED_VERSIONS: readonly number[] = [1]

const HINT = 'pass the files written by --reporter json'
/** Schema errors listed in one message; the rest are counted. */
const SHOWN = 3

/**
 * Checks parsed JSON against schema/report.schema.json (the report format's one source of truth)
 * and the rules a schema cannot say (a shard index within its total). Anything else is an input
 * error (exit 2) naming the file and the JSON path of each problem, such as
 * `shard-2.json: cases[3].turns[0]: must have property "index"`.
 */
export function checkReport(value: unknown, file: string): RunReport {
  const r = value as { tool?: { name?: unknown }; version?: unknown } | null
  if (typeof r !== 'object' || r === null || Array.isArray(r)) throw notBanter(file, `expected a JSON object, got ${typeName(value)}`)
  if (typeof r.tool !== 'object' || r.tool === null || r.tool.name !== 'banter') throw notBanter(file, 'tool.name is not "banter"')
  if (!SUPPORTED_VERSIONS.includes(r.version as number)) {
    throw inputError(
      'REPORT_VERSION',
      `${file}: report version ${JSON.stringify(r.version) ?? 'missing'} is not supported (this banter reads version ${SUPPORTED_VERSIONS.join(', ')})`,
      'use reports written by the same banter version',
    )
  }
  const validate = schemaValidator('report')
  if (!validate(value)) {
    const errors = validate.errors ?? []
    const problems = simplify(errors)
    const shown = problems
      .slice(0, SHOWN)
      .map((e) => describeError(e, errors))
      .join('; ')
    const more = problems.length > SHOWN ? ` (and ${problems.length - SHOWN} more)` : ''
    throw inputError(
      'REPORT_INVALID',
      `${file}: not a valid banter report: ${shown}${more}`,
      `${HINT}; the format is schema/report.schema.json`,
    )
  }
  const report = value as RunReport
  const shard = report.run.shard
  if (shard && shard.index > shard.total)
    throw inputError(
      'REPORT_INVALID',
      `${file}: not a valid banter report: run.shard: index ${shard.index} is greater than total ${shard.total}`,
      'shards are --shard i/n with 1 <= i <= n',
    )
  for (const name of ['response_time', 'attempt_time', 'time_to_first_token'] as const) {
    const l = report.metricState?.parts[name]
    if (l && l.us.length !== l.counts.length)
      throw inputError(
        'REPORT_INVALID',
        `${file}: not a valid banter report: metricState.parts.${name}: us has ${l.us.length} values but counts has ${l.counts.length}`,
        HINT,
      )
  }
  return report
}

function notBanter(file: string, what: string): Error {
  return inputError('REPORT_NOT_BANTER', `${file}: not a banter JSON report (${what})`, HINT)
}

/** `/cases/0/turns/1` → `cases[0].turns[1]`; the root is `(report)`. */
export function jsonPath(pointer: string): string {
  if (pointer === '') return '(report)'
  return pointer
    .slice(1)
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((out, part) => {
      if (/^\d+$/.test(part)) return `${out}[${part}]`
      const key = /^[A-Za-z_$][\w$]*$/.test(part) ? part : JSON.stringify(part)
      return out === '' ? key : /^[A-Za-z_$]/.test(key) ? `${out}.${key}` : `${out}[${key}]`
    }, '')
}

function describeError(e: ErrorObject, all: readonly ErrorObject[]): string {
  const at = jsonPath(e.instancePath)
  switch (e.keyword) {
    case 'required': {
      const missing = all
        .filter((x) => x.keyword === 'required' && x.instancePath === e.instancePath)
        .map((x) => (x.params as { missingProperty: string }).missingProperty)
      return `${at}: missing ${missing.join(', ')}`
    }
    case 'type':
      return `${at}: expected ${(e.params as { type: string }).type.replace(',', ' or ')}, got ${typeName(e.data)}`
    case 'enum':
      return `${at}: expected one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}, got ${JSON.stringify(e.data)}`
    case 'const':
      return `${at}: expected ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)}, got ${JSON.stringify(e.data)}`
    default:
      return `${at}: ${e.message ?? 'invalid'}${e.data === undefined ? '' : `, got ${short(e.data)}`}`
  }
}

/** One error per path: a `{}` turn lacks several properties, but one line about it reads best. */
function simplify(errors: ErrorObject[]): ErrorObject[] {
  const seen = new Set<string>()
  return errors.filter((e) => {
    if (seen.has(e.instancePath)) return false
    seen.add(e.instancePath)
    return true
  })
}

function typeName(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'object') return 'an object'
  return `${typeof value} ${short(value)}`
}

function short(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value)
  return text.length > 40 ? `${text.slice(0, 37)}...` : text
}
