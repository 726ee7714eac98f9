import { readFile, readdir } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { startAssistant } from '../../src/assistant/server.js'
import { startEmbeddedAssistant } from '../../src/cli/embedded-assistant.js'
import { generateConversations, caseById } from '../../src/generate/cases.js'
import { compileGenerators } from '../../src/generate/compile.js'
import type { ShrunkFailure } from '../../src/execute/run-generated.js'
import { toScenarioFile } from '../../src/generate/to-scenario.js'
import type { RunReport } from '../../src/report/model.js'
import { run } from '../../src/run.js'
import { loadScenarios } from '../../src/scenario/load.js'
import { misclassifying } from '../helpers/misclassify.js'
import { tempDir } from '../helpers/temp-dir.js'

const cwd = process.cwd()
const base = { cwd, env: {}, paths: ['scenarios/generators'], defaultEndpoint: startEmbeddedAssistant }

/** Each case as sent: id and messages, sorted by id (completion order must not matter). */
function sent(report: RunReport): string {
  return JSON.stringify(report.cases.map((c) => ({ id: c.id, users: c.turns.map((t) => t.user) })).sort((a, b) => a.id.localeCompare(b.id)))
}

async function plans(paths = ['scenarios/generators']) {
  return compileGenerators((await loadScenarios(paths, { cwd })).generators, cwd)
}

describe('seeded generation', () => {
  it('same seed gives byte-identical conversations at concurrency 1 and 32; another seed differs', async () => {
    const a = await run({ ...base, generate: 60, seed: 42, concurrency: 1 })
    const b = await run({ ...base, generate: 60, seed: 42, concurrency: 32 })
    const c = await run({ ...base, generate: 60, seed: 43, concurrency: 32 })
    expect(a.run.seed).toBe(42)
    expect(a.summary.conversations).toBe(60)
    expect(sent(a)).toBe(sent(b))
    expect(sent(c)).not.toBe(sent(a))
    expect(a.summary.failed + a.summary.errored).toBe(0)
  }, 60_000)

  it('the compiled stream is identical whatever is consumed before, and ids are <generator>#<n>', async () => {
    const p = await plans()
    const all = [...generateConversations(p, { seed: 9, count: 30 })]
    expect(all[0]!.id).toMatch(/^[\w-]+#0$/)
    const again = [...generateConversations(p, { seed: 9, count: 30 })]
    expect(JSON.stringify(again)).toBe(JSON.stringify(all))
    expect(new Set(all.map((c) => c.id)).size).toBe(30)
  })

  it('replays one case by id: the same messages and slot values as in the full run', async () => {
    const full = await run({ ...base, generate: 21, seed: 5 })
    const target = full.cases.find((c) => c.id.startsWith('order-status#'))!
    const replay = await run({ ...base, caseId: target.id, seed: 5 })
    expect(replay.cases).toHaveLength(1)
    expect(replay.cases[0]!.turns.map((t) => t.user)).toEqual(target.turns.map((t) => t.user))
    const p = await plans()
    expect(caseById(p, target.id, 5).id).toBe(target.id)
    await expect(run({ ...base, caseId: 'order-stats#1', seed: 5 })).rejects.toMatchObject({
      diagnostics: [{ code: 'UNKNOWN_GENERATOR', hint: 'did you mean "order-status"?' }],
    })
    await expect(run({ ...base, caseId: 'nonsense', seed: 5 })).rejects.toMatchObject({ diagnostics: [{ code: 'INVALID_CASE_ID' }] })
  }, 60_000)

  it('without --generate, generator files are ignored and only scenarios run', async () => {
    const suite = await loadScenarios(['scenarios'], { cwd })
    expect(suite.generators.length).toBeGreaterThanOrEqual(7)
    expect(suite.conversations.every((c) => !c.id.includes('#'))).toBe(true)
  })
})

describe('shrinking an injected fault', () => {
  it('with --repeat, shrinks each case that failed every run once, not once per run', async () => {
    const assistant = await startAssistant({ port: 0, host: '127.0.0.1', classify: misclassifying('zebra') })
    try {
      const shrunk: ShrunkFailure[] = []
      const report = await run(
        {
          ...base,
          endpoint: `${assistant.url}/chat`,
          paths: ['fixtures/generators'],
          generate: 12,
          seed: 3,
          repeat: 2,
          shrinkFailures: true,
        },
        {
          onFailureShrunk: (f) => {
            shrunk.push(f)
          },
        },
      )
      const failed = report.conversations!.filter((c) => c.outcome === 'failed').map((c) => c.id)
      expect(failed.length).toBeGreaterThan(0)
      expect(report.summary.failed).toBe(failed.length * 2)
      expect(shrunk.map((f) => f.case.id).sort()).toEqual(failed.sort())
    } finally {
      await assistant.close()
    }
  }, 60_000)

  it('reaches the minimal failing conversation, and the saved file fails the same way', async () => {
    // The reference assistant, misclassifying every message with the word "zebra" as fallback.
    const assistant = await startAssistant({ port: 0, host: '127.0.0.1', classify: misclassifying('zebra') })
    try {
      await shrinkAndReplay(`${assistant.url}/chat`)
    } finally {
      await assistant.close()
    }
  }, 120_000)
})

/** Runs the zebra generator against `endpoint`, shrinks its failures, and replays a saved one. */
async function shrinkAndReplay(endpoint: string): Promise<void> {
  const shrunk: ShrunkFailure[] = []
  const report = await run(
    { ...base, paths: ['fixtures/generators'], generate: 30, seed: 3, shrinkFailures: true, endpoint },
    {
      onFailureShrunk: (f) => {
        shrunk.push(f)
      },
    },
  )
  expect(report.summary.failed).toBeGreaterThan(0)
  expect(shrunk.length).toBe(Math.min(report.summary.failed, 20))
  for (const f of shrunk) {
    // Only the turn with the word is left, in its shortest failing variant, with the simplest order id.
    expect(f.case.turns).toHaveLength(1)
    expect(f.originalTurns).toBe(3)
    expect(f.reruns).toBeLessThanOrEqual(50)
    expect(f.result.turns[0]!.user).toBe('Where is my order 11111, zebra?')
  }
  const dir = await tempDir('banter-shrunk-')
  const saved = toScenarioFile(shrunk[0]!.case, { schemaRef: '../schema/scenario.schema.json', originalTurns: 3 })
  const file = path.join(dir, saved.fileName)
  await import('node:fs/promises').then((fs) => fs.writeFile(file, saved.yaml))
  expect(saved.yaml).toMatch(/^# yaml-language-server: \$schema=/)
  expect(saved.yaml).toContain(`case ${shrunk[0]!.case.id}, seed 3`)
  const rerun = await run({ cwd: dir, env: {}, paths: [saved.fileName], endpoint })
  expect(rerun.summary.failed).toBe(1)
  const codes = rerun.cases[0]!.turns[0]!.verdicts.filter((v) => !v.pass).map((v) => v.code)
  expect(codes[0]).toBe(shrunk[0]!.result.turns[0]!.verdicts.find((v) => !v.pass)!.code)
  expect(await readdir(dir)).toEqual([saved.fileName])
  expect(await readFile(file, 'utf8')).toContain('value: "{{order_id}}"')
}
