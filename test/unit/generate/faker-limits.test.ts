import { describe, expect, it } from 'vitest'
import { createFaker, invokeFaker } from '../../../src/generate/faker-api.js'
import { parseFakerCall, type FakerCall } from '../../../src/generate/faker-call.js'
import { atMaximum, FAKER_LIMITS, FakerLimitError, oversizedArgument } from '../../../src/generate/faker-limits.js'

const call = (text: string) => parseFakerCall(text) as FakerCall

describe('faker argument bounds', () => {
  it.each([
    ['faker.string.alpha(300000000)', 'argument 1 is 300000000'],
    ['faker.string.alpha({length: 300000000})', 'argument 1.length is 300000000'],
    ['faker.string.alpha({length: {min: 1, max: 1e9}})', 'argument 1.length.max is 1000000000'],
    ['faker.lorem.words({min: 1, max: 3e8})', 'argument 1.max is 300000000'],
    ['faker.date.betweens({from: "2020-01-01", to: "2021-01-01", count: 1e8})', 'argument 1.count is 100000000'],
    ['faker.lorem.paragraph({sentenceCount: 1e7})', 'argument 1.sentenceCount is 10000000'],
    ['faker.helpers.fromRegExp("[a-z]{1,99999999}")', 'argument 1 holds the number 99999999'],
    ['faker.helpers.fake("{{string.alpha(300000000)}}")', 'argument 1 holds the number 300000000'],
    ['faker.string.alpha(1e999)', 'argument 1 is Infinity'],
  ])('%s is over the size limit', (text, message) => {
    expect(oversizedArgument(call(text))).toContain(message)
  })

  it.each([
    'faker.number.int({min: 100000000, max: 999999999})',
    'faker.number.int(1e12)',
    'faker.finance.amount({min: 100000, max: 200000})',
    'faker.string.alpha({length: {min: 1, max: 10000}})',
    'faker.helpers.arrayElement([1000000, 2000000])',
    'faker.helpers.slugify("order 123456789")',
  ])('%s is within bounds', (text) => {
    expect(oversizedArgument(call(text))).toBeUndefined()
  })

  it('arguments nested deeper than 8 levels are a syntax error, not a stack overflow', () => {
    expect(parseFakerCall(`faker.string.alpha(${'['.repeat(100000)}1${']'.repeat(100000)})`)).toMatchObject({
      error: 'arguments are nested deeper than 8 levels',
    })
  })

  it('a call drawing more than the budget, or returning too much text, stops with FakerLimitError', () => {
    const faker = createFaker()
    faker.seed(1)
    // 10,000 paragraphs: well within the size limit, far beyond the text limit.
    expect(() => invokeFaker(faker, call('faker.lorem.paragraphs(10000)'))).toThrow(FakerLimitError)
    expect(() => invokeFaker(faker, call('faker.string.alpha(10000)'))).not.toThrow()
    expect(invokeFaker(faker, call('faker.string.alpha(10000)'))).toHaveLength(10000)
    expect(FAKER_LIMITS.draws).toBe(1_000_000)
  })

  it('atMaximum replaces each {min, max} range by its max for the load-time trial', () => {
    expect(atMaximum(call('faker.string.alpha({length: {min: 1, max: 50}, casing: "upper"})')).args).toEqual([
      { length: 50, casing: 'upper' },
    ])
  })
})
