import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../helpers/cli.js'
import { startFakeJudge, type FakeJudge } from '../helpers/fake-judge.js'
import { tempProject } from '../helpers/temp-dir.js'

// Spawns bin/banter.js, which runs dist/: `npm test` builds first.
const SCENARIO =
  'name: order\nturns:\n  - user: where is my order 12345\n    expect:\n      judge: { rubric: Gives the status of order 12345, min_score: 0.5 }\n'

const project = (files: Record<string, string>) => tempProject('banter-judge-cli-', files)

describe('banter with judge expectations', () => {
  let judge: FakeJudge
  beforeAll(async () => {
    judge = await startFakeJudge()
  })
  afterAll(async () => {
    await judge.close()
  })

  it('runs out of the box against the embedded assistant and its rule-based judge (exit 0)', async () => {
    const dir = await project({ 'scenarios/order.yaml': SCENARIO })
    const result = await runCli(['run'], { cwd: dir })
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
  })

  it('validate and run refuse judge expectations with no judge for the configured endpoint (exit 2)', async () => {
    const dir = await project({ 'banter.config.yaml': 'endpoint:\n  url: http://127.0.0.1:9/chat\n', 'scenarios/order.yaml': SCENARIO })
    for (const command of ['validate', 'run']) {
      const result = await runCli([command], { cwd: dir })
      expect(result.code).toBe(2)
      expect(result.stderr).toContain('error[JUDGE_NOT_CONFIGURED]: judge expectation but no judge model is configured')
      expect(result.stderr).toContain('--> scenarios/order.yaml:5:7')
    }
  })

  it('a failing judge errors the run (exit 3) and never shows its API key', async () => {
    const dir = await project({
      'banter.config.yaml': `judge:\n  url: ${judge.url}/failing/v1\n  model: m\n  api_key: sk-written-in-the-file\n  retry: { attempts: 1 }\n`,
      'scenarios/order.yaml': SCENARIO,
    })
    const result = await runCli(['run', '--reporter', 'console', '--reporter', 'junit:junit.xml', '--reporter', 'json:report.json'], {
      cwd: dir,
    })
    expect(result.code).toBe(3)
    expect(result.stdout).toContain('errored: JUDGE_HTTP_STATUS')
    expect(result.stdout + result.stderr).not.toContain('sk-written-in-the-file')
    const junit = await readFile(path.join(dir, 'junit.xml'), 'utf8')
    expect(junit).toContain('type="JUDGE_HTTP_STATUS"')
    expect(junit).not.toContain('<failure')
    expect(junit).not.toContain('sk-written-in-the-file')
    expect(await readFile(path.join(dir, 'report.json'), 'utf8')).not.toContain('sk-written-in-the-file')
  })

  it('a low score fails the run (exit 1) and thresholds can use the judge metrics', async () => {
    const dir = await project({
      'banter.config.yaml': `judge:\n  url: ${judge.url}/low/v1\n  model: m\n`,
      'scenarios/order.yaml': SCENARIO,
    })
    const low = await runCli(['run'], { cwd: dir })
    expect(low.code).toBe(1)
    expect(low.stdout).toContain('judge: score 0.2 is below 0.5: poor')
    const good = await project({
      'banter.config.yaml': `judge:\n  url: ${judge.url}/good/v1\n  model: m\n`,
      'scenarios/order.yaml': SCENARIO,
    })
    expect((await runCli(['run', '--threshold', 'judge_errors > 0'], { cwd: good })).code).toBe(0)
    const gated = await runCli(['run', '--threshold', 'judge_score_mean < 0.95'], { cwd: good })
    expect(gated.code).toBe(1)
    expect(gated.stdout).toContain('judge_score_mean')
  })
})
