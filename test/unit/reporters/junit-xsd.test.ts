import { describe, expect, it } from 'vitest'
import { parse } from 'junit2json'
import { junitReporter, junitStrictReporter, renderJunit } from '../../../src/reporters/junit.js'
import type { CaseResult, RunReport } from '../../../src/report/model.js'
import { summarize } from '../../../src/metrics/tally.js'
import { cannedReport } from '../../helpers/canned-report.js'
import { JUNIT_XSD_WITH_FILE_LINE, xsdErrors } from '../../helpers/junit-xsd.js'

const loc = (file: string, line: number, col = 5) => ({ file, line, col })

/** A generated conversation: id `<generator>#n`, tagged `generated`, one turn. */
function generated(gen: string, n: number, status: CaseResult['status']): CaseResult {
  const failed = status === 'failed'
  return {
    id: `${gen}#${n}`,
    name: `${gen}#${n}`,
    file: `scenarios/generators/${gen}.yaml`,
    loc: loc(`scenarios/generators/${gen}.yaml`, 1, 1),
    tags: ['generated'],
    status,
    sessionId: `s${n}`,
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 3,
    turns: [
      {
        index: 0,
        user: `hi ${n}`,
        status: status === 'errored' ? 'errored' : status,
        latencyMs: 2,
        retries: 0,
        loc: loc(`scenarios/generators/${gen}.yaml`, 7),
        ...(status === 'errored'
          ? { error: { code: 'HTTP_STATUS', message: 'HTTP 500' } }
          : { reply: { text: 'hello', intent: failed ? 'other' : 'greet', entities: [] } }),
        verdicts:
          status === 'errored'
            ? []
            : [
                {
                  check: 'intent',
                  pass: !failed,
                  code: failed ? 'INTENT_MISMATCH' : 'INTENT_OK',
                  expected: 'greet',
                  actual: failed ? 'other' : 'greet',
                  loc: loc(`scenarios/generators/${gen}.yaml`, 9, 15),
                },
              ],
      },
    ],
  }
}

/** A generated run of `n` conversations per generator, every 10th failing, every 25th erroring; the report keeps failures and the first `keptPasses` passes. */
function generatedRun(n: number, keptPasses: number) {
  const all = ['greet', 'refund'].flatMap((g) =>
    Array.from({ length: n }, (_, i) => generated(g, i, i % 25 === 3 ? 'errored' : i % 10 === 1 ? 'failed' : 'passed')),
  )
  let passes = 0
  const kept = all.filter((c) => c.status !== 'passed' || passes++ < keptPasses)
  const report: RunReport = {
    version: 1,
    tool: { name: 'banter', version: '0.0.0-test' },
    run: {
      startedAt: '2026-01-01T00:00:00.000Z',
      finishedAt: '2026-01-01T00:00:09.000Z',
      durationMs: 9000,
      endpoint: 'http://127.0.0.1:1/chat',
      concurrency: 8,
      paths: ['scenarios/generators'],
      seed: 42,
      casesOmitted: all.length - kept.length,
    },
    summary: summarize(all),
    cases: kept,
    thresholds: [],
    alerts: [],
  }
  return { all, report }
}

type Parsed = {
  tests: number
  failures: number
  errors: number
  testsuite: {
    name: string
    tests: number
    failures: number
    errors: number
    skipped: number
    properties?: { name: string; value: string | number }[]
    testcase: {
      name: string
      classname: string
      file?: string
      line?: number
      failure?: { inner?: string }[]
      error?: { inner?: string }[]
    }[]
  }[]
}

describe('JUnit against the Jenkins JUnit schema (junit-10.xsd)', () => {
  it('junit-strict is valid as the schema stands; junit only adds the testcase file and line attributes', async () => {
    const report = cannedReport()
    const strict = junitStrictReporter.create({ color: false }).onRunEnd(report)
    expect(await xsdErrors(strict)).toEqual([])
    const plain = junitReporter.create({ color: false }).onRunEnd(report)
    expect(await xsdErrors(plain, JUNIT_XSD_WITH_FILE_LINE)).toEqual([])
    // The validator is real: the pristine schema refuses the two extra attributes.
    expect((await xsdErrors(plain)).join('\n')).toMatch(/attribute 'file' is not allowed/)
    // …and a `skipped` count on <testsuites>, which older banter wrote.
    expect((await xsdErrors(strict.replace('<testsuites name="banter"', '<testsuites skipped="1" name="banter"'))).join('\n')).toMatch(
      /attribute 'skipped' is not allowed/,
    )
  })

  it('every testcase has file and line; <testsuites> has no skipped attribute; class names are relative dotted paths', async () => {
    const report = cannedReport()
    const xml = renderJunit(report)
    expect(xml).toMatch(/<testsuites name="banter" tests="4" failures="1" errors="1" time="1.500">/)
    const parsed = (await parse(xml)) as unknown as Parsed
    const cases = parsed.testsuite.flatMap((s) => s.testcase)
    expect(cases.map((c) => [c.file, c.line])).toEqual([
      ['scenarios/a.yaml', 1],
      ['scenarios/a.yaml', 1],
      ['scenarios/b.yaml', 1],
      ['scenarios/b.yaml', 1],
    ])
    expect(renderJunit(report, { strict: true })).not.toMatch(/<testcase [^>]*\bfile=/)
  })

  it('a scenario given by an absolute path is named relative to the working directory, never with a leading dot', () => {
    const report = cannedReport()
    report.cases = report.cases.map((c) => ({ ...c, file: `/work/project/.ci/suites/${c.file}` }))
    const inside = renderJunit(report, { cwd: '/work/project' })
    expect(inside).toContain('classname="ci.suites.scenarios.a"')
    expect(inside).toContain('file=".ci/suites/scenarios/a.yaml"')
    const outside = renderJunit(report, { cwd: '/elsewhere' })
    expect(outside).toContain('classname="work.project..ci.suites.scenarios.a"')
    expect(outside).not.toMatch(/classname="\./)
  })

  it('a conversation with a failed turn and an errored turn keeps both: <error> and <failure> with every diff', async () => {
    const report = cannedReport()
    const failing = report.cases[1]!
    const both: CaseResult = {
      ...failing,
      status: 'errored',
      turns: [
        ...failing.turns,
        {
          index: 2,
          user: 'again',
          status: 'errored',
          verdicts: [],
          error: { code: 'TIMEOUT', message: 'no answer in 10000 ms' },
          loc: loc('scenarios/a.yaml', 20),
          retries: 0,
        },
      ],
    }
    report.cases = [both]
    report.summary = summarize(report.cases)
    const xml = renderJunit(report)
    expect(await xsdErrors(xml, JUNIT_XSD_WITH_FILE_LINE)).toEqual([])
    const tc = ((await parse(xml)) as unknown as Parsed).testsuite[0]!.testcase[0]!
    expect(tc.error![0]!.inner).toContain('turn 3: TIMEOUT: no answer in 10000 ms')
    expect(tc.failure![0]!.inner).toContain('action: expected "retrieve_order", got "ask_order_details"')
    expect(tc.failure![0]!.inner).toContain('- expected: "retrieve_order"')
    expect(tc.failure![0]!.inner).toContain('+ actual:   "ask_order_details"')
    expect(xml).toMatch(/tests="1" failures="0" errors="1"/)
  })
})

describe('JUnit of a generated run states its true size', () => {
  it('the run lists every conversation as a testcase: counts equal the elements and the summary', async () => {
    const { all, report } = generatedRun(600, 100)
    const reporter = junitReporter.create({ color: false })
    for (const c of all) reporter.onCaseResult!(c)
    const xml = reporter.onRunEnd(report)
    expect(await xsdErrors(xml, JUNIT_XSD_WITH_FILE_LINE)).toEqual([])
    const parsed = (await parse(xml)) as unknown as Parsed
    const cases = parsed.testsuite.flatMap((s) => s.testcase)
    expect(cases).toHaveLength(1200)
    expect(parsed.tests).toBe(report.summary.conversations)
    expect(parsed.failures).toBe(report.summary.failed)
    expect(parsed.errors).toBe(report.summary.errored)
    expect(cases.filter((c) => c.failure).length).toBe(report.summary.failed)
    for (const s of parsed.testsuite) expect(s.tests).toBe(s.testcase.length)
    // Failures carry the replay command of their generated case.
    const greet1 = cases.find((c) => c.name === 'greet#1')!
    expect(greet1.failure![0]!.inner).toContain("replay: banter run scenarios/generators/greet.yaml --case 'greet#1' --seed 42")
    expect(parsed.testsuite.find((s) => s.name === 'scenarios/generators/greet.yaml')!.properties).toEqual(
      expect.arrayContaining([
        { name: 'banter.conversations', value: 600 },
        { name: 'banter.not_listed', value: 0 },
      ]),
    )
  })

  it('from a report alone (banter merge) the testcases are the kept ones, the counts agree with them, and properties give the true totals', async () => {
    const { report } = generatedRun(600, 100)
    const xml = renderJunit(report)
    expect(await xsdErrors(xml, JUNIT_XSD_WITH_FILE_LINE)).toEqual([])
    const parsed = (await parse(xml)) as unknown as Parsed
    const listed = parsed.testsuite.flatMap((s) => s.testcase).length
    expect(listed).toBe(report.cases.length)
    expect(parsed.tests).toBe(listed)
    const greet = parsed.testsuite.find((s) => s.name === 'scenarios/generators/greet.yaml')!
    expect(greet.tests).toBe(greet.testcase.length)
    const props = Object.fromEntries(greet.properties!.map((p) => [p.name, p.value]))
    expect(props).toMatchObject({
      'banter.generator': 'greet',
      'banter.conversations': 600,
      'banter.passed': report.summary.generators!.greet!.passed,
    })
    expect(Number(props['banter.not_listed'])).toBe(600 - greet.testcase.length)
  })
})
