import { describe, expect, it } from 'vitest'
import {
  alertAnnotation,
  caseAnnotations,
  command,
  escapeData,
  escapeProperty,
  githubReporter,
  MAX_ANNOTATIONS,
  workspacePath,
} from '../../../src/reporters/github.js'
import { REPORTERS } from '../../../src/reporters/registry.js'
import { REPORTER_NAMES } from '../../../src/reporters/names.js'
import { withGithub } from '../../../src/cli/run-outputs.js'
import { cannedReport } from '../../helpers/canned-report.js'

/** Parses a workflow command line the way the Actions runner does (ActionCommand.TryParseV2). */
function parseCommand(line: string): { name: string; props: Record<string, string>; message: string } {
  const m = /^::([a-z-]+)(?: ([^:]*))?::(.*)$/.exec(line)
  if (!m) throw new Error(`not a workflow command: ${line}`)
  const unescape = (s: string) =>
    s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%')
  const props = Object.fromEntries(
    (m[2] ?? '')
      .split(',')
      .filter(Boolean)
      .map((kv) => {
        const i = kv.indexOf('=')
        return [kv.slice(0, i), unescape(kv.slice(i + 1))]
      }),
  )
  return { name: m[1]!, props, message: unescape(m[3]!) }
}

describe('GitHub Actions annotations', () => {
  it('escapes as @actions/core does: %, CR, LF in data; also : and , in properties', () => {
    expect(escapeData('50% done\r\nnext: a, b')).toBe('50%25 done%0D%0Anext: a, b')
    expect(escapeProperty('a:b,c%\n')).toBe('a%3Ab%2Cc%25%0A')
    expect(command('error', { file: 'x.yaml', line: 3, col: 7, title: 'T: a, b' }, 'm')).toBe(
      '::error file=x.yaml,line=3,col=7,title=T%3A a%2C b::m\n',
    )
    expect(command('error', {}, 'm')).toBe('::error::m\n')
  })

  it('a failed check becomes an error on its expectation line, an errored turn on the turn line', () => {
    const report = cannedReport()
    const where = workspacePath('/repo', undefined)
    const failed = caseAnnotations(report.cases[1]!, where).map((l) => parseCommand(l.trimEnd()))
    expect(failed).toHaveLength(1)
    expect(failed[0]!.name).toBe('error')
    expect(failed[0]!.props).toEqual({
      file: 'scenarios/a.yaml',
      line: '14',
      col: '7',
      title: 'banter: Fails <on> "action" & more · turn 2',
    })
    expect(failed[0]!.message.split('\n')).toEqual([
      'action: expected "retrieve_order", got "ask_order_details"',
      'expected: "retrieve_order"',
      'actual: "ask_order_details"',
      'user: message 2',
    ])
    const errored = caseAnnotations(report.cases[2]!, where).map((l) => parseCommand(l.trimEnd()))
    expect(errored).toHaveLength(1)
    expect(errored[0]!.props).toMatchObject({ file: 'scenarios/a.yaml', line: '4', col: '5' })
    expect(errored[0]!.message).toMatch(/^HTTP_STATUS: HTTP 500: boom\n/)
    expect(caseAnnotations(report.cases[0]!, where)).toEqual([])
    expect(caseAnnotations(report.cases[3]!, where)).toEqual([])
  })

  it('hostile text cannot start another command or property', () => {
    const report = cannedReport()
    const c = report.cases[1]!
    c.name = 'x,file=evil.yaml::\n::warning::injected'
    c.turns[1]!.user = 'line\n::error::fake'
    for (const line of caseAnnotations(c, workspacePath('/repo', undefined))) {
      expect(line.trimEnd().split('\n')).toHaveLength(1)
      expect(parseCommand(line.trimEnd()).props.file).toBe('scenarios/a.yaml')
    }
  })

  it('paths are relative to GITHUB_WORKSPACE when inside it, else to the working directory', () => {
    expect(workspacePath('/ws/sub', '/ws')('scenarios/a.yaml')).toBe('sub/scenarios/a.yaml')
    expect(workspacePath('/elsewhere', '/ws')('scenarios/a.yaml')).toBe('scenarios/a.yaml')
    expect(workspacePath('/ws', '/ws')('/ws/x/b.yaml')).toBe('x/b.yaml')
  })

  it('one summary annotation lists the alerts; none without alerts', () => {
    const report = cannedReport()
    expect(alertAnnotation(report)).toBe('')
    report.alerts = [
      { name: 'high_fallback_rate', metric: 'fallback_rate', op: '>', limit: 0.2, value: 0.25 },
      { name: 'slow', metric: 'response_time_p95', op: '>', limit: 2000, value: 2500 },
    ]
    const a = parseCommand(alertAnnotation(report).trimEnd())
    expect(a.props).toEqual({ title: 'banter: 2 alerts' })
    expect(a.message.split('\n')).toEqual([
      'high_fallback_rate: fallback_rate = 0.25 (25.0%) (alert when > 0.2)',
      'slow: response_time_p95 = 2500 (alert when > 2000)',
    ])
  })

  it('the reporter adds the replay command to a generated case', () => {
    const reporter = githubReporter.create({ color: false, cwd: '/repo', env: {} })
    reporter.onRunStart!({ total: 1, files: 1, target: 'x', seed: 9 })
    const c = { ...cannedReport().cases[1]!, id: 'refund#3', tags: ['generated'], file: 'scenarios/generators/refund.yaml' }
    const out = reporter.onCaseResult!(c) as string
    expect(parseCommand(out.trimEnd()).message).toContain("replay: banter run scenarios/generators/refund.yaml --case 'refund#3' --seed 9")
  })

  it('annotates at most MAX_ANNOTATIONS failed checks, then says how many more there were', () => {
    const reporter = githubReporter.create({ color: false, cwd: '/repo', env: {} })
    const failing = cannedReport().cases[1]!
    const out = Array.from({ length: MAX_ANNOTATIONS + 7 }, () => reporter.onCaseResult!(failing) as string).join('')
    expect(out.trimEnd().split('\n')).toHaveLength(MAX_ANNOTATIONS)
    const end = parseCommand(reporter.onRunEnd(cannedReport()).trimEnd())
    expect(end.name).toBe('warning')
    expect(end.message).toMatch(/^7 more failed checks were not annotated/)
  })

  it('is added under GITHUB_ACTIONS=true (once), not elsewhere, and can be turned off', () => {
    expect(withGithub(['console'], { GITHUB_ACTIONS: 'true' })).toEqual(['console', 'github'])
    expect(withGithub(['console,github:x'], { GITHUB_ACTIONS: 'true' })).toEqual(['console,github:x'])
    expect(withGithub(['console'], {})).toEqual(['console'])
    expect(withGithub(['console'], { GITHUB_ACTIONS: 'true', BANTER_GITHUB_ANNOTATIONS: 'false' })).toEqual(['console'])
  })

  it("--help lists the registry's reporters, in its order", () => {
    expect([...REPORTER_NAMES]).toEqual(Object.keys(REPORTERS))
  })
})
