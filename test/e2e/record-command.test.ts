import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { spawnCli, type CliResult } from '../helpers/cli.js'
import { runCli } from '../helpers/in-process-cli.js'

let out: string
beforeAll(async () => {
  out = await mkdtemp(path.join(tmpdir(), 'banter-record-e2e-'))
})
afterAll(async () => {
  await rm(out, { recursive: true, force: true })
})

/** Runs the CLI with `input` piped to stdin (no TTY), as a script or test would drive `banter record`. */
async function runWithInput(args: string[], input: string, cwd: string): Promise<CliResult> {
  const { child, done } = spawnCli(args, { cwd, stdin: true, timeoutMs: 30_000 })
  child.stdin!.end(input)
  const { code, stdout, stderr } = await done
  return { code, stdout, stderr }
}

describe('banter record', () => {
  it('records a piped conversation against the embedded assistant; the saved scenario runs green', async () => {
    const file = path.join(out, 'recorded', 'order.yaml')
    const input = ['Hello', 'Where is my order 12345?', 'I want to cancel my order', '/undo', 'thanks, bye', ''].join('\n')
    const r = await runWithInput(['record', '--out', file, '--name', 'Order status, recorded'], input, out)
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('bot> I found order 12345. Its status is shipped: it is on its way.')
    expect(r.stdout).toContain('intent: order_status (0.95)  entities: order_id=12345  action: retrieve_order')
    expect(r.stdout).toContain(`saved 3 turns to ${file}`)
    const scenario = parse(await readFile(file, 'utf8')) as { name: string; turns: { user: string; expect: Record<string, unknown> }[] }
    expect(scenario.name).toBe('Order status, recorded')
    expect(scenario.turns.map((t) => t.user)).toEqual(['Hello', 'Where is my order 12345?', 'thanks, bye'])
    expect(scenario.turns[1]!.expect).toEqual({
      intent: 'order_status',
      entities: { strict: true, items: [{ type: 'order_id', value: '12345' }] },
      action: 'retrieve_order',
      reply: { contains: 'I found order 12345.' },
    })
    const run = await runCli(['run', file])
    expect(run.stdout).toContain('1 passed, 0 failed')
    expect(run.code).toBe(0)
  })

  it('/save FILE writes there and /quit ends; with nothing recorded no file is written', async () => {
    const cwd = await mkdtemp(path.join(out, 'rec-'))
    const r = await runWithInput(['record'], 'I want to talk to a human\n/save mine.yaml\n/quit\nnever sent\n', cwd)
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('saved 1 turn to mine.yaml')
    expect(r.stdout).not.toContain('never sent')
    expect((await runCli(['run', 'mine.yaml'], { cwd })).code).toBe(0)
    const empty = await runWithInput(['record', '--out', 'none.yaml'], '', cwd)
    expect(empty.code).toBe(0)
    expect(empty.stdout).toContain('nothing recorded; no file written')
    expect(existsSync(path.join(cwd, 'none.yaml'))).toBe(false)
  })

  it('a bad --endpoint is exit 2; an unreachable one prints the error per message and records nothing', async () => {
    const bad = await runWithInput(['record', '--endpoint', 'ftp://x'], 'hi\n', out)
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('error[INVALID_ENDPOINT]')
    const down = await runWithInput(['record', '--endpoint', 'http://127.0.0.1:9/chat', '--out', path.join(out, 'down.yaml')], 'hi\n', out)
    expect(down.code).toBe(0)
    expect(down.stdout).toMatch(/error: .+ \(not recorded\)/)
    expect(existsSync(path.join(out, 'down.yaml'))).toBe(false)
  })
})
