import { generatorOf } from '../metrics/generators.js'
import type { CaseResult, RunReport } from '../report/model.js'
import { casesOf, type CaseSource, type ReporterFactory } from './reporter.js'
import { thresholdSuite } from './junit-thresholds.js'
import { outcomeOf } from '../metrics/outcomes.js'
import { xml } from './xml-text.js'
import {
  relativeFile,
  repeatedTestcase,
  runKey,
  runPiece,
  secs,
  shortTestcase,
  testcase,
  type JunitOptions,
  type Listed,
} from './junit-testcase.js'

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
export const junitReporter: ReporterFactory = {
  file: 'junit.xml',
  create: ({ cwd }) => junitStream({ cwd }),
}

export const junitStrictReporter: ReporterFactory = {
  file: 'junit-strict.xml',
  create: ({ cwd }) => junitStream({ cwd, strict: true }),
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
