// Every text reporter treats a verdict the judge could not grade (`errored: true`) as the turn's
// error, never as a failed check; the checks that really failed stay failures.
import { describe, expect, it } from 'vitest'
import { describeVerdict } from '../../../src/evaluate/describe.js'
import { briefClosing, consoleReporter } from '../../../src/reporters/console.js'
import { githubReporter } from '../../../src/reporters/github.js'
import { renderJunit } from '../../../src/reporters/junit.js'
import { renderMarkdown } from '../../../src/reporters/markdown.js'
import type { RunReport } from '../../../src/report/model.js'
import { judgeErroredCase, reportOf } from '../../helpers/html-fixtures.js'

const report: RunReport = reportOf([judgeErroredCase()])
const [intent, , judge] = report.cases[0]!.turns[0]!.verdicts
/** The turn's error, as every reporter shows it. */
const TURN_ERROR = 'JUDGE_TIMEOUT: judge: no grade within 5000 ms'
/** The errored verdict described as a check: no reporter lists it among failures. */
const AS_FAILURE = describeVerdict(judge!)

const count = (text: string, part: string) => text.split(part).length - 1

describe('an errored judge verdict in the text reporters', () => {
  it('console: the turn error, the failed intent check, not the judge as a failure; counted as errored', () => {
    const out = consoleReporter.create({ color: false }).onRunEnd(report)
    expect(count(out, TURN_ERROR)).toBe(1)
    expect(out).toContain(describeVerdict(intent!))
    expect(out).not.toContain(AS_FAILURE)
    expect(out).toContain('0 passed, 0 failed, 1 errored')
    const brief = briefClosing(false, report)
    expect(brief).toContain(`turn 1: ${TURN_ERROR}`)
    expect(brief).not.toContain(AS_FAILURE)
  })

  it('markdown: the turn error once, the intent failure, an Errored verdict', () => {
    const out = renderMarkdown(report)
    expect(out).toContain('⚠️ Errored')
    expect(count(out, 'JUDGE_TIMEOUT')).toBe(1)
    expect(out).toContain(describeVerdict(intent!))
    expect(out).not.toContain(AS_FAILURE)
  })

  it('junit: an <error> of the judge code and a <failure> for the intent check only', () => {
    const out = renderJunit(report)
    expect(out).toMatch(/<testsuites [^>]*failures="0" errors="1"/)
    expect(out).toMatch(/<error message="[^"]*" type="JUDGE_TIMEOUT">/)
    expect(count(out, '<failure ')).toBe(1)
    expect(out).not.toContain(AS_FAILURE)
  })

  it('github: one annotation for the turn error, one for the intent check, none for the judge as a failure', () => {
    const out = githubReporter.create({ color: false, cwd: '/w', env: {} }).onCaseResult!(report.cases[0]!) as string
    const annotations = out.split('\n').filter((l) => l.startsWith('::error'))
    expect(annotations).toHaveLength(2)
    expect(annotations[0]).toContain(TURN_ERROR)
    expect(annotations[1]).toContain(describeVerdict(intent!))
    expect(out).not.toContain(AS_FAILURE)
  })
})
