import { Chalk, type ChalkInstance } from 'chalk'
import { describeVerdict } from '../evaluate/describe.js'
import type { CaseResult, RunReport, TurnResult } from '../report/model.js'
import type { Verdict } from '../report/verdict.js'
import type { ReporterFactory } from './reporter.js'
import { describeAlert } from './format-metric.js'
import { metricsBlock } from './console-metrics.js'
import { replayCommand } from './replay.js'
import { notPassing, outcomeNotes, passCount, problemRuns, runLabel } from './repeats.js'
import { verdictCounts } from '../report/verdict-counts.js'

/**
 * The terminal view: a header, a line per scenario as it finishes, then each failure with the
 * expectation's file:line and expected vs actual, and a closing summary line
 * `N passed, N failed, N errored, N skipped`.
 */
export const consoleReporter: ReporterFactory = {
  create: ({ color }) => {
    const c = new Chalk({ level: color ? 1 : 0 })
    return {
      onRunStart: (info) =>
        `${c.bold('banter')} running ${info.repeat ? `${plural(info.total / info.repeat, 'conversation')} × ${info.repeat} runs` : plural(info.total, 'conversation')} from ${plural(info.files, 'file')} against ${info.target}\n`,
      onCaseResult: (r) => caseLine(c, r),
      onRunEnd: (report) => closing(c, report),
    }
  },
}

const MARK = { passed: '✓', failed: '✗', errored: '!', skipped: '-' } as const

function caseLine(c: ChalkInstance, r: CaseResult): string {
  const colour = { passed: c.green, failed: c.red, errored: c.yellow, skipped: c.gray }[r.status]
  const err = r.turns.find((t) => t.error)?.error
  const note =
    r.status === 'errored' && err
      ? c.yellow(` errored: ${err.code}`)
      : r.status === 'skipped'
        ? c.gray(` skipped${r.skipReason ? `: ${r.skipReason}` : ''}`)
        : ''
  return ` ${colour(MARK[r.status])} ${r.name} ${c.gray(`${r.file}:${r.loc.line}${runLabel(r)}`)} ${c.gray(`(${r.durationMs} ms)`)}${note}\n`
}

/** How many entries problemRuns would list had the report kept every case: runs, or with --repeat conversations with a failed run. */
function problemCount(report: RunReport): number {
  if (report.run.repeat) return (report.conversations ?? []).filter((o) => o.failed + o.errored > 0).length
  return report.summary.failed + report.summary.errored
}

function closing(c: ChalkInstance, report: RunReport): string {
  const problems = problemRuns(report)
  const parts: string[] = []
  if (problems.length > 0) {
    parts.push(`\n${c.bold('Failures')}${report.run.repeat ? c.gray(' (the first failed run of each conversation)') : ''}\n`)
    const note = outcomeNotes(report)
    for (const r of problems) parts.push(failureBlock(c, r, report, note(r)))
    // A large run's report in memory keeps the first 1000 problems (run-generated.ts retention).
    const unlisted = problemCount(report) - problems.length
    if (unlisted > 0) parts.push(`\n${c.gray(`… and ${unlisted} more failed or errored (see the reports)`)}\n`)
  }
  parts.push(repeatsBlock(c, report))
  if (report.run.stoppedEarly) parts.push(`\n${c.yellow(`Stopped early (${report.run.stoppedEarly}).`)}\n`)
  parts.push(metricsBlock(c, report))
  parts.push(`\n${summaryLine(c, report)}\n`)
  return parts.join('')
}

function failureBlock(c: ChalkInstance, r: CaseResult, report: RunReport, note: string): string {
  const lines = [`\n${c.red(MARK[r.status])} ${c.bold(r.name)} ${c.gray(`(${r.file}:${r.loc.line}${runLabel(r)})`)}${note}`]
  for (const t of r.turns) {
    // An errored verdict (the judge failed) is shown as the turn's error.
    const failed = t.verdicts.filter((v) => !v.pass && !v.errored)
    if (failed.length === 0 && !t.error) continue
    lines.push(`  turn ${t.index + 1}${t.fragment ? ` (from fragment ${t.fragment})` : ''}: ${JSON.stringify(t.user)}`)
    if (t.error)
      lines.push(`    ${c.yellow('!')} ${t.error.code}: ${t.error.message}`, c.gray(`      at ${t.loc.file}:${t.loc.line}:${t.loc.col}`))
    for (const v of failed) lines.push(...verdictLines(c, v, t))
  }
  const replay = replayCommand(report, r)
  if (replay) lines.push(`  replay: ${replay}`)
  return `${lines.join('\n')}\n`
}

const OUTCOME_MARK = { passed: '✓', failed: '✗', flaky: '~', errored: '!', skipped: '-' } as const

/** Repeated runs: each conversation that did not pass every run, with its pass counts. */
function repeatsBlock(c: ChalkInstance, report: RunReport): string {
  if (!report.run.repeat || !report.conversations) return ''
  const shown = notPassing(report)
  if (shown.length === 0) return `\n${c.green(`Every conversation passed all ${report.run.repeat} runs.`)}\n`
  const colour = { passed: c.green, failed: c.red, flaky: c.yellow, errored: c.yellow, skipped: c.gray }
  const lines = shown.map(
    (o) =>
      ` ${colour[o.outcome](OUTCOME_MARK[o.outcome])} ${o.name} ${c.gray(`${o.file}:${o.loc.line}`)} ${passCount(o)} ${colour[o.outcome](o.outcome)}`,
  )
  return `\n${c.bold('Repeats')} ${c.gray(`(${report.run.repeat} runs each; conversations that did not pass every run)`)}\n${lines.join('\n')}\n`
}

function verdictLines(c: ChalkInstance, v: Verdict, t: TurnResult): string[] {
  const lines = [`    ${c.red('✗')} ${describeVerdict(v)}`, c.gray(`      at ${v.loc.file}:${v.loc.line}:${v.loc.col}`)]
  lines.push(`      ${c.green('- expected:')} ${show(v.expected)}`, `      ${c.red('+ actual:  ')} ${show(v.actual)}`)
  if (v.check !== 'reply' && t.reply) lines.push(c.gray(`      reply: ${JSON.stringify(t.reply.text)}`))
  return lines
}

function show(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? 'nothing')
}

/**
 * What the terminal shows at the end when no console reporter was asked for (`-r junit,html`):
 * the verdict and counts on one line, then each failed or errored conversation on one line with
 * its first problem (and replay command for generated ones), at most BRIEF_PROBLEMS of them.
 */
export function briefClosing(color: boolean, report: RunReport): string {
  const c = new Chalk({ level: color ? 1 : 0 })
  const problems = problemRuns(report)
  const note = outcomeNotes(report)
  const lines: string[] = []
  for (const r of problems.slice(0, BRIEF_PROBLEMS)) {
    const t = r.turns.find((x) => x.error || x.verdicts.some((v) => !v.pass))
    const v = t?.verdicts.find((x) => !x.pass)
    const what = t?.error ? `${t.error.code}: ${t.error.message}` : v ? `${describeVerdict(v)} (${v.loc.file}:${v.loc.line})` : r.status
    lines.push(
      ` ${c.red(MARK[r.status])} ${r.name} ${c.gray(`${r.file}:${r.loc.line}${runLabel(r)}`)}${note(r)}${t ? ` turn ${t.index + 1}: ${what}` : ''}`,
    )
    const replay = replayCommand(report, r)
    if (replay) lines.push(`   replay: ${replay}`)
  }
  const counts = verdictCounts(report.summary)
  // Repeated: conversations that failed or were flaky, one line each; else failed and errored conversations.
  const unlisted =
    (report.run.repeat ? counts.failed + counts.errored + counts.flaky : report.summary.failed + report.summary.errored) -
    Math.min(problems.length, BRIEF_PROBLEMS)
  if (unlisted > 0) lines.push(c.gray(` … and ${unlisted} more failed or errored (see the reports)`))
  if (report.alerts?.length) lines.push(...report.alerts.map((a) => ` ${c.red('alert')} ${describeAlert(a)}`))
  lines.push(`${verdictWord(c, report)} ${summaryLine(c, report)}`)
  return `${lines.join('\n')}\n`
}

const BRIEF_PROBLEMS = 20

function verdictWord(c: ChalkInstance, report: RunReport): string {
  const s = verdictCounts(report.summary)
  if (report.run.interrupted?.reason === 'interrupted') return c.yellow.bold('INTERRUPTED')
  if (s.errored > 0 || report.run.interrupted) return c.yellow.bold('ERRORED')
  if (s.failed > 0 || (report.alerts?.length ?? 0) > 0) return c.red.bold('FAILED')
  return c.green.bold('PASSED')
}

function summaryLine(c: ChalkInstance, report: RunReport): string {
  const s = report.summary
  if (s.outcomes) return repeatedSummaryLine(c, report, s.outcomes)
  const counts = [
    (s.passed > 0 ? c.green : c.gray)(`${s.passed} passed`),
    (s.failed > 0 ? c.red : c.gray)(`${s.failed} failed`),
    (s.errored > 0 ? c.yellow : c.gray)(`${s.errored} errored`),
    c.gray(`${s.skipped} skipped`),
  ].join(', ')
  return `${counts} ${c.gray(`(${plural(s.conversations, 'conversation')}, ${plural(s.turns.total, 'turn')}) in ${(report.run.durationMs / 1000).toFixed(2)}s`)}`
}

/** `9 passed, 1 flaky, 1 failed, 0 errored, 0 skipped (11 conversations × 3 runs: 33 runs, 63 turns; pass rate 93.9%) in 2.26s` */
function repeatedSummaryLine(c: ChalkInstance, report: RunReport, o: NonNullable<RunReport['summary']['outcomes']>): string {
  const counts = [
    (o.passed > 0 ? c.green : c.gray)(`${o.passed} passed`),
    (o.flaky > 0 ? c.yellow : c.gray)(`${o.flaky} flaky`),
    (o.failed > 0 ? c.red : c.gray)(`${o.failed} failed`),
    (o.errored > 0 ? c.yellow : c.gray)(`${o.errored} errored`),
    c.gray(`${o.skipped} skipped`),
  ].join(', ')
  const rate = report.metrics?.pass_rate
  const runs = report.summary.conversations
  const detail = `${plural(o.conversations, 'conversation')} × ${report.run.repeat} runs: ${plural(runs, 'run')}, ${plural(report.summary.turns.total, 'turn')}${rate === undefined || rate === null ? '' : `; pass rate ${(rate * 100).toFixed(1)}%`}`
  return `${counts} ${c.gray(`(${detail}) in ${(report.run.durationMs / 1000).toFixed(2)}s`)}`
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`
}
