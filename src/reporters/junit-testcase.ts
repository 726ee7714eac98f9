import path from 'node:path'
import { describeVerdict } from '../evaluate/describe.js'
import type { CaseResult, RunReport, TurnResult } from '../report/model.js'
import { outcomeOf } from '../metrics/outcomes.js'
import { replayCommand } from './replay.js'
import { xml } from './xml-text.js'

/* One conversation's <testcase> element (see junit.ts for the document): its attributes, its
 * <error>/<failure> and transcript, and, for repeated runs, one testcase for all runs with
 * surefire's flaky/rerun elements. */

export interface JunitOptions {
  /** Working directory: class names and file attributes are paths relative to it. */
  cwd?: string
  /** Leave out the testcase `file` and `line` attributes (valid against junit-10.xsd). */
  strict?: boolean
}

/** Rendered testcase element of one finished conversation, grouped by file, in completion order. */
export interface Listed {
  id: string
  file: string
  status: CaseResult['status']
  ms: number
  xml: string[]
  run?: RunPiece
}

/** One run of a repeated conversation, kept to be grouped with its other runs into one testcase. */
export interface RunPiece {
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

function attrs(c: CaseResult, opts: JunitOptions): string {
  const where = opts.strict ? '' : ` file="${xml(relativeFile(c.file, opts.cwd))}" line="${c.loc.line}"`
  return `name="${xml(c.name)}" classname="${xml(classname(c.file, opts.cwd))}" time="${secs(c.durationMs)}"${where}`
}

/** A conversation that is not kept in the report: name, place, status and the first problem. */
export function shortTestcase(c: CaseResult, opts: JunitOptions): string[] {
  if (c.status === 'passed') return [`    <testcase ${attrs(c, opts)}/>`]
  return [`    <testcase ${attrs(c, opts)}>`, ...problems(c, undefined), '    </testcase>']
}

export function testcase(c: CaseResult, opts: JunitOptions, report: RunReport): string[] {
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
export function runKey(c: Pick<CaseResult, 'id' | 'repeat'>): string {
  return c.repeat ? `${c.id}\u0000${c.repeat.index}` : c.id
}

export function runPiece(c: CaseResult, report: RunReport | undefined): RunPiece {
  return { c, index: c.repeat?.index ?? 1, problems: problemsOf(c, report), ...(report ? { transcript: transcript(c.turns) } : {}) }
}

export function repeatedTestcase(list: readonly Listed[], opts: JunitOptions): Listed {
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
export function relativeFile(file: string, cwd: string | undefined): string {
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

export function secs(ms: number): string {
  return (ms / 1000).toFixed(3)
}
