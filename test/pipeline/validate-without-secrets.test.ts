// `banter validate` needs no secrets: unset variables are notes (exit 0); `banter run` refuses them
// (exit 2) naming the variable and where it is used.
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCli } from '../helpers/in-process-cli.js'
import { tempDir } from '../helpers/temp-dir.js'

const STACK = /\n\s+at .+:\d+:\d+/
const SCENARIO = '- name: Greets\n  turns:\n    - user: Hi there\n      expect: { intent: greeting }\n'
const CONFIG = `endpoint:
  url: http://\${BANK_HOST}:8080/chat
  headers:
    X-API-Key: \${API_KEY}
scenarios: [suite]
`

async function project(config: string, scenario = SCENARIO): Promise<string> {
  const dir = await tempDir('banter-validate-env-')
  await mkdir(path.join(dir, 'suite'))
  await writeFile(path.join(dir, 'suite/greets.yaml'), scenario)
  await writeFile(path.join(dir, 'banter.config.yaml'), config)
  return dir
}

/** The environment with no API_KEY or BANK_HOST, whatever the machine running the tests has. */
const CLEAN = { API_KEY: undefined, BANK_HOST: undefined }

describe('validate without the secrets', () => {
  it('unset variables are notes naming each and where it is used; the structure is still checked and the exit code is 0', async () => {
    const dir = await project(CONFIG)
    const r = await runCli(['validate'], { cwd: dir, env: CLEAN })
    expect(r.stderr).not.toMatch(STACK)
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('✓ 1 scenarios (1 turns) in 1 files are valid')
    expect(r.stderr).toContain(
      'note[CONFIG_ENV_MISSING]: environment variable BANK_HOST is not set (used in endpoint.url); `banter run` will need it',
    )
    expect(r.stderr).toContain(' --> banter.config.yaml:2:8')
    expect(r.stderr).toContain('note[CONFIG_ENV_MISSING]: environment variable API_KEY is not set (used in endpoint.headers.X-API-Key)')
    expect(r.stderr).toContain(' --> banter.config.yaml:4:16')
    expect(r.stderr).toContain('note: BANK_HOST, API_KEY are not set; `banter run` will need them')
    expect(r.stderr).not.toContain('error')
  })

  it('a scenario path that needs an unset variable is noted and skipped, not read as the config folder', async () => {
    const dir = await project('scenarios: [suite, "${EXTRA_SUITE}"]\n')
    const r = await runCli(['validate'], { cwd: dir, env: { EXTRA_SUITE: undefined } })
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('✓ 1 scenarios (1 turns) in 1 files are valid')
    expect(r.stderr).toContain('environment variable EXTRA_SUITE is not set (used in scenarios[1])')
  })

  it('with the variables set there is no note', async () => {
    const dir = await project(CONFIG)
    const r = await runCli(['validate'], { cwd: dir, env: { API_KEY: 'k-123', BANK_HOST: '127.0.0.1' } })
    expect(r.code).toBe(0)
    expect(r.stderr).toBe('')
  })

  it('real problems still fail with exit 2, beside the notes: a bad scenario, a bad URL, an unknown config key', async () => {
    const badScenario = await project(CONFIG, '- name: Greets\n  turns:\n    - user: Hi\n      expect: { intnet: greeting }\n')
    const a = await runCli(['validate'], { cwd: badScenario, env: CLEAN })
    expect(a.code).toBe(2)
    expect(a.stderr).toContain('error[UNKNOWN_KEY]')
    const badUrl = await project('endpoint:\n  url: ftp://example/chat\n  headers:\n    X-API-Key: ${API_KEY}\n')
    const b = await runCli(['validate'], { cwd: badUrl, env: CLEAN })
    expect(b.code).toBe(2)
    expect(b.stderr).toContain('error[CONFIG_INVALID_URL]')
    const badKey = await project('endpoint:\n  url: http://127.0.0.1:9/chat\n  headerz:\n    X-API-Key: ${API_KEY}\n')
    const c = await runCli(['validate'], { cwd: badKey, env: CLEAN })
    expect(c.code).toBe(2)
    expect(c.stderr).toContain('error[UNKNOWN_KEY]')
  })

  it('run refuses an unset variable: exit 2, naming it and the field, and nothing is run or written', async () => {
    const dir = await project(CONFIG)
    const r = await runCli(['run', '-r', 'json', '-o', 'out'], { cwd: dir, env: { ...CLEAN, BANK_HOST: '127.0.0.1' } })
    expect(r.code).toBe(2)
    expect(r.stderr).not.toMatch(STACK)
    expect(r.stderr).toContain('error[CONFIG_ENV_MISSING]: environment variable API_KEY is not set (used in endpoint.headers.X-API-Key)')
    expect(r.stderr).toContain(' --> banter.config.yaml:4:16')
    expect(r.stderr).toContain('hint: export API_KEY=… before running banter, or write ${API_KEY:-default}')
    expect(r.stderr).toContain('1 error; nothing was run or written.')
    expect(r.stdout).toBe('')
  })
})
