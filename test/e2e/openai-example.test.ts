import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startAssistant, type RunningAssistant } from '../../src/assistant/server.js'
import type { RunReport } from '../../src/report/model.js'
import { runCli } from '../helpers/cli.js'
import { tempDir } from '../helpers/temp-dir.js'

// The bundled example (examples/openai) as a user runs it: `banter run -c …` with adapter: openai
// against the reference assistant's /v1/chat/completions.
const STACK = /\n\s+at .+:\d+:\d+/
let assistant: RunningAssistant
beforeAll(async () => {
  assistant = await startAssistant()
})
afterAll(async () => {
  await assistant.close()
})

describe('examples/openai', () => {
  it('passes against the reference assistant, with streamed tool calls and tool results from the scenarios', async () => {
    const out = await tempDir('banter-openai-example-')
    const report = path.join(out, 'r.json')
    const r = await runCli(['run', '-c', 'examples/openai/banter.config.yaml', '--reporter', `json:${report}`], {
      env: { BANTER_OPENAI_URL: assistant.url },
    })
    expect(r.stderr).not.toMatch(STACK)
    expect(r.code, r.stdout + r.stderr).toBe(0)
    const json = JSON.parse(await readFile(report, 'utf8')) as RunReport
    expect(json.summary).toMatchObject({ conversations: 2, passed: 2 })
    const calls = json.cases.flatMap((c) => c.turns.flatMap((t) => t.reply?.toolCalls ?? []))
    expect(calls.map((c) => c.name).sort()).toEqual(['cancel_order', 'lookup_order', 'lookup_order'])
    expect(json.cases.flatMap((c) => c.turns).every((t) => t.ttftMs !== undefined)).toBe(true)
  })

  it('a failed tool expectation prints a located, readable difference and exits 1', async () => {
    const dir = await tempDir('banter-openai-fail-')
    const { writeFile, mkdir, copyFile } = await import('node:fs/promises')
    await mkdir(path.join(dir, 'scenarios'))
    await copyFile('examples/openai/banter.config.yaml', path.join(dir, 'banter.config.yaml'))
    await writeFile(
      path.join(dir, 'scenarios/a.yaml'),
      'name: wrong order\nturns:\n  - user: where is order 12345\n    tool_results: { lookup_order: { status: shipped } }\n    expect:\n      tool_calls: [{ name: lookup_order, arguments: { order_id: "54321" } }]\n',
    )
    const r = await runCli(['run'], { cwd: dir, env: { BANTER_OPENAI_URL: assistant.url } })
    expect(r.code, r.stdout + r.stderr).toBe(1)
    expect(r.stdout).toContain('tool_calls: "lookup_order" arguments differ: $.order_id: expected "54321", got "12345"')
    expect(r.stdout).toContain('scenarios/a.yaml:6')
  })

  it('banter serve refuses a temperature outside 0-2 (exit 2)', async () => {
    const r = await runCli(['serve', '--port', '0', '--temperature', '3'])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('--temperature')
  })
})
