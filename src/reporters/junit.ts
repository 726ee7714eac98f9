import path from 'node:path'
import { describeVerdict } from '../evaluate/describe.js'
import { generatorOf } from '../metrics/generators.js'
import type { CaseResult, RunReport, TurnResult } from '../report/model.js'
import { casesOf, type CaseSource, type ReporterFactory } from './reporter.js'
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
 * The document is written in pieces: a first pass over the conversations counts each file's
 * testcases, a second renders them one at a time (a large run's come back from disk).
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
    streamRunEnd: (report: RunReport, cases: CaseSource) => junitChunks(report, cases, { ...opts, streamed: listed }),
  }
}

type RenderOptions = JunitOptions & { streamed?: readonly Listed[] }

export function renderJunit(report: RunReport, opts: RenderOptions = {}): string {
  return [...junitChunks(report, casesOf(report), opts)].join('')
}

/** One file's testcases: positions in the case source, or entries rendered as they finished. */
interface Suite { file: string; tests: number; failed: number; errored: number; skipped: number; ms: number; ids: string[]; members: (number | Listed)[] }

/** The document a line at a time; `cases` holds every conversation of the report, in input order. */
function* junitChunks(report: RunReport, cases: CaseSource, opts: RenderOptions = {}): Generator<string> {
  const suites = groupByFile(report, cases, opts)
  const thresholds = report.thresholds ?? []
  const alerts = report.alerts ?? []
  const total = (key: 'tests' | 'failed' | 'errored') => suites.reduce((n, s) => n + s[key], 0)
  const timestamp = report.run.startedAt.slice(0, 19)
  yield '<?xml version="1.0" encoding="UTF-8"?>\n'
  yield `<testsuites name="banter" tests="${total('tests') + thresholds.length}" failures="${total('failed') + alerts.length}" errors="${total('errored')}" time="${secs(report.run.durationMs)}">\n`
  let id = 0
  for (const s of suites) {
    yield `  <testsuite name="${xml(s.file)}" tests="${s.tests}" failures="${s.failed}" errors="${s.errored}" skipped="${s.skipped}" time="${secs(s.ms)}" timestamp="${timestamp}" hostname="localhost" id="${id++}" package="banter" file="${xml(relativeFile(s.file, opts.cwd))}">\n`
    yield* lines(properties([...warningProperties(report), ...generatorProperties(report, s)]))
    for (const m of s.members) yield* lines(typeof m === 'number' ? testcase(cases.at(m), opts, report) : m.xml)
    yield '  </testsuite>\n'
  }
  if (thresholds.length > 0) yield* lines(thresholdSuite({ thresholds, alerts, id, timestamp, metrics: report.metrics }))
  yield '</testsuites>\n'
}

function* lines(list: readonly string[]): Generator<string> {
  for (const line of list) yield `${line}\n`
}

/**
 * Testcases grouped by file in order of first appearance, counted: every conversation seen as it
 * finished (a generated run whose report left some out), else every one of `cases`.
 */
function groupByFile(report: RunReport, cases: CaseSource, opts: RenderOptions): Suite[] {
  const byFile = new Map<string, Suite>()
  // Ids only matter for generated runs' per-generator properties.
  const withIds = report.summary.generators !== undefined
  const add = (c: { id: string; file: string; status: CaseResult['status']; ms: number }, member: number | Listed) => {
    let s = byFile.get(c.file)
    if (!s) byFile.set(c.file, s = { file: c.file, tests: 0, failed: 0, errored: 0, skipped: 0, ms: 0, ids: [], members: [] })
    s.tests++
    if (c.status === 'failed') s.failed++
    else if (c.status === 'errored') s.errored++
    else if (c.status === 'skipped') s.skipped++
    s.ms += c.ms
    if (withIds) s.ids.push(c.id)
    s.members.push(member)
  }
  const useStream = (report.run.casesOmitted ?? 0) > 0 && (opts.streamed?.length ?? 0) >= cases.size
  if (useStream) {
    const kept = new Map(report.cases.map((c) => [c.id, c]))
    for (const e of opts.streamed!) add(e, kept.has(e.id) ? { ...e, xml: testcase(kept.get(e.id)!, opts, report) } : e)
  } else {
    for (let i = 0; i < cases.size; i++) {
      const c = cases.at(i)
      add({ id: c.id, file: c.file, status: c.status, ms: c.durationMs }, i)
    }
  }
  return [...byFile.values()]
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
function generatorProperties(report: RunReport, suite: Suite): string[] {
  const generators = report.summary.generators
  if (!generators) return []
  const names = [...new Set(suite.ids.map((id) => id.slice(0, id.lastIndexOf('#'))))]
  const rows = names.map((name) => ({ name, counts: generators[name] })).filter((r) => r.counts)
  if (rows.length === 0) return []
  const props = rows.flatMap(({ name, counts }) => {
    const shown = suite.ids.reduce((n, id) => n + (id.startsWith(`${name}#`) ? 1 : 0), 0)
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
