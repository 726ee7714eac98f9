import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { BIN, runCli, type CliResult } from '../helpers/cli.js'

const STACK = /\n\s+at .+:\d+:\d+/
const FIX = path.resolve('fixtures/import')
let out: string
beforeAll(async () => { out = await mkdtemp(path.join(tmpdir(), 'banter-import-e2e-')) })
afterAll(async () => { await rm(out, { recursive: true, force: true }) })

/** Runs the CLI with `input` piped to stdin (no TTY), as a script or test would drive `banter record`. */
function runWithInput(args: string[], input: string, cwd: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' }, stdio: ['pipe', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString() })
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString() })
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`timed out\n${stdout}\n${stderr}`)) }, 30_000)
    child.on('error', reject)
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr }) })
    child.stdin.end(input)
  })
}

describe('banter import', () => {
  it.each([
    ['rasa', ['rasa/order-stories.yml', 'rasa/order-e2e.yml', 'rasa/order-nlu.yml'], 5],
    ['botium', ['botium/order-status.convo.txt', 'botium/greeting.convo.txt', 'botium/UTT_GREETING.utterances.txt'], 2],
    ['nlpjs', ['nlpjs/orders-corpus.json'], 4],
  ])('%s: writes files that `banter run` runs green against the embedded assistant', async (format, inputs, conversations) => {
    const dir = path.join(out, format)
    const imported = await runCli(['import', format, ...inputs.map((f) => path.join(FIX, f)), '--out', dir])
    expect(imported.stderr).toBe('')
    expect(imported.code).toBe(0)
    expect(imported.stdout).toMatch(/^wrote /)
    const scenarioFiles = (await readdir(dir)).filter((f) => f.endsWith('.yaml')).map((f) => path.join(dir, f))
    const text = await readFile(scenarioFiles[0]!, 'utf8')
    expect(text).toMatch(/^# yaml-language-server: \$schema=.*schema\/scenario\.schema\.json\n# Imported from .+ by banter import /)
    const run = await runCli(['run', ...scenarioFiles])
    expect(run.stdout).toContain(`${conversations} passed, 0 failed, 0 errored`)
    expect(run.code).toBe(0)
    const generators = await readdir(path.join(dir, 'generators'))
    expect(generators.length).toBeGreaterThan(0)
    for (const g of generators) expect(Object.keys(parse(await readFile(path.join(dir, 'generators', g), 'utf8')))).toEqual(['generator'])
  })

  it('prints the fidelity summary: counts read and written, and what was not carried over with file:line:col', async () => {
    const r = await runCli(['import', 'rasa', path.join(FIX, 'rasa/order-stories.yml'), '--out', path.join(out, 'listed')])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain(`${path.join(FIX, 'rasa/order-stories.yml')}: conversations 3 → 3, user turns 6 → 6, bot messages 0 → 0, actions 6 → 6, intents 6 → 6, entities 4 → 4\n`)
    expect(r.stdout).toContain('not carried over (6;')
    expect(r.stdout).toContain(`${path.join(FIX, 'rasa/order-stories.yml')}:27:5: active_loop: order_form (forms are not modelled)`)
  })

  it('refuses to overwrite without --force (exit 2), overwrites with it', async () => {
    const dir = path.join(out, 'twice')
    const args = ['import', 'nlpjs', path.join(FIX, 'nlpjs/orders-corpus.json'), '--out', dir]
    expect((await runCli(args)).code).toBe(0)
    const again = await runCli(args)
    expect(again.code).toBe(2)
    expect(again.stderr).toContain('error[IMPORT_WOULD_OVERWRITE]')
    expect((await runCli([...args, '--force'])).code).toBe(0)
  })

  it.each([
    ['rasa', 'rasa/not-rasa.yml', 'IMPORT_NOT_RASA', 'not-rasa.yml:1:1'],
    ['rasa', 'rasa/bad-syntax.yml', 'YAML_SYNTAX', 'bad-syntax.yml:'],
    ['botium', 'botium/bad-sender.convo.txt', 'IMPORT_BOTIUM_SENDER', 'bad-sender.convo.txt:6:1'],
    ['nlpjs', 'nlpjs/broken.json', 'JSON_SYNTAX', 'broken.json:4:42'],
    ['nlpjs', 'rasa/order-nlu.yml', 'JSON_SYNTAX', 'order-nlu.yml:1:1'],
    ['botium', 'rasa-real/moodbot_nlu.yml', 'IMPORT_NOT_BOTIUM', 'moodbot_nlu.yml:1:1'],
    ['botium', 'rasa-real/moodbot_e2e_test_cases.yml', 'IMPORT_NOT_BOTIUM', 'moodbot_e2e_test_cases.yml:1:1'],
    ['rasa', 'botium-real/convos_and_utterances.yml', 'IMPORT_NOT_RASA', 'convos_and_utterances.yml:1:1'],
  ])('%s %s: exit 2 with a positioned message and no stack', async (format, file, code, where) => {
    const dir = path.join(out, `bad-${code}`)
    const r = await runCli(['import', format, path.join(FIX, file), '--out', dir])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain(`error[${code}]`)
    expect(r.stderr).toContain(where)
    expect(r.stderr).not.toMatch(STACK)
    expect(existsSync(dir)).toBe(false)
  })

  it('an unknown format is a usage error (exit 2)', async () => {
    const r = await runCli(['import', 'dialogflow', 'x.json'])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('Allowed choices are rasa, botium, nlpjs')
  })
})

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
