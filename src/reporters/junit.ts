import path from 'node:path'
import { describeVerdict } from '../evaluate/describe.js'
import { generatorOf } from '../metrics/generators.js'
import type { CaseResult, RunReport, TurnResult } from '../report/model.js'
import type { ReporterFactory } from './reporter.js'
import { thresholdSuite } from './junit-thresholds.js'
import { replayCommand } from './replay.js'
import { outcomeOf } from '../metrics/outcomes.js'
import { xml } from './xml-text.js'

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
 * Repeated runs (--repeat) are one testcase per conversation, marked as Maven surefire marks
 * rerun tests (rerunFailingTestsCount) and Gradle merges reruns, which junit-10.xsd describes:
 *   flaky (some runs passed)   a passing testcase with a <flakyFailure> or <flakyError> per
 *                              failed run (type, message, <stackTrace> body, <system-out>)
 *   failed / errored (none     <failure> or <error> from the first failed run, then a
 *   passed)                    <rerunFailure> or <rerunError> per other failed run
 * Readers that know these elements (Jenkins' Flaky Test Handler, surefire's own report) show the
 * flakiness; others (GitLab, Jenkins' JUnit plugin) ignore them and see a pass or a failure, as a
 * flaky conversation does not fail the run. The testcase <system-out> starts with the pass
 * counts (`runs: 3/5 passed (flaky)`) and holds each run's transcript.
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
interface Listed { id: string; file: string; status: CaseResult['status']; ms: number; xml: string[]; run?: RunPiece }

/** One run of a repeated conversation, kept to be grouped with its other runs into one testcase. */
interface RunPiece { c: CaseResult; index: number; problems: Problem[]; transcript?: string }

/** An <error> or <failure> as data: rendered as such, or as a surefire rerun/flaky element. */
interface Problem { kind: 'error' | 'failure'; message: string; type: string; body: string }

function junitStream(opts: JunitOptions) {
  const listed: Listed[] = []
  return {
    onCaseResult(c: CaseResult): void {
      // Only conversations a report may leave out are worth remembering: generated ones.
      if (generatorOf(c) !== undefined) listed.push({ id: c.id, file: c.file, status: c.status, ms: c.durationMs, xml: shortTestcase(c, opts), ...(c.repeat ? { run: runPiece(c, undefined) } : {}) })
    },
    onRunEnd: (report: RunReport) => renderJunit(report, { ...opts, streamed: listed }),
  }
}

export function renderJunit(report: RunReport, opts: JunitOptions & { streamed?: readonly Listed[] } = {}): string {
  const kept = new Map(report.cases.map((c) => [runKey(c), c]))
  // Every conversation seen as it finished, or the report's cases when nothing was streamed.
  const useStream = (report.run.casesOmitted ?? 0) > 0 && (opts.streamed?.length ?? 0) >= report.cases.length
  const runs: Listed[] = useStream
    ? opts.streamed!.map((e) => {
      const full = kept.get(e.run ? runKey(e.run.c) : e.id)
      if (!full) return e
      return e.run ? { ...e, run: runPiece(full, report) } : { ...e, xml: testcase(full, opts, report) }
    })
    : report.cases.map((c) => ({ id: c.id, file: c.file, status: c.status, ms: c.durationMs, xml: testcase(c, opts, report), ...(c.repeat ? { run: runPiece(c, report) } : {}) }))
  const entries = report.run.repeat ? groupRuns(runs, opts) : runs
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
  return (report.warnings ?? []).map((w) => `      <property name="banter.warning.${xml(w.code)}" value="${xml(w.message)}"/>`)
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
  return problemsOf(c, report).map((p) => `      <${p.kind} message="${xml(p.message)}" type="${xml(p.type)}">${xml(p.body)}</${p.kind}>`)
}

function problemsOf(c: CaseResult, report: RunReport | undefined): Problem[] {
  const out: Problem[] = []
  const replay = report ? replayCommand(report, c) : undefined
  const again = replay ? `\nreplay: ${replay}` : ''
  const errored = c.turns.find((t) => t.error)
  if (errored?.error) {
    const msg = `turn ${errored.index + 1}: ${errored.error.code}: ${errored.error.message}`
    out.push({ kind: 'error', message: msg, type: errored.error.code, body: `${msg}\n  at ${errored.loc.file}:${errored.loc.line}:${errored.loc.col}${again}` })
  }
  // An errored verdict (the judge failed) is the turn's <error>, not a <failure>.
  const failed = c.turns.flatMap((t) => t.verdicts.filter((v) => !v.pass && !v.errored).map((v) => ({ t, v })))
  if (failed.length > 0) {
    const first = failed[0]!
    const body = failed.map(({ t, v }) => `turn ${t.index + 1} "${t.user}": ${describeVerdict(v)}\n  at ${v.loc.file}:${v.loc.line}:${v.loc.col}\n  - expected: ${show(v.expected)}\n  + actual:   ${show(v.actual)}`).join('\n')
    out.push({ kind: 'failure', message: `turn ${first.t.index + 1}: ${describeVerdict(first.v)}`, type: first.v.code, body: `${body}${again}` })
  }
  return out
}

/** A result's key among the kept cases: its id, and its run when repeated. */
function runKey(c: Pick<CaseResult, 'id' | 'repeat'>): string {
  return c.repeat ? `${c.id}\u0000${c.repeat.index}` : c.id
}

function runPiece(c: CaseResult, report: RunReport | undefined): RunPiece {
  return { c, index: c.repeat?.index ?? 1, problems: problemsOf(c, report), ...(report ? { transcript: transcript(c.turns) } : {}) }
}

/** The runs of each repeated conversation as one testcase (see the header), in order of each conversation's first run. */
function groupRuns(runs: readonly Listed[], opts: JunitOptions): Listed[] {
  const byId = new Map<string, Listed[]>()
  for (const r of runs) {
    const list = byId.get(r.id)
    if (list) list.push(r)
    else byId.set(r.id, [r])
  }
  return [...byId.values()].map((list) => (list[0]!.run ? repeatedTestcase(list, opts) : list[0]!))
}

function repeatedTestcase(list: readonly Listed[], opts: JunitOptions): Listed {
  const pieces = list.map((l) => l.run!).sort((a, b) => a.index - b.index)
  const count = (s: CaseResult['status']) => pieces.filter((p) => p.c.status === s).length
  const runs = { passed: count('passed'), failed: count('failed'), errored: count('errored'), skipped: count('skipped') }
  const outcome = outcomeOf(runs)
  const status: CaseResult['status'] = outcome === 'flaky' ? 'passed' : outcome
  const ms = list.reduce((t, l) => t + l.ms, 0)
  const first = pieces[0]!.c
  const ran = runs.passed + runs.failed + runs.errored
  const elements: string[] = []
  if (outcome === 'skipped') elements.push(`      <skipped message="${xml(first.skipReason ?? 'skipped')}"/>`)
  // A conversation that never passed gets its <failure> (or <error> when every run errored) from
  // the first run with that status, so the element agrees with the counts; every other failed run is a rerun.
  const primary = outcome === 'failed' || outcome === 'errored' ? pieces.find((p) => p.c.status === outcome) : undefined
  const label = (p: RunPiece) => `run ${p.index}/${first.repeat?.of ?? pieces.length}: `
  if (primary) elements.push(...primary.problems.map((problem) => `      <${problem.kind} message="${xml(label(primary) + problem.message)}" type="${xml(problem.type)}">${xml(problem.body)}</${problem.kind}>`))
  for (const p of pieces) {
    if (p === primary) continue
    for (const problem of p.problems) elements.push(rerunElement(outcome === 'flaky' ? 'flaky' : 'rerun', problem, label(p), p.transcript))
  }
  const head = `runs: ${runs.passed}/${ran} passed${outcome === 'flaky' ? ' (flaky)' : ''}`
  const out = pieces.some((p) => p.transcript !== undefined)
    ? `${head}\n${pieces.map((p) => `\n--- run ${p.index}: ${p.c.status.toUpperCase()} ---\n${p.transcript ?? ''}`).join('\n')}`
    : head
  const attrsOf = attrs({ ...first, durationMs: ms }, opts)
  return { id: first.id, file: first.file, status, ms, xml: [`    <testcase ${attrsOf}>`, ...elements, `      <system-out>${xml(out)}</system-out>`, '    </testcase>'] }
}

/** `<flakyFailure>`, `<rerunError>`…: surefire's element for one more failed run, with its trace and transcript. */
function rerunElement(kind: 'flaky' | 'rerun', p: Problem, label: string, out: string | undefined): string {
  const name = `${kind}${p.kind === 'error' ? 'Error' : 'Failure'}`
  const transcriptXml = out === undefined ? '' : `<system-out>${xml(out)}</system-out>`
  return `      <${name} message="${xml(label + p.message)}" type="${xml(p.type)}"><stackTrace>${xml(p.body)}</stackTrace>${transcriptXml}</${name}>`
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
function relativeFile(file: string, cwd: string | undefined): string {
  if (!cwd || !path.isAbsolute(file)) return file.split(path.sep).join('/')
  const rel = path.relative(cwd, file)
  return (rel === '' || rel.startsWith('..') || path.isAbsolute(rel) ? file : rel).split(path.sep).join('/')
}

/**
 * GitLab and Jenkins group by classname: a dotted name from the file's path relative to the
 * working directory, without leading dots or slashes (a file outside it keeps its path, minus the root).
 */
function classname(file: string, cwd?: string): string {
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
