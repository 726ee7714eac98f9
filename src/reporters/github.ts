import path from 'node:path'
import { describeVerdict } from '../evaluate/describe.js'
import type { CaseResult, RunReport } from '../report/model.js'
import { describeAlert, runnerFigures, warningSource } from './format-metric.js'
import type { ReporterFactory } from './reporter.js'
import { replayCommand } from './replay.js'
import { createRepeatGroups, type RepeatGroup } from './repeat-groups.js'

/**
 * GitHub Actions annotations (workflow commands on stdout), so a pull request shows each failed
 * expectation on its YAML line: `::error file=…,line=…,col=…,title=…::message`, one per failed
 * check and one per errored turn, as each conversation finishes; at the end a warning per run
 * warning (e.g. RUNNER_SATURATED) and one annotation that lists the alerts. Used with
 * `--reporter github`, and added by itself when GITHUB_ACTIONS=true.
 *
 * Paths are relative to GITHUB_WORKSPACE (where GitHub resolves them) when the file is inside
 * it, else to the working directory.
 */
export const githubReporter: ReporterFactory = {
  create: ({ cwd, env }) => {
    const where = workspacePath(cwd ?? process.cwd(), env?.GITHUB_WORKSPACE)
    let report: Pick<RunReport, 'run'> | undefined
    let shown = 0
    let dropped = 0
    const limit = (lines: string[]) => {
      const room = Math.max(0, MAX_ANNOTATIONS - shown)
      shown += Math.min(room, lines.length)
      dropped += Math.max(0, lines.length - room)
      return lines.slice(0, room).join('')
    }
    const repeats = createRepeatGroups()
    return {
      onRunStart: (info) => {
        report = { run: { seed: info.seed, repeat: info.repeat } as RunReport['run'] }
      },
      onCaseResult: (c) => {
        if (!c.repeat) return limit(caseAnnotations(c, where, report))
        const done = repeats.add(c)
        return done ? limit(repeatedAnnotations(done, where, report)) : ''
      },
      onRunEnd: (r) => {
        // Conversations whose last runs never came (a stopped run) are annotated with the runs they had.
        const partial = repeats
          .rest()
          .map((g) => limit(repeatedAnnotations(g, where, r)))
          .join('')
        return `${partial}${dropped > 0 ? command('warning', { title: 'banter: more failures' }, `${dropped} more failed checks were not annotated (GitHub shows only the first few per step); see the JUnit or HTML report`) : ''}${warningAnnotations(r)}${alertAnnotation(r)}`
      },
    }
  },
}

/** Failure annotations per run: GitHub displays only the first 10 per step and 50 per job; the rest would flood the log. */
export const MAX_ANNOTATIONS = 50

/** The annotations of one conversation; empty when it passed or was skipped. */
export function caseAnnotations(
  c: CaseResult,
  where: (file: string) => string,
  report?: Pick<RunReport, 'run'>,
  as: { level: 'error' | 'warning'; note: string } = { level: 'error', note: '' },
): string[] {
  if (c.status !== 'failed' && c.status !== 'errored') return []
  const replay = report ? replayCommand(report, c) : undefined
  const tail = `${as.note}${replay ? `\nreplay: ${replay}` : ''}`
  const out: string[] = []
  for (const t of c.turns) {
    const title = `banter: ${c.name} · turn ${t.index + 1}`
    if (t.error)
      out.push(
        command(
          as.level,
          { file: where(t.loc.file), line: t.loc.line, col: t.loc.col, title },
          `${t.error.code}: ${t.error.message}\nuser: ${t.user}${tail}`,
        ),
      )
    for (const v of t.verdicts.filter((x) => !x.pass && !x.errored)) {
      const body = [describeVerdict(v), `expected: ${show(v.expected)}`, `actual: ${show(v.actual)}`, `user: ${t.user}`]
      out.push(command(as.level, { file: where(v.loc.file), line: v.loc.line, col: v.loc.col, title }, `${body.join('\n')}${tail}`))
    }
  }
  return out
}

/**
 * A repeated conversation is annotated once, when its runs are in, from its first failed run:
 * as an error when no run passed, as a warning when it was flaky (a flaky conversation does not
 * fail the run), with its pass counts.
 */
function repeatedAnnotations(g: RepeatGroup, where: (file: string) => string, report?: Pick<RunReport, 'run'>): string[] {
  if (!g.firstProblem) return []
  const flaky = g.runs.passed > 0
  const note = `\nruns: ${g.runs.passed}/${g.runs.passed + g.runs.failed + g.runs.errored} passed${flaky ? ' (flaky)' : ''}`
  return caseAnnotations(g.firstProblem, where, report, { level: flaky ? 'warning' : 'error', note })
}

/**
 * One warning annotation per run warning (RUNNER_SATURATED with how much banter queued,
 * ARRIVAL_RATE_MISSED), so a pull request shows that the latencies are not all the assistant's.
 */
export function warningAnnotations(report: RunReport): string {
  const runner = report.metrics?.runner
  return (report.warnings ?? [])
    .map((w) => {
      const figures = w.code === 'RUNNER_SATURATED' && runner?.saturated ? `\n${runnerFigures(runner)}` : ''
      return command('warning', { title: `banter: ${warningSource(w)}` }, `${w.message}${figures}`)
    })
    .join('')
}

/** One annotation for all alerts (thresholds that triggered), without a file: it shows on the run. */
export function alertAnnotation(report: RunReport): string {
  const alerts = report.alerts ?? []
  if (alerts.length === 0) return ''
  const title = `banter: ${alerts.length} alert${alerts.length === 1 ? '' : 's'}`
  return command('error', { title }, alerts.map(describeAlert).join('\n'))
}

/** A workflow command line; values escaped as @actions/core escapes them. */
export function command(name: 'error' | 'warning' | 'notice', props: Record<string, string | number | undefined>, message: string): string {
  const list = Object.entries(props)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${escapeProperty(String(v))}`)
  return `::${name}${list.length ? ` ${list.join(',')}` : ''}::${escapeData(message)}\n`
}

/** Message text: `%`, CR and LF encoded (the runner decodes them back). */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}

/** Property values: as data, plus `:` and `,`, which would end the value. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C')
}

/** Maps a report path (relative to `cwd`, or absolute) to the path GitHub resolves in the repository. */
export function workspacePath(cwd: string, workspace: string | undefined): (file: string) => string {
  return (file) => {
    const abs = path.resolve(cwd, file)
    for (const base of [workspace, cwd]) {
      if (!base) continue
      const rel = path.relative(base, abs)
      if (rel && !rel.startsWith('..') && !path.isAbsolute(rel)) return rel.split(path.sep).join('/')
    }
    return abs.split(path.sep).join('/')
  }
}

function show(value: unknown): string {
  return JSON.stringify(value) ?? 'nothing'
}
