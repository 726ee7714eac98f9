import path from 'node:path'
import { describeVerdict } from '../evaluate/describe.js'
import { generatorOf } from '../metrics/generators.js'
import type { CaseResult, RunReport, TurnResult } from '../report/model.js'
import { casesOf, type CaseSource, type ReporterFactory } from './reporter.js'
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
 * The document is written in pieces: a first pass over the conversations counts each file's
 * testcases, a second renders them one at a time (a large run's come back from disk).
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
interface JunitOptions {
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
interface Listed {
  id: string
  file: string
  status: CaseResult['status']
  ms: number
  xml: string[]
  run?: RunPiece
}

/** One run of a repeated conversation, kept to be grouped with its other runs into one testcase. */
interface RunPiece {
  c: CaseResult
  index: number
  problems: Problem[]
  transcript?: string
}

/** An <error> or <failure> as data: rendered as such, or as a surefire rerun/flaky element. */
interface Problem {
  kind: 'error' | 'failure'
  message: string
  type: string
  body: string
}

function junitStream(opts: JunitOptions) {
  const listed: Listed[] = []
  return {
    onCaseResult(c: CaseResult): void {
      // Only conversations a report may leave out are worth remembering: generated ones.
      if (generatorOf(c) !== undefined)
        listed.push({
          id: c.id,
          file: c.file,
          status: c.status,
          ms: c.durationMs,
          xml: shortTestcase(c, opts),
          ...(c.repeat ? { run: runPiece(c, undefined) } : {}),
        })
    },
    onRunEnd: (report: RunReport) => renderJunit(report, { ...opts, streamed: listed }),
    streamRunEnd: (report: RunReport, cases: CaseSource) => junitChunks(report, cases, { ...opts, streamed: listed }),
  }
}

type RenderOptions = JunitOptions & { streamed?: readonly Listed[] }

export function renderJunit(report: RunReport, opts: RenderOptions = {}): string {
  return [...junitChunks(report, casesOf(report), opts)].join('')
}

/**
 * One testcase to write: a position in the case source, an entry rendered as it finished, or
 * (--repeat) the runs of one conversation, each either of those, grouped into one testcase.
 */
type Member = number | Listed | { runs: (number | Listed)[] }

/** One file's testcases, counted. */
interface Suite {
  file: string
  tests: number
  failed: number
  errored: number
  skipped: number
  ms: number
  ids: string[]
  members: Member[]
}

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
    for (const m of s.members) yield* lines(memberXml(m, report, cases, opts))
    yield '  </testsuite>\n'
  }
  if (thresholds.length > 0) yield* lines(thresholdSuite({ thresholds, alerts, id, timestamp, metrics: report.metrics }))
  yield '</testsuites>\n'
}

function* lines(list: readonly string[]): Generator<string> {
  for (const line of list) yield `${line}\n`
}

/** A member's testcase element; a repeated conversation's runs are read back together, one conversation at a time. */
function memberXml(m: Member, report: RunReport, cases: CaseSource, opts: RenderOptions): string[] {
  if (typeof m === 'number') return testcase(cases.at(m), opts, report)
  if (!('runs' in m)) return m.xml
  const runs = m.runs.map((r): Listed => {
    if (typeof r !== 'number') return r
    const c = cases.at(r)
    return { id: c.id, file: c.file, status: c.status, ms: c.durationMs, xml: [], run: runPiece(c, report) }
  })
  return repeatedTestcase(runs, opts).xml
}

/** What grouping needs to know of one conversation (or run), with how to write it. */
interface Entry {
  id: string
  file: string
  status: CaseResult['status']
  ms: number
  repeated: boolean
  member: number | Listed
}

/**
 * Testcases grouped by file in order of first appearance, counted: every conversation seen as it
 * finished (a generated run whose report left some out), else every one of `cases`. With
 * --repeat, each conversation's runs are one testcase, its status the conversation's outcome
 * (a flaky one passes).
 */
function groupByFile(report: RunReport, cases: CaseSource, opts: RenderOptions): Suite[] {
  const entries: Entry[] = []
  const useStream = (report.run.casesOmitted ?? 0) > 0 && (opts.streamed?.length ?? 0) >= cases.size
  if (useStream) {
    const kept = new Map(report.cases.map((c) => [runKey(c), c]))
    for (const e of opts.streamed!) {
      const full = kept.get(e.run ? runKey(e.run.c) : e.id)
      const member = !full ? e : e.run ? { ...e, run: runPiece(full, report) } : { ...e, xml: testcase(full, opts, report) }
      entries.push({ id: e.id, file: e.file, status: e.status, ms: e.ms, repeated: e.run !== undefined, member })
    }
  } else {
    for (let i = 0; i < cases.size; i++) {
      const c = cases.at(i)
      entries.push({ id: c.id, file: c.file, status: c.status, ms: c.durationMs, repeated: c.repeat !== undefined, member: i })
    }
  }
  const byFile = new Map<string, Suite>()
  // Ids only matter for generated runs' per-generator properties.
  const withIds = report.summary.generators !== undefined
  const add = (e: { id: string; file: string; status: CaseResult['status']; ms: number }, member: Member) => {
    let s = byFile.get(e.file)
    if (!s) byFile.set(e.file, (s = { file: e.file, tests: 0, failed: 0, errored: 0, skipped: 0, ms: 0, ids: [], members: [] }))
    s.tests++
    if (e.status === 'failed') s.failed++
    else if (e.status === 'errored') s.errored++
    else if (e.status === 'skipped') s.skipped++
    s.ms += e.ms
    if (withIds) s.ids.push(e.id)
    s.members.push(member)
  }
  if (!report.run.repeat) {
    for (const e of entries) add(e, e.member)
    return [...byFile.values()]
  }
  // The runs of each repeated conversation, in order of its first run.
  const byId = new Map<string, Entry[]>()
  for (const e of entries) {
    const list = byId.get(e.id)
    if (list) list.push(e)
    else byId.set(e.id, [e])
  }
  for (const list of byId.values()) {
    const first = list[0]!
    if (!first.repeated) {
      add(first, first.member)
      continue
    }
    const count = (s: CaseResult['status']) => list.filter((e) => e.status === s).length
    const outcome = outcomeOf({ passed: count('passed'), failed: count('failed'), errored: count('errored'), skipped: count('skipped') })
    const ms = list.reduce((t, e) => t + e.ms, 0)
    add({ id: first.id, file: first.file, status: outcome === 'flaky' ? 'passed' : outcome, ms }, { runs: list.map((e) => e.member) })
  }
  return [...byFile.values()]
}

/** One <properties> block per testsuite (JUnit allows one), or nothing. */
function properties(props: string[]): string[] {
  return props.length === 0 ? [] : ['    <properties>', ...props, '    </properties>']
}

/** Run warnings (e.g. RUNNER_SATURATED) as testsuite properties, which JUnit readers show. */
function warningProperties(report: RunReport): string[] {
  return (report.warnings ?? []).map(
    (w) =>
      `      <property name="banter.warning.${xml(w.code)}" value="${xml(w.shard === undefined ? w.message : `${w.message} (shard ${w.shard})`)}"/>`,
  )
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
  return [
    `    <testcase ${attrs(c, opts)}>`,
    ...problems(c, report),
    `      <system-out>${xml(transcript(c.turns))}</system-out>`,
    '    </testcase>',
  ]
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
    out.push({
      kind: 'error',
      message: msg,
      type: errored.error.code,
      body: `${msg}\n  at ${errored.loc.file}:${errored.loc.line}:${errored.loc.col}${again}`,
    })
  }
  // An errored verdict (the judge failed) is the turn's <error>, not a <failure>.
  const failed = c.turns.flatMap((t) => t.verdicts.filter((v) => !v.pass && !v.errored).map((v) => ({ t, v })))
  if (failed.length > 0) {
    const first = failed[0]!
    const body = failed
      .map(
        ({ t, v }) =>
          `turn ${t.index + 1} "${t.user}": ${describeVerdict(v)}\n  at ${v.loc.file}:${v.loc.line}:${v.loc.col}\n  - expected: ${show(v.expected)}\n  + actual:   ${show(v.actual)}`,
      )
      .join('\n')
    out.push({
      kind: 'failure',
      message: `turn ${first.t.index + 1}: ${describeVerdict(first.v)}`,
      type: first.v.code,
      body: `${body}${again}`,
    })
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
  if (primary)
    elements.push(
      ...primary.problems.map(
        (problem) =>
          `      <${problem.kind} message="${xml(label(primary) + problem.message)}" type="${xml(problem.type)}">${xml(problem.body)}</${problem.kind}>`,
      ),
    )
  for (const p of pieces) {
    if (p === primary) continue
    for (const problem of p.problems) elements.push(rerunElement(outcome === 'flaky' ? 'flaky' : 'rerun', problem, label(p), p.transcript))
  }
  const head = `runs: ${runs.passed}/${ran} passed${outcome === 'flaky' ? ' (flaky)' : ''}`
  const out = pieces.some((p) => p.transcript !== undefined)
    ? `${head}\n${pieces.map((p) => `\n--- run ${p.index}: ${p.c.status.toUpperCase()} ---\n${p.transcript ?? ''}`).join('\n')}`
    : head
  const attrsOf = attrs({ ...first, durationMs: ms }, opts)
  return {
    id: first.id,
    file: first.file,
    status,
    ms,
    xml: [`    <testcase ${attrsOf}>`, ...elements, `      <system-out>${xml(out)}</system-out>`, '    </testcase>'],
  }
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
  return turns
    .map((t) => {
      const head = `[${t.index + 1}] ${t.status.toUpperCase()} user: ${t.user}`
      if (t.reply)
        return `${head}\n    assistant: ${t.reply.text}\n    intent=${t.reply.intent ?? '-'} action=${t.reply.action ?? '-'} latency=${Math.round(t.latencyMs ?? 0)}ms`
      if (t.error) return `${head}\n    error: ${t.error.code}: ${t.error.message}`
      return `${head}${t.skipReason ? ` (${t.skipReason})` : ''}`
    })
    .join('\n')
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
