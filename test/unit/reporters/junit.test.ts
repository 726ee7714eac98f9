import { describe, expect, it } from 'vitest'
import { parse } from 'junit2json'
import { renderJunit } from '../../../src/reporters/junit.js'
import { cannedReport } from '../../helpers/canned-report.js'

// junit2json (https://github.com/Kesin11/ts-junit2json) is a JUnit XML parser used by CI
// tooling; a file it reads with the right counts is a file Jenkins and GitLab read.
describe('JUnit reporter', () => {
  it('parses back with a suite per file, a case per scenario and the right counts', async () => {
    const xml = renderJunit(cannedReport())
    const parsed = (await parse(xml)) as {
      tests: number
      failures: number
      errors: number
      skipped: number
      testsuite: {
        name: string
        tests: number
        failures: number
        errors: number
        skipped: number
        testcase: {
          name: string
          classname: string
          failure?: { type: string; message: string; inner: string }[]
          error?: { type: string; message: string }[]
          skipped?: { message: string }[]
        }[]
      }[]
    }
    expect(parsed).toMatchObject({ tests: 4, failures: 1, errors: 1 })
    expect(parsed).not.toHaveProperty('skipped')
    expect(parsed.testsuite.map((s) => [s.name, s.tests, s.failures, s.errors, s.skipped])).toEqual([
      ['scenarios/a.yaml', 2, 1, 0, 0],
      ['scenarios/b.yaml', 2, 0, 1, 1],
    ])
    const [passes, fails] = parsed.testsuite[0]!.testcase
    expect(passes!.failure).toBeUndefined()
    expect(passes!.classname).toBe('scenarios.a')
    expect(fails!.name).toBe('Fails <on> "action" & more')
    expect(fails!.failure![0]!.type).toBe('ACTION_MISMATCH')
    expect(fails!.failure![0]!.message).toBe('turn 2: action: expected "retrieve_order", got "ask_order_details"')
    expect(fails!.failure![0]!.inner).toContain('at scenarios/a.yaml:14:7')
    const [errors, skipped] = parsed.testsuite[1]!.testcase
    expect(errors!.error![0]).toMatchObject({ type: 'HTTP_STATUS', message: 'turn 1: HTTP_STATUS: HTTP 500: boom' })
    expect(skipped!.skipped![0]!.message).toBe('flaky upstream')
  })

  it('escapes markup and drops characters XML cannot hold', () => {
    const xml = renderJunit(cannedReport())
    expect(xml).not.toContain('<script>')
    expect(xml).toContain('&lt;script&gt;')
    expect(xml).not.toContain('\u0001')
  })
})
