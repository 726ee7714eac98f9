import type { Diagnostic } from '../diagnostics/diagnostic.js'
import { suggestionHint } from '../diagnostics/suggest.js'
import { parseFakerCall, type FakerCall } from './faker-call.js'
import { checkFakerCall, createFaker, invokeFaker } from './faker-api.js'
import { atMaximum, FAKER_LIMITS, FakerLimitError, oversizedArgument } from './faker-limits.js'
import type { Segment } from './plan.js'

/** Where a text starts in its file, so an offset inside it becomes file:line:col. */
export interface TextSite {
  file: string
  line: number
  col: number
  lineText: string
}

/** `{{name}}`, or `{{faker.m.f(args)}}` whose arguments may hold `}}` (nested objects) but no parentheses outside strings. */
const PLACEHOLDER = /\{\{(\s*faker\.[^()]*\((?:[^()"']|"[^"]*"|'[^']*')*\)\s*|.*?)\}\}/g

/**
 * Splits a message variant into segments: `{{slot}}` names a slot, `{{faker.module.method(args)}}`
 * is parsed and checked against faker's API. Problems are appended to `diagnostics`.
 */
export function parseVariant(text: string, site: TextSite, slots: string[], diagnostics: Diagnostic[]): Segment[] {
  const segments: Segment[] = []
  let last = 0
  for (const m of text.matchAll(PLACEHOLDER)) {
    if (m.index > last) segments.push(text.slice(last, m.index))
    last = m.index + m[0].length
    const inner = m[1]!
    const innerOffset = m.index + 2 + (inner.length - inner.trimStart().length)
    const body = inner.trim()
    if (body.startsWith('faker.')) {
      const call = checkedCall(body, site, innerOffset, diagnostics)
      if (call) segments.push({ faker: call })
    } else if (slots.includes(body)) {
      segments.push({ slot: body })
    } else {
      diagnostics.push({
        code: 'UNKNOWN_SLOT',
        message: `unknown slot "{{${body}}}"`,
        ...at(site, m.index, m[0].length),
        hint: slots.length > 0 ? suggestionHint(body, slots, 'slots') : 'declare it under `slots:`, or write {{faker.module.method()}}',
      })
    }
  }
  if (last < text.length) segments.push(text.slice(last))
  const length = segments.reduce((n, s) => n + (typeof s === 'string' ? s.length : 'faker' in s ? (trialLengths.get(s.faker) ?? 0) : 0), 0)
  if (length > FAKER_LIMITS.text) {
    diagnostics.push({
      code: 'FAKER_TOO_LARGE',
      message: `this message would be about ${length.toLocaleString('en')} characters; the limit is ${FAKER_LIMITS.text.toLocaleString('en')}`,
      ...at(site, 0, Math.max(1, site.lineText.length - site.col + 1)),
      hint: LIMITS_HINT,
    })
  }
  return segments
}

/** Parses and checks one faker call; undefined (with a diagnostic) when it is not valid. */
export function checkedCall(text: string, site: TextSite, offset: number, diagnostics: Diagnostic[]): FakerCall | undefined {
  const call = parseFakerCall(text)
  if ('error' in call) {
    diagnostics.push({
      code: 'FAKER_SYNTAX',
      message: `faker call: ${call.error}`,
      ...at(site, offset + call.offset, 1),
      hint: 'write faker.module.method(literal arguments), for example faker.string.numeric(5)',
    })
    return undefined
  }
  const problem = checkFakerCall(call)
  if (problem) {
    const start = problem.at === 'module' ? call.moduleOffset : call.methodOffset
    diagnostics.push({
      code: problem.code,
      message: problem.message,
      ...at(site, offset + start, (problem.at === 'module' ? call.module : call.method).length),
      hint: problem.hint,
    })
    return undefined
  }
  const tooLarge = (why: string) => {
    diagnostics.push({
      code: 'FAKER_TOO_LARGE',
      message: `faker.${call.module}.${call.method}: ${why}`,
      ...at(site, offset, text.length),
      hint: LIMITS_HINT,
    })
    return undefined
  }
  const oversized = oversizedArgument(call)
  if (oversized) return tooLarge(oversized)
  let longest: number
  try {
    trial.seed(0)
    longest = invokeFaker(trial, call).length
  } catch (err) {
    if (err instanceof FakerLimitError) return tooLarge(err.message)
    diagnostics.push({
      code: 'FAKER_CALL_FAILED',
      message: `faker.${call.module}.${call.method}: ${(err as Error).message.split('\n')[0]}`,
      ...at(site, offset, text.length),
      hint: 'check the arguments against https://fakerjs.dev/api/',
    })
    return undefined
  }
  // Ranges at their maximum: a size drawn from {min, max} fails here rather than in some run.
  // Other errors of this changed call mean nothing: the first trial checked the real arguments.
  try {
    trial.seed(0)
    longest = Math.max(longest, invokeFaker(trial, atMaximum(call)).length)
  } catch (err) {
    if (err instanceof FakerLimitError) return tooLarge(`${err.message} (with every {min, max} at its max)`)
  }
  trialLengths.set(call, longest)
  return call
}

/** The longest text a call gave in its trials: an estimate of its size in a message. */
const trialLengths = new WeakMap<FakerCall, number>()

const LIMITS_HINT = `generator values are bounded: sizes up to ${FAKER_LIMITS.size.toLocaleString('en')}, ${FAKER_LIMITS.text.toLocaleString('en')} characters per faker call, ${FAKER_LIMITS.draws.toLocaleString('en')} random draws per call`

/** Every call is tried once at load time, so bad arguments fail before anything runs. */
const trial = createFaker()

function at(site: TextSite, offset: number, length: number): Pick<Diagnostic, 'loc' | 'lineText' | 'length'> {
  return { loc: { file: site.file, line: site.line, col: site.col + offset }, lineText: site.lineText, length }
}
