import { describe, expect, it } from 'vitest'
import { exitCode } from '../../../src/cli/run-closing.js'
import { compareReports } from '../../../src/compare/compare.js'
import { countOutcomes, createOutcomeTally } from '../../../src/metrics/outcomes.js'
import { createMetrics } from '../../../src/metrics/measure.js'
import { summarize } from '../../../src/metrics/tally.js'
import { junitReporter } from '../../../src/reporters/junit.js'
import { replayCommand } from '../../../src/reporters/replay.js'
import type { CaseResult, RunReport, Status } from '../../../src/report/model.js'
import { xsdErrors, JUNIT_XSD_WITH_FILE_LINE } from '../../helpers/junit-xsd.js'

const loc = { file: 'g.yaml', line: 1, col: 1 }

function run(id: string, status: Status, index: number, of: number): CaseResult {
  const failed = status === 'failed'
  return {
    id,
    name: id,
    file: 'g.yaml',
    loc,
    tags: ['generated'],
    status,
    sessionId: `${id}-${index}`,
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 2,
    repeat: { index, of },
    turns: [
      {
        index: 0,
        user: 'hi',
        status,
        loc,
        retries: 0,
        latencyMs: 1,
        ...(status === 'errored'
          ? { error: { code: 'HTTP_STATUS', message: 'HTTP 500' }, verdicts: [] }
          : {
              reply: { text: 'x', intent: failed ? 'other' : 'greet', entities: [] },
              verdicts: [
                {
                  check: 'intent',
                  pass: !failed,
                  code: failed ? 'INTENT_MISMATCH' : 'INTENT_OK',
                  expected: 'greet',
                  actual: failed ? 'other' : 'greet',
                  loc,
                },
              ],
            }),
      },
    ],
  }
}

/** A repeated run as run.ts reports it; `keep` leaves results out of `cases` as a generated run does. */
function repeatedReport(results: CaseResult[], repeat: number, keep: (c: CaseResult) => boolean = () => true): RunReport {
  const metrics = createMetrics()
  const tally = createOutcomeTally()
  for (const r of results) {
    metrics.add(r)
    tally.add(r)
  }
  const conversations = tally.list()
  const cases = results.filter(keep)
  return {
    version: 1,
    tool: { name: 'banter', version: '0.0.0-test' },
    run: {
      startedAt: '2026-01-01T00:00:00.000Z',
      finishedAt: '2026-01-01T00:00:01.000Z',
      durationMs: 1000,
      endpoint: 'http://127.0.0.1:1/chat',
      concurrency: 2,
      paths: ['g.yaml'],
      seed: 5,
      repeat,
      ...(cases.length < results.length ? { casesOmitted: results.length - cases.length } : {}),
    },
    summary: { ...summarize(results), outcomes: countOutcomes(conversations) },
    cases,
    conversations,
    metrics: metrics.result(1000),
    thresholds: [],
    alerts: [],
  }
}

describe('exit code of a repeated run', () => {
  it('flaky passes (0), a conversation that never passed fails (1), one that always errored is 3', () => {
    expect(exitCode(repeatedReport([run('g#1', 'passed', 1, 2), run('g#1', 'failed', 2, 2)], 2))).toBe(0)
    expect(exitCode(repeatedReport([run('g#1', 'failed', 1, 2), run('g#1', 'errored', 2, 2)], 2))).toBe(1)
    expect(
      exitCode(
        repeatedReport(
          [run('g#1', 'errored', 1, 2), run('g#1', 'errored', 2, 2), run('g#2', 'failed', 1, 2), run('g#2', 'failed', 2, 2)],
          2,
        ),
      ),
    ).toBe(3)
  })
})

describe('replay command of a repeated generated run', () => {
  it('repeats the case as the run did', () => {
    expect(
      replayCommand({ run: { seed: 5, repeat: 3 } as RunReport['run'] }, { id: 'greeting#4', tags: ['generated'], file: 'g.yaml' }),
    ).toBe("banter run g.yaml --case 'greeting#4' --seed 5 --repeat 3")
    expect(replayCommand({ run: { seed: 5 } as RunReport['run'] }, { id: 'greeting#4', tags: ['generated'], file: 'g.yaml' })).toBe(
      "banter run g.yaml --case 'greeting#4' --seed 5",
    )
  })
})

describe('banter compare of repeated runs', () => {
  it('compares conversations by outcome: flaky is neither a new failure nor a fix, and is listed', () => {
    const base = repeatedReport(
      [run('g#1', 'passed', 1, 2), run('g#1', 'passed', 2, 2), run('g#2', 'failed', 1, 2), run('g#2', 'failed', 2, 2)],
      2,
    )
    const head = repeatedReport(
      [run('g#1', 'passed', 1, 2), run('g#1', 'failed', 2, 2), run('g#2', 'failed', 1, 2), run('g#2', 'passed', 2, 2)],
      2,
    )
    const c = compareReports(base, head)
    expect(c.newFailures).toEqual([])
    expect(c.fixed).toEqual([])
    expect(c.newlyFlaky.map((x) => [x.id, x.base, x.head])).toEqual([
      ['g#1', 'passed', 'flaky'],
      ['g#2', 'failed', 'flaky'],
    ])
    const worse = compareReports(
      head,
      repeatedReport([run('g#1', 'failed', 1, 2), run('g#1', 'failed', 2, 2), run('g#2', 'passed', 1, 2), run('g#2', 'passed', 2, 2)], 2),
    )
    expect(worse.newFailures.map((x) => [x.id, x.base, x.head])).toEqual([['g#1', 'flaky', 'failed']])
    // Flaky to passing is not a fix of a failure.
    expect(worse.fixed).toEqual([])
    expect(worse.regressed).toBe(true)
  })
})

describe('JUnit of a repeated generated run with runs left out of the report', () => {
  it('groups every run seen live into one testcase per conversation, valid against junit-10.xsd', async () => {
    const results = [
      run('g#1', 'passed', 1, 3),
      run('g#1', 'failed', 2, 3),
      run('g#1', 'passed', 3, 3),
      run('g#2', 'errored', 1, 3),
      run('g#2', 'failed', 2, 3),
      run('g#2', 'failed', 3, 3),
      run('g#3', 'passed', 1, 3),
      run('g#3', 'passed', 2, 3),
      run('g#3', 'passed', 3, 3),
    ]
    const report = repeatedReport(results, 3, (c) => c.status !== 'passed')
    const reporter = junitReporter.create({ color: false })
    for (const r of results) reporter.onCaseResult!(r)
    const xml = reporter.onRunEnd(report)
    expect(await xsdErrors(xml, JUNIT_XSD_WITH_FILE_LINE)).toEqual([])
    expect(xml).toMatch(/<testsuite name="g.yaml" tests="3" failures="1" errors="0"/)
    expect(xml.match(/<testcase /g)).toHaveLength(3)
    expect(xml.match(/<flakyFailure /g)).toHaveLength(1)
    // g#2 never passed (an errored run, then two failed ones): <failure> from run 2, so the element
    // agrees with the failures count, then the other runs as <rerunError> and <rerunFailure>.
    expect(xml).toMatch(/<failure message="run 2\/3: turn 1: intent/)
    expect(xml).not.toMatch(/<error /)
    expect(xml).toMatch(/<rerunError message="run 1\/3: turn 1: HTTP_STATUS: HTTP 500" type="HTTP_STATUS">/)
    expect(xml.match(/<rerunFailure /g)).toHaveLength(1)
    expect(xml).toContain('replay: banter run g.yaml --case &apos;g#2&apos; --seed 5 --repeat 3')
  })
})
