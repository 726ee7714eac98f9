import { existsSync } from 'node:fs'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { runCli } from '../helpers/in-process-cli.js'

const STACK = /\n\s+at .+:\d+:\d+/
const FIX = path.resolve('fixtures/import')
let out: string
beforeAll(async () => {
  out = await mkdtemp(path.join(tmpdir(), 'banter-import-cli-'))
})
afterAll(async () => {
  await rm(out, { recursive: true, force: true })
})

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
    expect(r.stdout).toContain(
      `${path.join(FIX, 'rasa/order-stories.yml')}: conversations 3 → 3, user turns 6 → 6, bot messages 0 → 0, actions 6 → 6, intents 6 → 6, entities 4 → 4\n`,
    )
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
