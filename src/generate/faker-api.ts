import type { Faker } from '@faker-js/faker'
import { faker as englishFaker } from '@faker-js/faker/locale/en'
import { suggestionHint } from '../diagnostics/suggest.js'
import type { FakerCall } from './faker-call.js'
import { budgeted, countingRandomizer } from './faker-limits.js'
import { createFakerRandomizer } from './rng.js'

/**
 * Faker's date methods default to "now"; generation pins the reference date so that the same
 * seed gives the same dates on any day.
 */
const REFERENCE_DATE = '2025-01-01T00:00:00.000Z'

/** Faker modules that are internals, not data. */
const HIDDEN_MODULES = new Set(['fakerCore', 'rawDefinitions', 'definitions'])

/**
 * Faker's English build, whose class and merged en+base definitions make banter's instances.
 * Importing `@faker-js/faker` itself would load every locale: 120 ms of start-up instead of 25.
 */
const FakerClass = englishFaker.constructor as typeof Faker

/** One faker instance per process, re-seeded for each case (generation is synchronous). */
export function createFaker(): Faker {
  const faker = new FakerClass({ locale: englishFaker.rawDefinitions, randomizer: countingRandomizer(createFakerRandomizer()) })
  faker.setDefaultRefDate(REFERENCE_DATE)
  return faker
}

let api: Map<string, string[]> | undefined

/** The whitelist: module name → its method names, read from faker itself. */
function fakerApi(): Map<string, string[]> {
  if (api) return api
  const faker = createFaker() as unknown as Record<string, unknown>
  api = new Map()
  for (const [name, mod] of Object.entries(faker)) {
    if (name.startsWith('_') || HIDDEN_MODULES.has(name) || typeof mod !== 'object' || mod === null) continue
    const methods = Object.entries(mod)
      .filter(([m, fn]) => typeof fn === 'function' && !m.startsWith('_'))
      .map(([m]) => m)
    if (methods.length > 0) api.set(name, methods.sort())
  }
  return api
}

/** What is wrong with a parsed call's names, if anything; `at` says which name to point at. */
export function checkFakerCall(call: FakerCall): { code: string; message: string; hint: string; at: 'module' | 'method' } | undefined {
  const methods = fakerApi().get(call.module)
  if (!methods) {
    return {
      code: 'UNKNOWN_FAKER_MODULE',
      message: `unknown faker module "${call.module}"`,
      hint: suggestionHint(call.module, [...fakerApi().keys()], 'faker modules'),
      at: 'module',
    }
  }
  if (!methods.includes(call.method)) {
    return {
      code: 'UNKNOWN_FAKER_METHOD',
      message: `unknown method "${call.method}" in faker.${call.module}`,
      hint: suggestionHint(call.method, methods, `faker.${call.module} methods`),
      at: 'method',
    }
  }
  return undefined
}

/** Calls a whitelisted method with its literal arguments, within FAKER_LIMITS (else FakerLimitError); the result as text. */
export function invokeFaker(faker: Faker, call: FakerCall): string {
  const mod = (faker as unknown as Record<string, Record<string, (...args: unknown[]) => unknown>>)[call.module]!
  return budgeted(() => {
    const result = mod[call.method]!.apply(mod, call.args.map(copyLiteral))
    if (result instanceof Date) return result.toISOString()
    return typeof result === 'object' && result !== null ? JSON.stringify(result) : String(result)
  })
}

/**
 * A fresh copy of a parsed argument (strings, numbers, booleans, null, arrays, plain objects), so
 * a faker method that changed its options could not change the next call's. structuredClone did
 * the same at several times the cost, once per generated value.
 */
function copyLiteral(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value
  if (Array.isArray(value)) return value.map(copyLiteral)
  // fromEntries defines keys as own data properties: a `__proto__` key stays a plain key.
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, copyLiteral(v)]))
}
