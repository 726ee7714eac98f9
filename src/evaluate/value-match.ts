import type { ValueMatcher } from '../scenario/compiled-conversation.js'
import { renderTemplate, type Scope } from '../template/template.js'
import type { ValueDifference } from '../report/model.js'
import { sameEntityValue } from './entity-value.js'

/**
 * Compares a value (a tool call's parsed arguments) with an expected one and lists where they
 * differ, each difference with its path ($.order_id, $.items[0].sku). Scalars compare like entity
 * values (evaluate/entity-value.ts): as text, or as numbers when both are numbers as JSON writes
 * them, so 12345 matches "12345"; `{matches}` tests the value's text with RE2. An expected object
 * is a subset of the actual one unless `strict`, then no other key may be present (at any depth);
 * lists compare item by item and must be the same length.
 */
export function valueDifferences(matcher: ValueMatcher, actual: unknown, scope: Scope, strict: boolean, at = '$'): ValueDifference[] {
  switch (matcher.kind) {
    case 'text': {
      const want = renderTemplate(matcher.template, scope)
      return isScalar(actual) && sameEntityValue(asText(actual), want) ? [] : [{ path: at, problem: 'different', expected: want, actual }]
    }
    case 'literal': {
      const want = matcher.value
      const same = want === null ? actual === null : isScalar(actual) && actual !== null && sameEntityValue(asText(actual), String(want))
      return same ? [] : [{ path: at, problem: 'different', expected: want, actual }]
    }
    case 'regex':
      return isScalar(actual) && matcher.pattern.test(asText(actual))
        ? []
        : [{ path: at, problem: 'different', expected: { matches: matcher.pattern.source }, actual }]
    case 'list': {
      if (!Array.isArray(actual) || actual.length !== matcher.items.length)
        return [{ path: at, problem: 'different', expected: expectedShape(matcher, scope), actual }]
      return matcher.items.flatMap((m, i) => valueDifferences(m, actual[i], scope, strict, `${at}[${i}]`))
    }
    case 'object': {
      if (actual === null || typeof actual !== 'object' || Array.isArray(actual))
        return [{ path: at, problem: 'different', expected: expectedShape(matcher, scope), actual }]
      const record = actual as Record<string, unknown>
      const diffs = matcher.entries.flatMap(([key, m]) =>
        Object.hasOwn(record, key)
          ? valueDifferences(m, record[key], scope, strict, childPath(at, key))
          : [{ path: childPath(at, key), problem: 'missing' as const, expected: expectedShape(m, scope) }],
      )
      if (!strict) return diffs
      const known = new Set(matcher.entries.map(([k]) => k))
      return [
        ...diffs,
        ...Object.keys(record)
          .filter((k) => !known.has(k))
          .map((k) => ({ path: childPath(at, k), problem: 'unexpected' as const, actual: record[k] })),
      ]
    }
  }
}

/** The expected value as the report shows it: templates rendered, regexes as {matches}. */
export function expectedShape(matcher: ValueMatcher, scope: Scope): unknown {
  switch (matcher.kind) {
    case 'text':
      return renderTemplate(matcher.template, scope)
    case 'literal':
      return matcher.value
    case 'regex':
      return { matches: matcher.pattern.source }
    case 'list':
      return matcher.items.map((m) => expectedShape(m, scope))
    case 'object':
      return Object.fromEntries(matcher.entries.map(([k, m]) => [k, expectedShape(m, scope)]))
  }
}

function isScalar(v: unknown): v is string | number | boolean | null {
  return v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'
}

function asText(v: string | number | boolean | null): string {
  return typeof v === 'string' ? v : String(v)
}

/** `$.key`, or `$["odd key"]` when the key is not a plain name. */
function childPath(at: string, key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? `${at}.${key}` : `${at}[${JSON.stringify(key)}]`
}
