import { Chalk, type ChalkInstance } from 'chalk'
import { describeVerdict } from '../evaluate/describe.js'
import type { CaseResult, RunReport, TurnResult, Verdict } from '../report/model.js'
import type { ReporterFactory } from './reporter.js'
import { describeAlert } from './format-metric.js'
import { metricsBlock } from './console-metrics.js'
import { replayCommand } from './replay.js'

/**
 * The terminal view: a header, a line per scenario as it finishes, then each failure with the
 * expectation's file:line and expected vs actual, and a closing summary line
 * `N passed, N failed, N errored, N skipped`.
 */
export const consoleReporter: ReporterFactory = {
  create: ({ color }) => {
    const c = new Chalk({ level: color ? 1 : 0 })
    return {
      onRunStart: (info) => `${c.bold('banter')} running ${plural(info.total, 'conversation')} from ${plural(info.files, 'file')} against ${info.target}\n`,
      onCaseResult: (r) => caseLine(c, r),
      onRunEnd: (report) => closing(c, report),
    }
  },
}

const MARK = { passed: '✓', failed: '✗', errored: '!', skipped: '-' } as const

function caseLine(c: ChalkInstance, r: CaseResult): string {
  const colour = { passed: c.green, failed: c.red, errored: c.yellow, skipped: c.gray }[r.status]
  const err = r.turns.find((t) => t.error)?.error
  const note = r.status === 'errored' && err ? c.yellow(` errored: ${err.code}`) : r.status === 'skipped' ? c.gray(` skipped${r.skipReason ? `: ${r.skipReason}` : ''}`) : ''
  return ` ${colour(MARK[r.status])} ${r.name} ${c.gray(`${r.file}:${r.loc.line}`)} ${c.gray(`(${r.durationMs} ms)`)}${note}\n`
}

function closing(c: ChalkInstance, report: RunReport): string {
  const problems = report.cases.filter((r) => r.status === 'failed' || r.status === 'errored')
  const parts: string[] = []
  if (problems.length > 0) {
    parts.push(`\n${c.bold('Failures')}\n`)
    for (const r of problems) parts.push(failureBlock(c, r, report))
    // A large run's report in memory keeps the first 1000 problems (run-generated.ts retention).
    const unlisted = report.summary.failed + report.summary.errored - problems.length
    if (unlisted > 0) parts.push(`\n${c.gray(`… and ${unlisted} more failed or errored (see the reports)`)}\n`)
  }
  if (report.run.stoppedEarly) parts.push(`\n${c.yellow(`Stopped early (${report.run.stoppedEarly}).`)}\n`)
  parts.push(metricsBlock(c, report))
  parts.push(`\n${summaryLine(c, report)}\n`)
  return parts.join('')
}

function failureBlock(c: ChalkInstance, r: CaseResult, report: RunReport): string {
  const lines = [`\n${c.red(MARK[r.status])} ${c.bold(r.name)} ${c.gray(`(${r.file}:${r.loc.line})`)}`]
  for (const t of r.turns) {
    const failed = t.verdicts.filter((v) => !v.pass)
    if (failed.length === 0 && !t.error) continue
    lines.push(`  turn ${t.index + 1}${t.fragment ? ` (from fragment ${t.fragment})` : ''}: ${JSON.stringify(t.user)}`)
    if (t.error) lines.push(`    ${c.yellow('!')} ${t.error.code}: ${t.error.message}`, c.gray(`      at ${t.loc.file}:${t.loc.line}:${t.loc.col}`))
    for (const v of failed) lines.push(...verdictLines(c, v, t))
  }
  const replay = replayCommand(report, r)
  if (replay) lines.push(`  replay: ${replay}`)
  return `${lines.join('\n')}\n`
}

function verdictLines(c: ChalkInstance, v: Verdict, t: TurnResult): string[] {
  const lines = [`    ${c.red('✗')} ${describeVerdict(v)}`, c.gray(`      at ${v.loc.file}:${v.loc.line}:${v.loc.col}`)]
  lines.push(`      ${c.green('- expected:')} ${show(v.expected)}`, `      ${c.red('+ actual:  ')} ${show(v.actual)}`)
  if (v.check !== 'reply' && t.reply) lines.push(c.gray(`      reply: ${JSON.stringify(t.reply.text)}`))
  return lines
}

function show(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value) ?? 'nothing'
}

/**
 * What the terminal shows at the end when no console reporter was asked for (`-r junit,html`):
 * the verdict and counts on one line, then each failed or errored conversation on one line with
 * its first problem (and replay command for generated ones), at most BRIEF_PROBLEMS of them.
 */
export function briefClosing(color: boolean, report: RunReport): string {
  const c = new Chalk({ level: color ? 1 : 0 })
  const problems = report.cases.filter((r) => r.status === 'failed' || r.status === 'errored')
  const lines: string[] = []
  for (const r of problems.slice(0, BRIEF_PROBLEMS)) {
    const t = r.turns.find((x) => x.error || x.verdicts.some((v) => !v.pass))
    const v = t?.verdicts.find((x) => !x.pass)
    const what = t?.error ? `${t.error.code}: ${t.error.message}` : v ? `${describeVerdict(v)} (${v.loc.file}:${v.loc.line})` : r.status
    lines.push(` ${c.red(MARK[r.status])} ${r.name} ${c.gray(`${r.file}:${r.loc.line}`)}${t ? ` turn ${t.index + 1}: ${what}` : ''}`)
    const replay = replayCommand(report, r)
    if (replay) lines.push(`   replay: ${replay}`)
  }
  const unlisted = report.summary.failed + report.summary.errored - Math.min(problems.length, BRIEF_PROBLEMS)
  if (unlisted > 0) lines.push(c.gray(` … and ${unlisted} more failed or errored (see the reports)`))
  if (report.alerts?.length) lines.push(...report.alerts.map((a) => ` ${c.red('alert')} ${describeAlert(a)}`))
  lines.push(`${verdictWord(c, report)} ${summaryLine(c, report)}`)
  return `${lines.join('\n')}\n`
}

const BRIEF_PROBLEMS = 20

function verdictWord(c: ChalkInstance, report: RunReport): string {
  const s = report.summary
  if (report.run.interrupted?.reason === 'interrupted') return c.yellow.bold('INTERRUPTED')
  if (s.errored > 0 || report.run.interrupted) return c.yellow.bold('ERRORED')
  if (s.failed > 0 || (report.alerts?.length ?? 0) > 0) return c.red.bold('FAILED')
  return c.green.bold('PASSED')
}

function summaryLine(c: ChalkInstance, report: RunReport): string {
  const s = report.summary
  const counts = [
    (s.passed > 0 ? c.green : c.gray)(`${s.passed} passed`),
    (s.failed > 0 ? c.red : c.gray)(`${s.failed} failed`),
    (s.errored > 0 ? c.yellow : c.gray)(`${s.errored} errored`),
    c.gray(`${s.skipped} skipped`),
  ].join(', ')
  return `${counts} ${c.gray(`(${plural(s.conversations, 'conversation')}, ${plural(s.turns.total, 'turn')}) in ${(report.run.durationMs / 1000).toFixed(2)}s`)}`
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`
}
