import type { Randomizer } from '@faker-js/faker'
import type { FakerCall } from './faker-call.js'
import { isRecord } from '../util/is-record.js'

/**
 * Bounds on what one faker call may cost, so a generator file cannot exhaust memory or time
 * (`faker.string.alpha({length: 3e8})` once needed gigabytes in `banter validate`):
 * - `size`: a size argument (`length`, `count`, `…Count`, a `{min, max}` inside one, a positional
 *   number or range of the string, lorem, word and helpers modules, a repetition count in a
 *   `helpers` pattern or template) is at most this;
 * - `draws`: random draws per call (every generated character or word takes at least one);
 * - `text`: characters a call returns, and characters of one message's text and faker values.
 */
export const FAKER_LIMITS = { size: 10_000, draws: 1_000_000, text: 100_000 } as const

/** A call over one of FAKER_LIMITS. */
export class FakerLimitError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'FakerLimitError'
  }
}

let drawsLeft = Number.POSITIVE_INFINITY

/** Wraps faker's randomizer so that a call drawing more than FAKER_LIMITS.draws stops (see `budgeted`). */
export function countingRandomizer(inner: Randomizer): Randomizer {
  return {
    next() {
      if (--drawsLeft < 0)
        throw new FakerLimitError(`it needs more than ${FAKER_LIMITS.draws.toLocaleString('en')} random draws (the limit per call)`)
      return inner.next()
    },
    seed: (seed) => inner.seed(seed),
  }
}

/** Runs one faker call under the draw budget and checks the length of its text. Generation is synchronous, so one budget suffices. */
export function budgeted(run: () => string): string {
  drawsLeft = FAKER_LIMITS.draws
  try {
    const text = run()
    if (text.length > FAKER_LIMITS.text)
      throw new FakerLimitError(
        `it generated ${text.length.toLocaleString('en')} characters; the limit is ${FAKER_LIMITS.text.toLocaleString('en')}`,
      )
    return text
  } finally {
    drawsLeft = Number.POSITIVE_INFINITY
  }
}

const SIZE_KEY = /^(length|count|\w+Count)$/
/** Modules whose positional numbers are lengths or counts: string.alpha(n), lorem.words(n), helpers.arrayElements(list, n). */
const SIZE_MODULES = new Set(['string', 'lorem', 'word', 'helpers'])
/** helpers methods whose string argument is a pattern or template that can repeat or call others. */
const PATTERN_METHODS = new Set(['fromRegExp', 'fake', 'mustache'])

/** The first size argument over FAKER_LIMITS.size, described, or undefined. */
export function oversizedArgument(call: FakerCall): string | undefined {
  const over = (n: unknown): n is number => typeof n === 'number' && !(Math.abs(n) <= FAKER_LIMITS.size)
  const limit = `the limit for sizes is ${FAKER_LIMITS.size.toLocaleString('en')}`
  const inSize = (value: unknown, name: string): string | undefined => {
    if (over(value)) return `${name} is ${String(value)}; ${limit}`
    if (isRecord(value)) for (const k of ['min', 'max']) if (over(value[k])) return `${name}.${k} is ${String(value[k])}; ${limit}`
    return undefined
  }
  const walk = (value: unknown, name: string, depth: number): string | undefined => {
    if (typeof value === 'string')
      return call.module === 'helpers' && PATTERN_METHODS.has(call.method) ? oversizedRepeat(value, name, limit) : undefined
    if (Array.isArray(value)) {
      for (const [i, v] of value.entries()) {
        const found = walk(v, `${name}[${i}]`, depth + 1)
        if (found) return found
      }
      return undefined
    }
    // In these modules a positional number or {min, max} range is a size (elsewhere, e.g.
    // number.int(1e9) or finance.amount({min, max}), it is a value).
    const positional = depth === 0 && SIZE_MODULES.has(call.module)
    if (!isRecord(value)) return positional ? inSize(value, name) : undefined
    if (positional && isRange(value)) return inSize(value, name)
    for (const [k, v] of Object.entries(value)) {
      const found = SIZE_KEY.test(k)
        ? (inSize(v, `${name}.${k}`) ?? walk(v, `${name}.${k}`, depth + 1))
        : walk(v, `${name}.${k}`, depth + 1)
      if (found) return found
    }
    return undefined
  }
  for (const [i, arg] of call.args.entries()) {
    const found = walk(arg, `argument ${i + 1}`, 0)
    if (found) return found
  }
  return undefined
}

/** A repetition count in a pattern or template (`a{100000000}`, `string.alpha(300000000)`) over the limit. */
function oversizedRepeat(text: string, name: string, limit: string): string | undefined {
  const big = /\d+/g
  for (const m of text.matchAll(big)) if (Number(m[0]) > FAKER_LIMITS.size) return `${name} holds the number ${m[0]}; ${limit}`
  return undefined
}

/**
 * The call with every `{min, max}` range replaced by its max: a second trial at load time, so a
 * size drawn at random from a huge range fails validation instead of some run.
 */
export function atMaximum(call: FakerCall): FakerCall {
  const collapse = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(collapse)
    if (!isRecord(value)) return value
    if (isRange(value)) return value.max
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, collapse(v)]))
  }
  return { ...call, args: call.args.map(collapse) }
}

function isRange(value: Record<string, unknown>): value is { min: number; max: number } {
  return Object.keys(value).length === 2 && typeof value.min === 'number' && typeof value.max === 'number'
}
