/**
 * What a user sees from the CLI, kept as golden files (test/e2e/golden, volatile parts blanked):
 * the console report of a run with a failure and a skip, a positioned scenario error, a flag
 * error, and an unreachable endpoint, each with its exit code. A change to one of them shows up
 * as a diff to review (`npx vitest run --project cli -u` rewrites them).
 */
import { describe, expect, it } from 'vitest'
import { runCli } from '../helpers/cli.js'
import { closedPort } from '../helpers/fake-server.js'
import { expectGolden } from '../helpers/golden.js'

describe('CLI output (golden files)', () => {
  it('a run with a failed expectation and a skipped scenario: the console report, exit 1', async () => {
    const r = await runCli(['run', 'fixtures/e2e/mixed.yaml', '--concurrency', '1'])
    expect(r.code).toBe(1)
    expect(r.stderr).toBe('')
    await expectGolden('run-mixed.stdout.txt', r.stdout)
  })

  it('a scenario file with an unknown key: a positioned error with a hint, exit 2, nothing on stdout', async () => {
    const r = await runCli(['validate', 'fixtures/invalid/unknown-key.yaml'])
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    await expectGolden('validate-unknown-key.stderr.txt', r.stderr)
  })

  it('a bad flag value: one line naming the flag and the value, exit 2', async () => {
    const r = await runCli(['run', '--concurrency', '0'])
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    await expectGolden('run-bad-concurrency.stderr.txt', r.stderr)
  })

  it('an endpoint nothing listens on: errored conversations and the closing line, exit 3', async () => {
    const port = await closedPort()
    const r = await runCli(['run', 'fixtures/e2e/one-greeting.yaml', '--endpoint', `http://127.0.0.1:${port}/chat`])
    expect(r.code).toBe(3)
    await expectGolden('run-refused.stdout.txt', r.stdout)
    expect(r.stderr).toBe('')
  })
})
