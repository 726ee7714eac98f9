import { describe, expect, it } from 'vitest'
import { consoleReporter } from '../../../src/reporters/console.js'
import { jsonReporter } from '../../../src/reporters/json.js'
import { cannedReport } from '../../helpers/canned-report.js'

describe('console reporter', () => {
  const report = cannedReport()
  const reporter = consoleReporter.create({ color: false })

  it('prints a line per conversation as it finishes', () => {
    expect(report.cases.map((c) => reporter.onCaseResult!(c))).toEqual([
      ' ✓ Passes scenarios/a.yaml:1 (40 ms)\n',
      ' ✗ Fails <on> "action" & more scenarios/a.yaml:1 (40 ms)\n',
      ' ! Errors scenarios/b.yaml:1 (40 ms) errored: HTTP_STATUS\n',
      ' - Skipped scenarios/b.yaml:1 (0 ms) skipped: flaky upstream\n',
    ])
  })

  it('closes with each failure, where its expectation is, expected vs actual, and the counts', () => {
    const text = reporter.onRunEnd(report)
    expect(text).toContain('turn 2: "message 2"')
    expect(text).toContain('✗ action: expected "retrieve_order", got "ask_order_details"')
    expect(text).toContain('at scenarios/a.yaml:14:7')
    expect(text).toContain('- expected: "retrieve_order"')
    expect(text).toContain('+ actual:   "ask_order_details"')
    expect(text).toContain('! HTTP_STATUS: HTTP 500: boom')
    expect(text.trimEnd().split('\n').at(-1)).toBe('1 passed, 1 failed, 1 errored, 1 skipped (4 conversations, 7 turns) in 1.50s')
  })

  it('uses no escape codes without colour, and some with it', () => {
    // eslint-disable-next-line no-control-regex
    expect(reporter.onRunEnd(report)).not.toMatch(/\u001b\[/)
    // eslint-disable-next-line no-control-regex
    expect(consoleReporter.create({ color: true }).onRunEnd(report)).toMatch(/\u001b\[/)
  })
})

describe('JSON reporter', () => {
  it('writes the report as documented, parseable, with its version', () => {
    const parsed = JSON.parse(jsonReporter.create({ color: false }).onRunEnd(cannedReport()))
    expect(parsed.version).toBe(1)
    expect(parsed.summary).toEqual({
      conversations: 4,
      passed: 1,
      failed: 1,
      errored: 1,
      skipped: 1,
      turns: { total: 7, passed: 3, failed: 1, errored: 1, skipped: 2 },
    })
    expect(parsed.cases[1].turns[1].verdicts[0]).toMatchObject({
      code: 'ACTION_MISMATCH',
      loc: { file: 'scenarios/a.yaml', line: 14, col: 7 },
    })
  })
})
