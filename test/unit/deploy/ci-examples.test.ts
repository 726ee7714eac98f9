import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'

/* eslint-disable @typescript-eslint/no-explicit-any */
const load = (file: string): any => parse(readFileSync(file, 'utf8'), { strict: true, uniqueKeys: true })
const scripts = (steps: any[]) => steps.map((s) => s.run ?? '').join('\n')

describe('docs/ci/github-actions.yml', () => {
  const wf = load('docs/ci/github-actions.yml')

  it('runs a matrix of shards, each passing --shard i/n and keeping its JSON report', () => {
    const shard = wf.jobs.shard
    const n = shard.strategy.matrix.shard.length
    expect(shard.strategy.matrix.shard).toEqual(Array.from({ length: n }, (_, i) => i + 1))
    expect(shard.strategy['fail-fast']).toBe(false)
    expect(String(wf.env.SHARDS)).toBe(String(n))
    expect(scripts(shard.steps)).toContain('banter run --shard ${{ matrix.shard }}/${{ env.SHARDS }}')
    expect(scripts(shard.steps)).toContain('json:reports/shard-${{ matrix.shard }}.json')
    const upload = shard.steps.find((s: any) => s.uses?.startsWith('actions/upload-artifact@'))
    expect(upload.if).toBe('${{ !cancelled() }}')
  })

  it('then merges (even after failures), uploads JUnit and HTML and writes the step summary', () => {
    const merge = wf.jobs.merge
    expect(merge.needs).toBe('shard')
    expect(merge.if).toBe('${{ !cancelled() }}')
    const download = merge.steps.find((s: any) => s.uses?.startsWith('actions/download-artifact@'))
    expect(download.with).toMatchObject({ pattern: 'banter-shard-*', 'merge-multiple': true })
    const run = scripts(merge.steps)
    expect(run).toMatch(/banter merge reports\/shard-\*\.json --reporter \S*junit\S*/)
    expect(run).toMatch(/--reporter \S*html/)
    // banter merge writes $GITHUB_STEP_SUMMARY itself and pushes metrics once, for the whole run.
    expect(run).toContain('--pushgateway "$PUSHGATEWAY_URL"')
    const upload = merge.steps.find((s: any) => s.uses?.startsWith('actions/upload-artifact@'))
    expect(upload.with.path).toContain('merged/junit.xml')
    expect(upload.with.path).toContain('merged/*.html')
  })

  it('pins action versions', () => {
    const uses = Object.values(wf.jobs).flatMap((j: any) => j.steps.map((s: any) => s.uses).filter(Boolean))
    for (const u of uses) expect(u).toMatch(/@v\d+$/)
  })
})

describe('both CI examples', () => {
  it('call the installed binary, never npx (which drops SIGTERM and exit codes; see test/e2e/installed-bin-signals.test.ts)', () => {
    for (const file of ['docs/ci/github-actions.yml', 'docs/ci/gitlab-ci.yml']) {
      const text = readFileSync(file, 'utf8')
      const lines = text.split('\n').filter((l) => !l.trimStart().startsWith('#'))
      expect(lines.join('\n'), file).not.toMatch(/\bnpx banter\b/)
      expect(text, file).toMatch(/\.\/node_modules\/\.bin\/banter run /)
      expect(text, file).toMatch(/\.\/node_modules\/\.bin\/banter merge /)
    }
  })
})

describe('docs/ci/gitlab-ci.yml', () => {
  const ci = load('docs/ci/gitlab-ci.yml')

  it('runs the shard job with parallel: and --shard auto', () => {
    const shard = ci['banter:shard']
    expect(shard.parallel).toBeGreaterThan(1)
    expect(shard.script.join('\n')).toContain('banter run --shard auto')
    expect(shard.script.join('\n')).toContain('json:reports/shard-$CI_NODE_INDEX.json')
    expect(shard.artifacts).toMatchObject({ when: 'always', paths: ['reports/'] })
  })

  it('merges in a later stage, always, and publishes the merged JUnit', () => {
    const merge = ci['banter:merge']
    expect(ci.stages.indexOf(merge.stage)).toBeGreaterThan(ci.stages.indexOf(ci['banter:shard'].stage))
    expect(merge.when).toBe('always')
    expect(merge.needs).toEqual([{ job: 'banter:shard', artifacts: true }])
    expect(merge.script.join('\n')).toMatch(/banter merge reports\/shard-\*\.json --reporter \S*junit\S* --out merged/)
    expect(merge.artifacts.reports.junit).toBe('merged/junit.xml')
  })
})
