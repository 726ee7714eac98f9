import { describe, expect, it } from 'vitest'
import { createProgress, formatProgress } from '../../../src/cli/progress.js'
import { checkFakerCall } from '../../../src/generate/faker-api.js'
import { parseFakerCall } from '../../../src/generate/faker-call.js'
import { simplify } from '../../../src/generate/shrink.js'

describe('faker call syntax', () => {
  it('parses literal arguments: numbers, strings, booleans, lists and nested objects', () => {
    expect(parseFakerCall("faker.string.numeric({length: 5, allowLeadingZeros: false, exclude: ['0']})")).toMatchObject({
      module: 'string',
      method: 'numeric',
      args: [{ length: 5, allowLeadingZeros: false, exclude: ['0'] }],
      moduleOffset: 6,
      methodOffset: 13,
    })
    expect(parseFakerCall('faker.number.int({ min: -1.5, max: 2e3 })')).toMatchObject({ args: [{ min: -1.5, max: 2000 }] })
    expect(parseFakerCall('faker.lorem.words(3, "a \\" b")')).toMatchObject({ args: [3, 'a " b'] })
  })

  it('refuses anything that is not a literal call, with the offset of the problem', () => {
    expect(parseFakerCall('faker.string.numeric(process.exit())')).toMatchObject({ offset: 21 })
    expect(parseFakerCall('require("fs").x()')).toMatchObject({ offset: 0 })
    expect(parseFakerCall('faker.string.numeric(5) + 1')).toMatchObject({ error: expect.stringContaining('after the call') })
    expect(parseFakerCall('faker.string.numeric("5)')).toMatchObject({ error: 'unclosed string' })
    expect(parseFakerCall('faker.string')).toHaveProperty('error')
  })

  it('checks names against faker and suggests the closest', () => {
    const check = (text: string) => checkFakerCall(parseFakerCall(text) as never)
    expect(check('faker.string.numeric(5)')).toBeUndefined()
    expect(check('faker.internet.emial()')).toMatchObject({ code: 'UNKNOWN_FAKER_METHOD', hint: 'did you mean "email"?' })
    expect(check('faker.fakerCore.x()')).toMatchObject({ code: 'UNKNOWN_FAKER_MODULE' })
  })
})

describe('shrinking values', () => {
  it('offers simpler values of the same shape, simplest first', () => {
    expect(simplify('48213')).toEqual(['1', '11111'])
    expect(simplify('Ann.Lee@example.com')).toEqual(['Aa.Aa@a.a', 'Aaa.Aaa@aaaaaaa.aaa'])
    expect(simplify('1')).toEqual([])
  })
})

describe('progress', () => {
  it('formats done/total, rate, failures and ETA', () => {
    expect(formatProgress({ done: 500, total: 2000, failures: 3, elapsedMs: 10_000 })).toBe(
      '500/2000 (25%) · 50 conv/s · 3 failed · ETA 30s',
    )
    expect(formatProgress({ done: 0, total: 10, failures: 0, elapsedMs: 0 })).toBe('0/10 (0%) · 0.0 conv/s · 0 failed · ETA ?')
    expect(formatProgress({ done: 100, total: 400_100, failures: 0, elapsedMs: 1000 })).toContain('ETA 1h06m')
  })

  it('without a TTY prints a plain line at most every 5 s, and nothing for a short run', () => {
    let t = 0
    const out: string[] = []
    const p = createProgress({ sink: { write: (s: string) => out.push(s) }, tty: false, total: 100, now: () => t })
    for (let done = 1; done <= 100; done++) {
      t += 120
      p.update(done, 0)
    }
    expect(out).toHaveLength(2)
    expect(out[0]).toMatch(/^progress: \d+\/100 .*\n$/)
    expect(out.join('')).not.toContain('\r')
    const quick: string[] = []
    const q = createProgress({ sink: { write: (s: string) => quick.push(s) }, tty: false, total: 10, now: () => 1000 })
    for (let done = 1; done <= 10; done++) q.update(done, 0)
    q.clear()
    expect(quick).toEqual([])
  })
})
