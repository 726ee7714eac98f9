import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { appendStepSummary } from '../../../src/cli/step-summary.js'
import { REPORTERS } from '../../../src/reporters/registry.js'
import { REPORTER_NAMES } from '../../../src/reporters/names.js'
import type { RunReport } from '../../../src/report/model.js'
import type { Verdict } from '../../../src/report/verdict.js'
import { neutralise, neutraliseDeep } from '../../../src/util/safe-text.js'
import { cannedReport } from '../../helpers/canned-report.js'
import { ANSI_TEXT } from '../../helpers/hostile-server.js'
import { tempDir } from '../../helpers/temp-dir.js'

// Any control character but newline and tab, C1 controls, and the bidi/format controls.
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069]/

/** A report whose endpoint-sourced texts (reply, intent, action, entities, error, actual) carry escapes. */
function hostileReport(): RunReport {
  const report = cannedReport()
  const failed = report.cases.find((c) => c.status === 'failed')!
  const turn = failed.turns.find((t) => t.status === 'failed')!
  turn.reply = {
    text: ANSI_TEXT,
    intent: `greet${ANSI_TEXT}`,
    action: `act${ANSI_TEXT}`,
    entities: [{ type: `t${ANSI_TEXT}`, value: ANSI_TEXT }],
  }
  turn.verdicts = turn.verdicts.map((v) => ({ ...v, actual: ANSI_TEXT }) as Verdict)
  const errored = report.cases.find((c) => c.status === 'errored')
  const bad = errored?.turns.find((t) => t.error)
  if (bad) bad.error = { code: 'BAD_RESPONSE', message: `response is not valid JSON: ${ANSI_TEXT}` }
  return report
}

describe('control characters from an endpoint never reach a text output raw', () => {
  it('neutralise shows each as a visible escape and keeps newlines and tabs', () => {
    expect(neutralise('a\u001b[31mb\u0007c\rd\u009be\u202ef\n\tg')).toBe('a\\x1b[31mb\\x07c\\rd\\x9be\\u202ef\n\tg')
    expect(neutralise(ANSI_TEXT)).not.toMatch(RAW_CONTROL)
    expect(neutralise('plain text, é, 😀')).toBe('plain text, é, 😀')
  })

  it('neutraliseDeep copies only what changes', () => {
    const clean = { a: ['x', { b: 'y' }], n: 1 }
    expect(neutraliseDeep(clean)).toBe(clean)
    const dirty = { a: ['x', { b: 'y\u001b' }], c: { d: 'z' } }
    const safe = neutraliseDeep(dirty)
    expect(safe).toEqual({ a: ['x', { b: 'y\\x1b' }], c: { d: 'z' } })
    expect(safe.c).toBe(dirty.c)
    expect(dirty.a[1]).toEqual({ b: 'y\u001b' })
  })

  it.each(REPORTER_NAMES.filter((n) => n !== 'json'))('the %s reporter shows them as escapes', (name) => {
    const report = hostileReport()
    const reporter = REPORTERS[name].create({ color: false })
    const texts = [reporter.onRunEnd(report), ...report.cases.map((c) => reporter.onCaseResult?.(c) ?? '')]
    for (const text of texts) expect(text).not.toMatch(RAW_CONTROL)
    if (name !== 'prometheus') expect(texts.join('')).toContain('\\x1b[31mRED')
  })

  it('the JSON report keeps the text exactly', () => {
    const report = hostileReport()
    const json = REPORTERS.json!.create({ color: false }).onRunEnd(report)
    // JSON escapes C0 controls itself (ESC is written \u001b); the text round-trips exactly.
    // eslint-disable-next-line no-control-regex
    expect(json).not.toMatch(/[\u0000-\u0008\u000B-\u001F]/)
    expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(report)))
  })

  it('the GITHUB_STEP_SUMMARY gets the Markdown with escapes', async () => {
    const file = path.join(await tempDir('banter-step-'), 'summary.md')
    await appendStepSummary(hostileReport(), { GITHUB_STEP_SUMMARY: file })
    const text = await readFile(file, 'utf8')
    expect(text).not.toMatch(RAW_CONTROL)
    expect(text).toContain('\\x1b')
  })
})
