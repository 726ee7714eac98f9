import { describeVerdict } from '../evaluate/describe.js'
import type { CaseResult, RunReport, TurnResult } from '../results.js'
import type { ReporterFactory } from './reporter.js'
import { thresholdSuite } from './junit-thresholds.js'

/*
 * JUnit XML as Jenkins and GitLab read it:
 *   <testsuites>              the run
 *     <testsuite>             one scenario file
 *       <testcase>            one scenario (conversation)
 *         <failure>           an expectation failed (type = the verdict code)
 *         <error>             the endpoint failed (type = the error code): verdicts not trustworthy
 *         <skipped>           skipped, with the reason
 *         <system-out>        the transcript, turn by turn
 *     <testsuite name="thresholds">  one testcase per threshold; <failure> when its alert triggered
 * Only attributes of the Jenkins JUnit schema are used, so strict parsers accept the file.
 */
export const junitReporter: ReporterFactory = {
  file: 'junit.xml',
  create: () => ({ onRunEnd: renderJunit }),
}

export function renderJunit(report: RunReport): string {
  const byFile = new Map<string, CaseResult[]>()
  for (const c of report.cases) byFile.set(c.file, [...(byFile.get(c.file) ?? []), c])
  const s = report.summary
  const thresholds = report.thresholds ?? []
  const alerts = report.alerts ?? []
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="banter" tests="${s.conversations + thresholds.length}" failures="${s.failed + alerts.length}" errors="${s.errored}" skipped="${s.skipped}" time="${secs(report.run.durationMs)}">`,
  ]
  let id = 0
  for (const [file, cases] of byFile) {
    const count = (status: string) => cases.filter((c) => c.status === status).length
    const time = cases.reduce((t, c) => t + c.durationMs, 0)
    lines.push(`  <testsuite name="${xml(file)}" tests="${cases.length}" failures="${count('failed')}" errors="${count('errored')}" skipped="${count('skipped')}" time="${secs(time)}" timestamp="${report.run.startedAt.slice(0, 19)}" hostname="localhost" id="${id++}" package="banter">`)
    lines.push(...warningProperties(report))
    for (const c of cases) lines.push(...testcase(c))
    lines.push('  </testsuite>')
  }
  if (thresholds.length > 0) lines.push(...thresholdSuite({ thresholds, alerts, id, timestamp: report.run.startedAt.slice(0, 19) }))
  lines.push('</testsuites>', '')
  return lines.join('\n')
}

/** Run warnings (e.g. RUNNER_SATURATED) as testsuite properties, which JUnit readers show. */
function warningProperties(report: RunReport): string[] {
  const warnings = report.warnings ?? []
  if (warnings.length === 0) return []
  return ['    <properties>', ...warnings.map((w) => `      <property name="banter.warning.${xml(w.code)}" value="${xml(w.message)}"/>`), '    </properties>']
}

function testcase(c: CaseResult): string[] {
  const out = [`    <testcase name="${xml(c.name)}" classname="${xml(classname(c.file))}" time="${secs(c.durationMs)}">`]
  const failed = c.turns.flatMap((t) => t.verdicts.filter((v) => !v.pass).map((v) => ({ t, v })))
  const errored = c.turns.find((t) => t.error)
  if (c.status === 'skipped') {
    out.push(`      <skipped message="${xml(c.skipReason ?? 'skipped')}"/>`)
  } else if (errored?.error) {
    const msg = `turn ${errored.index + 1}: ${errored.error.code}: ${errored.error.message}`
    out.push(`      <error message="${xml(msg)}" type="${xml(errored.error.code)}">${xml(`${msg}\n  at ${errored.loc.file}:${errored.loc.line}:${errored.loc.col}`)}</error>`)
  } else if (failed.length > 0) {
    const first = failed[0]!
    const body = failed.map(({ t, v }) => `turn ${t.index + 1} "${t.user}": ${describeVerdict(v)}\n  at ${v.loc.file}:${v.loc.line}:${v.loc.col}`).join('\n')
    out.push(`      <failure message="${xml(`turn ${first.t.index + 1}: ${describeVerdict(first.v)}`)}" type="${xml(first.v.code)}">${xml(body)}</failure>`)
  }
  out.push(`      <system-out>${xml(transcript(c.turns))}</system-out>`, '    </testcase>')
  return out
}

function transcript(turns: TurnResult[]): string {
  return turns.map((t) => {
    const head = `[${t.index + 1}] ${t.status.toUpperCase()} user: ${t.user}`
    if (t.reply) return `${head}\n    assistant: ${t.reply.text}\n    intent=${t.reply.intent ?? '-'} action=${t.reply.action ?? '-'} latency=${Math.round(t.latencyMs ?? 0)}ms`
    if (t.error) return `${head}\n    error: ${t.error.code}: ${t.error.message}`
    return `${head}${t.skipReason ? ` (${t.skipReason})` : ''}`
  }).join('\n')
}

/** GitLab and Jenkins group by classname; a dotted name from the file path reads well in both. */
function classname(file: string): string {
  return file.replace(/\.(ya?ml)$/, '').replace(/[/\\]/g, '.')
}

function secs(ms: number): string {
  return (ms / 1000).toFixed(3)
}

/** Escapes text for XML and drops characters XML 1.0 cannot hold at all. */
export function xml(text: string): string {
  return text
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/[\uD800-\uDFFF]/g, (ch, i: number, s: string) => (isPaired(s, i) ? ch : ''))
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
}

function isPaired(s: string, i: number): boolean {
  const c = s.charCodeAt(i)
  if (c >= 0xd800 && c <= 0xdbff) { const n = s.charCodeAt(i + 1); return n >= 0xdc00 && n <= 0xdfff }
  const p = s.charCodeAt(i - 1)
  return p >= 0xd800 && p <= 0xdbff
}
