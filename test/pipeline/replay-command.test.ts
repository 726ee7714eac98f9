/**
 * The replay command printed for a failed generated case runs that case again as the run ran it:
 * against the same endpoint (from --config or --endpoint), with the flags that change what is sent,
 * whatever characters its paths hold, and without ever printing a credential.
 */
import { execFileSync } from 'node:child_process'
import { copyFile, mkdir, readFile, readdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startAssistant, type RunningAssistant } from '../../src/assistant/server.js'
import type { RunReport } from '../../src/report/model.js'
import { runCli } from '../helpers/in-process-cli.js'
import { misclassifying } from '../helpers/misclassify.js'
import { tempDir } from '../helpers/temp-dir.js'

// The reference assistant, misclassifying every message with the word "zebra": fixtures/generators/zebra.yaml fails on it.
let assistant: RunningAssistant
beforeAll(async () => {
  assistant = await startAssistant({ port: 0, host: '127.0.0.1', classify: misclassifying('zebra') })
})
afterAll(() => assistant.close())

/** The words a POSIX shell reads from a printed `banter run …` command (sh does the parsing). */
function argvOf(command: string): string[] {
  expect(command).toMatch(/^banter run /)
  const out = execFileSync('sh', ['-c', `printf '%s\\0' ${command.slice('banter '.length)}`], { encoding: 'utf8' })
  return out.split('\0').slice(0, -1)
}

/** The first replay command the console printed. */
function firstReplay(stdout: string): string {
  const line = stdout.split('\n').find((l) => l.trimStart().startsWith('replay: '))
  expect(line, stdout).toBeDefined()
  return line!.trimStart().slice('replay: '.length)
}

async function report(file: string): Promise<RunReport> {
  return JSON.parse(await readFile(file, 'utf8')) as RunReport
}

/** A folder with awkward names: spaces, quotes, a `$`. */
async function awkwardFolder(): Promise<{ dir: string; generator: string }> {
  const dir = path.join(await tempDir('banter-replay-'), `it's a "dir" $HOME`)
  await mkdir(path.join(dir, 'gen dir'), { recursive: true })
  const generator = "gen dir/zebra 'gen'.yaml"
  await copyFile('fixtures/generators/zebra.yaml', path.join(dir, generator))
  return { dir, generator }
}

/** The case the replay ran must be the failing one, message for message, failing the same way. */
function expectSameCase(original: RunReport, replayed: RunReport, id: string): void {
  const before = original.cases.find((c) => c.id === id)!
  expect(replayed.cases).toHaveLength(1)
  const [again] = replayed.cases
  expect(again!.id).toBe(id)
  expect(again!.status).toBe('failed')
  expect(again!.turns.map((t) => t.user)).toEqual(before.turns.map((t) => t.user))
  const failing = (r: typeof before) => r.turns.flatMap((t) => t.verdicts.filter((v) => !v.pass).map((v) => `${t.index}:${v.code}`))
  expect(failing(again!)).toEqual(failing(before))
  expect(replayed.run.endpoint).toBe(original.run.endpoint)
}

describe('replay commands', () => {
  it('repeat --config and the flags that change what is sent; run from the same folder they replay the failing case against the same endpoint', async () => {
    const { dir, generator } = await awkwardFolder()
    const config = `conf dir/it's "ci".yaml`
    await mkdir(path.join(dir, 'conf dir'))
    await writeFile(path.join(dir, config), `endpoint:\n  url: ${assistant.url}/chat\n`)
    const res = await runCli(
      [
        'run',
        generator,
        '--config',
        config,
        '--generate',
        '12',
        '--seed',
        '3',
        '--timeout',
        '8000',
        '--retries',
        '0',
        '--concurrency',
        '4',
        '--reporter',
        'console,json',
        '--out',
        'out',
        '--save-failures',
        'saved',
      ],
      { cwd: dir },
    )
    expect(res.code, res.stderr).toBe(1)
    const original = await report(path.join(dir, 'out', 'banter-report.json'))
    expect(original.run.replayArgs).toEqual(['--config', config, '--timeout', '8000', '--retries', '0'])
    const command = firstReplay(res.stdout)
    const argv = argvOf(command)
    expect(argv).toEqual([
      'run',
      generator,
      '--case',
      expect.stringMatching(/^zebra#\d+$/),
      '--seed',
      '3',
      '--config',
      config,
      '--timeout',
      '8000',
      '--retries',
      '0',
    ])
    // The saved regression scenario names the same command for the original case.
    const saved = await readFile(path.join(dir, 'saved', `${argv[3]!.replace('#', '-')}.yaml`), 'utf8')
    expect(saved).toContain(`# Replay the original: ${command}\n`)

    const again = await runCli([...argv, '--reporter', 'json', '--out', 'replayed'], { cwd: dir })
    expect(again.code, again.stderr).toBe(1)
    expectSameCase(original, await report(path.join(dir, 'replayed', 'banter-report.json')), argv[3]!)
  }, 120_000)

  it('repeat --endpoint with its credentials masked, printed nowhere; with them put back, the command replays the case', async () => {
    const { dir, generator } = await awkwardFolder()
    const password = 'pa55-w0rd-zebra'
    const endpoint = `${assistant.url.replace('http://', `http://tester:${password}@`)}/chat?api_key=k3y-secret-value`
    const res = await runCli(
      [
        'run',
        generator,
        '--endpoint',
        endpoint,
        '--generate',
        '12',
        '--seed',
        '5',
        '-r',
        'console,json,junit',
        '--out',
        'out',
        '--save-failures',
        'saved',
      ],
      { cwd: dir },
    )
    expect(res.code, res.stderr).toBe(1)
    const written: string[] = []
    for (const folder of ['out', 'saved']) {
      for (const f of await readdir(path.join(dir, folder), { withFileTypes: true }))
        if (f.isFile()) written.push(await readFile(path.join(dir, folder, f.name), 'utf8'))
    }
    expect(written.length).toBeGreaterThanOrEqual(3)
    for (const text of [res.stdout, res.stderr, ...written]) {
      expect(text).not.toContain(password)
      expect(text).not.toContain('k3y-secret-value')
    }
    const masked = `${assistant.url.replace('http://', 'http://***@')}/chat?api_key=***`
    const argv = argvOf(firstReplay(res.stdout))
    expect(argv.slice(-2)).toEqual(['--endpoint', masked])
    const original = await report(path.join(dir, 'out', 'banter-report.json'))
    expect(original.run.replayArgs).toEqual(['--endpoint', masked])
    const restored = argv.map((w) => (w === masked ? endpoint : w))
    const again = await runCli([...restored, '--reporter', 'json', '--out', 'replayed'], { cwd: dir })
    expect(again.code, again.stderr).toBe(1)
    expectSameCase(original, await report(path.join(dir, 'replayed', 'banter-report.json')), argv[3]!)
  }, 120_000)
})
