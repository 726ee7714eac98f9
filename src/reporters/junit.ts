import path from 'node:path'
import { describeVerdict } from '../evaluate/describe.js'
import { generatorOf } from '../metrics/generators.js'
import type { CaseResult, RunReport, TurnResult } from '../report/model.js'
import type { ReporterFactory } from './reporter.js'
import { thresholdSuite } from './junit-thresholds.js'
import { replayCommand } from './replay.js'

/*
 * JUnit XML as Jenkins and GitLab read it:
 *   <testsuites>              the run (name, tests, failures, errors, time: no `skipped`, which
 *                             the Jenkins xUnit schema junit-10.xsd does not allow there)
 *     <testsuite file=…>      one scenario (or generator) file
 *       <properties>          generated runs: the generator's true totals
 *       <testcase>            one conversation, with `file` and `line` (GitLab shows them)
 *         <error>             the endpoint failed (type = the error code): verdicts not trustworthy
 *         <failure>           an expectation failed (type = the first verdict code; every failed
 *                             check of every turn in the body, also when another turn errored)
 *         <skipped>           skipped, with the reason
 *         <system-out>        the transcript, turn by turn
 *     <testsuite name="thresholds">  one testcase per threshold; <failure> when its alert triggered
 *
 * Counts always equal the elements: a suite's tests/failures/errors/skipped are counted from its
 * testcases. A generated run keeps only some passes in the report, so the reporter also collects
 * every conversation as it finishes (one short line each) and lists all of them; where only a
 * report is at hand (`banter merge` of generated shards), the testcases are the kept ones and
 * each suite's <properties> say how many conversations the generator ran and how many passes
 * are not listed.
 *
 * `junit-strict` writes the same document without the testcase `file`/`line` attributes, which
 * junit-10.xsd (what Jenkins' xUnit plugin validates against) does not allow.
 */
export interface JunitOptions {
  /** Working directory: class names and file attributes are paths relative to it. */
  cwd?: string
  /** Leave out the testcase `file` and `line` attributes (valid against junit-10.xsd). */
  strict?: boolean
}

export const junitReporter: ReporterFactory = {
  file: 'junit.xml',
  create: ({ cwd }) => junitStream({ cwd }),
}

export const junitStrictReporter: ReporterFactory = {
  file: 'junit-strict.xml',
  create: ({ cwd }) => junitStream({ cwd, strict: true }),
}

/** Rendered testcase element of one finished conversation, grouped by file, in completion order. */
interface Listed { id: string; file: string; status: CaseResult['status']; ms: number; xml: string[] }

function junitStream(opts: JunitOptions) {
  const listed: Listed[] = []
  return {
    onCaseResult(c: CaseResult): void {
      // Only conversations a report may leave out are worth remembering: generated ones.
      if (generatorOf(c) !== undefined) listed.push({ id: c.id, file: c.file, status: c.status, ms: c.durationMs, xml: shortTestcase(c, opts) })
    },
    onRunEnd: (report: RunReport) => renderJunit(report, { ...opts, streamed: listed }),
  }
}

export function renderJunit(report: RunReport, opts: JunitOptions & { streamed?: readonly Listed[] } = {}): string {
  const kept = new Map(report.cases.map((c) => [c.id, c]))
  // Every conversation seen as it finished, or the report's cases when nothing was streamed.
  const useStream = (report.run.casesOmitted ?? 0) > 0 && (opts.streamed?.length ?? 0) >= report.cases.length
  const entries: Listed[] = useStream
    ? opts.streamed!.map((e) => (kept.has(e.id) ? { ...e, xml: testcase(kept.get(e.id)!, opts, report) } : e))
    : report.cases.map((c) => ({ id: c.id, file: c.file, status: c.status, ms: c.durationMs, xml: testcase(c, opts, report) }))
  const byFile = new Map<string, Listed[]>()
  for (const e of entries) {
    const list = byFile.get(e.file)
    if (list) list.push(e)
    else byFile.set(e.file, [e])
  }
  const thresholds = report.thresholds ?? []
  const alerts = report.alerts ?? []
  const count = (list: readonly Listed[], status: string) => list.reduce((n, e) => n + (e.status === status ? 1 : 0), 0)
  const timestamp = report.run.startedAt.slice(0, 19)
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="banter" tests="${entries.length + thresholds.length}" failures="${count(entries, 'failed') + alerts.length}" errors="${count(entries, 'errored')}" time="${secs(report.run.durationMs)}">`,
  ]
  let id = 0
  for (const [file, list] of byFile) {
    const time = list.reduce((t, e) => t + e.ms, 0)
    lines.push(`  <testsuite name="${xml(file)}" tests="${list.length}" failures="${count(list, 'failed')}" errors="${count(list, 'errored')}" skipped="${count(list, 'skipped')}" time="${secs(time)}" timestamp="${timestamp}" hostname="localhost" id="${id++}" package="banter" file="${xml(relativeFile(file, opts.cwd))}">`)
    lines.push(...properties([...warningProperties(report), ...generatorProperties(report, list)]))
    for (const e of list) lines.push(...e.xml)
    lines.push('  </testsuite>')
  }
  if (thresholds.length > 0) lines.push(...thresholdSuite({ thresholds, alerts, id, timestamp, metrics: report.metrics }))
  lines.push('</testsuites>', '')
  return lines.join('\n')
}

/** One <properties> block per testsuite (JUnit allows one), or nothing. */
function properties(props: string[]): string[] {
  return props.length === 0 ? [] : ['    <properties>', ...props, '    </properties>']
}

/** Run warnings (e.g. RUNNER_SATURATED) as testsuite properties, which JUnit readers show. */
function warningProperties(report: RunReport): string[] {
  return (report.warnings ?? []).map((w) => `      <property name="banter.warning.${xml(w.code)}" value="${xml(w.shard === undefined ? w.message : `${w.message} (shard ${w.shard})`)}"/>`)
}

/** Generated runs: each generator's true totals, and how many of its conversations are not listed. */
function generatorProperties(report: RunReport, list: readonly Listed[]): string[] {
  const generators = report.summary.generators
  if (!generators) return []
  const names = [...new Set(list.map((e) => e.id.slice(0, e.id.lastIndexOf('#'))))]
  const rows = names.map((name) => ({ name, counts: generators[name] })).filter((r) => r.counts)
  if (rows.length === 0) return []
  const props = rows.flatMap(({ name, counts }) => {
    const shown = list.reduce((n, e) => n + (e.id.startsWith(`${name}#`) ? 1 : 0), 0)
    return [
      `      <property name="banter.generator" value="${xml(name)}"/>`,
      `      <property name="banter.conversations" value="${counts!.conversations}"/>`,
      `      <property name="banter.passed" value="${counts!.passed}"/>`,
      `      <property name="banter.failed" value="${counts!.failed}"/>`,
      `      <property name="banter.errored" value="${counts!.errored}"/>`,
      `      <property name="banter.not_listed" value="${Math.max(0, counts!.conversations - shown)}"/>`,
    ]
  })
  return props
}

function attrs(c: CaseResult, opts: JunitOptions): string {
  const where = opts.strict ? '' : ` file="${xml(relativeFile(c.file, opts.cwd))}" line="${c.loc.line}"`
  return `name="${xml(c.name)}" classname="${xml(classname(c.file, opts.cwd))}" time="${secs(c.durationMs)}"${where}`
}

/** A conversation that is not kept in the report: name, place, status and the first problem. */
function shortTestcase(c: CaseResult, opts: JunitOptions): string[] {
  if (c.status === 'passed') return [`    <testcase ${attrs(c, opts)}/>`]
  return [`    <testcase ${attrs(c, opts)}>`, ...problems(c, undefined), '    </testcase>']
}

function testcase(c: CaseResult, opts: JunitOptions, report: RunReport): string[] {
  return [`    <testcase ${attrs(c, opts)}>`, ...problems(c, report), `      <system-out>${xml(transcript(c.turns))}</system-out>`, '    </testcase>']
}

/** <skipped>, or <error> for the errored turn and <failure> with every failed check: both when both happened. */
function problems(c: CaseResult, report: RunReport | undefined): string[] {
  if (c.status === 'skipped') return [`      <skipped message="${xml(c.skipReason ?? 'skipped')}"/>`]
  const out: string[] = []
  const replay = report ? replayCommand(report, c) : undefined
  const again = replay ? `\nreplay: ${replay}` : ''
  const errored = c.turns.find((t) => t.error)
  if (errored?.error) {
    const msg = `turn ${errored.index + 1}: ${errored.error.code}: ${errored.error.message}`
    out.push(`      <error message="${xml(msg)}" type="${xml(errored.error.code)}">${xml(`${msg}\n  at ${errored.loc.file}:${errored.loc.line}:${errored.loc.col}${again}`)}</error>`)
  }
  const failed = c.turns.flatMap((t) => t.verdicts.filter((v) => !v.pass).map((v) => ({ t, v })))
  if (failed.length > 0) {
    const first = failed[0]!
    const body = failed.map(({ t, v }) => `turn ${t.index + 1} "${t.user}": ${describeVerdict(v)}\n  at ${v.loc.file}:${v.loc.line}:${v.loc.col}\n  - expected: ${show(v.expected)}\n  + actual:   ${show(v.actual)}`).join('\n')
    out.push(`      <failure message="${xml(`turn ${first.t.index + 1}: ${describeVerdict(first.v)}`)}" type="${xml(first.v.code)}">${xml(`${body}${again}`)}</failure>`)
  }
  return out
}

function show(value: unknown): string {
  return JSON.stringify(value) ?? 'nothing'
}

function transcript(turns: TurnResult[]): string {
  return turns.map((t) => {
    const head = `[${t.index + 1}] ${t.status.toUpperCase()} user: ${t.user}`
    if (t.reply) return `${head}\n    assistant: ${t.reply.text}\n    intent=${t.reply.intent ?? '-'} action=${t.reply.action ?? '-'} latency=${Math.round(t.latencyMs ?? 0)}ms`
    if (t.error) return `${head}\n    error: ${t.error.code}: ${t.error.message}`
    return `${head}${t.skipReason ? ` (${t.skipReason})` : ''}`
  }).join('\n')
}

/** The file as CI shows it: relative to the working directory when inside it, with `/` separators. */
export function relativeFile(file: string, cwd: string | undefined): string {
  if (!cwd || !path.isAbsolute(file)) return file.split(path.sep).join('/')
  const rel = path.relative(cwd, file)
  return (rel === '' || rel.startsWith('..') || path.isAbsolute(rel) ? file : rel).split(path.sep).join('/')
}

/**
 * GitLab and Jenkins group by classname: a dotted name from the file's path relative to the
 * working directory, without leading dots or slashes (a file outside it keeps its path, minus the root).
 */
export function classname(file: string, cwd?: string): string {
  return relativeFile(file, cwd)
    .replace(/\.(ya?ml)$/, '')
    .replace(/^([A-Za-z]:)?[/\\]+/, '')
    .replace(/^(\.\.?[/\\])+/, '')
    .replace(/[/\\]+/g, '.')
    .replace(/^\.+/, '')
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
