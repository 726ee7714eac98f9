import { readFile, readdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { spawnCli } from '../helpers/cli.js'
import { json, startFakeServer, type FakeServer } from '../helpers/fake-server.js'
import { tempDir } from '../helpers/temp-dir.js'

/** Real signals to a real process: what the shell, a CI runner or Ctrl-C does. */
const STACK = /\n\s+at .+:\d+:\d+/
let dir: string
let scenarios: string
let server: FakeServer

/** A slow endpoint (each answer takes 700 ms) and 40 one-turn conversations. */
beforeAll(async () => {
  dir = await tempDir('banter-int-')
  scenarios = path.join(dir, 'many.yaml')
  const one = (i: number) => `- name: Greeting ${i}\n  turns:\n    - user: Hi\n      expect:\n        intent: greeting\n`
  await writeFile(scenarios, Array.from({ length: 40 }, (_, i) => one(i)).join(''))
  server = await startFakeServer((_req, _body, res) => {
    setTimeout(() => json(res, 200, { reply: 'hi', intent: { name: 'greeting', confidence: 1 }, entities: [], action: 'greet' }), 700)
  })
})
afterAll(() => server.close())

async function waitForRequests(n: number): Promise<void> {
  const until = Date.now() + 20_000
  while (server.requests.length < n && Date.now() < until) await new Promise((r) => setTimeout(r, 25))
}

describe('interrupts', () => {
  it('SIGINT: no new conversations, in-flight ones finish, reports written and marked, exit 130', async () => {
    const out = path.join(dir, 'sigint')
    const before = server.requests.length
    const { child, done } = spawnCli([
      'run',
      scenarios,
      '--endpoint',
      `${server.url}/chat`,
      '-j',
      '2',
      '--reporter',
      'console,json,junit',
      '--out',
      out,
    ])
    await waitForRequests(before + 1)
    child.kill('SIGINT')
    const r = await done
    expect(r.code).toBe(130)
    expect(r.stderr).toContain('SIGINT: starting no new conversations')
    expect(r.stderr).toMatch(/interrupted: interrupted; \d+ conversations not run/)
    expect(r.stderr).not.toMatch(STACK)
    const report = JSON.parse(await readFile(path.join(out, 'banter-report.json'), 'utf8'))
    expect(report.run.interrupted).toMatchObject({ reason: 'interrupted' })
    expect(report.cases.length).toBeGreaterThanOrEqual(1)
    expect(report.cases.length + report.run.interrupted.notRun).toBe(40)
    expect(report.summary.conversations).toBe(report.cases.length)
    expect(report.cases.every((c: { status: string }) => c.status === 'passed')).toBe(true)
    expect(await readFile(path.join(out, 'junit.xml'), 'utf8')).toContain('<testsuites')
  }, 30_000)

  it('SIGTERM behaves the same', async () => {
    const out = path.join(dir, 'sigterm')
    const before = server.requests.length
    const { child, done } = spawnCli(['run', scenarios, '--endpoint', `${server.url}/chat`, '-j', '2', '--reporter', 'json', '--out', out])
    await waitForRequests(before + 1)
    child.kill('SIGTERM')
    const r = await done
    expect(r.code).toBe(130)
    const report = JSON.parse(await readFile(path.join(out, 'banter-report.json'), 'utf8'))
    expect(report.run.interrupted.reason).toBe('interrupted')
  }, 30_000)

  it('a second SIGINT exits at once with 130 and leaves no half-written report', async () => {
    const out = path.join(dir, 'twice')
    const before = server.requests.length
    const { child, done, waitFor } = spawnCli([
      'run',
      scenarios,
      '--endpoint',
      `${server.url}/chat`,
      '-j',
      '2',
      '--grace',
      '60s',
      '--timeout',
      '60000',
      '--reporter',
      'json',
      '--out',
      out,
    ])
    await waitForRequests(before + 1)
    child.kill('SIGINT')
    // The second signal once banter has taken the first (it says so), not after a guessed pause.
    await waitFor(/SIGINT: starting no new conversations/)
    const started = Date.now()
    child.kill('SIGINT')
    const r = await done
    expect(r.code).toBe(130)
    expect(Date.now() - started).toBeLessThan(5_000)
    expect(r.stderr).toContain('SIGINT again: exiting now')
    const files = await readdir(out).catch(() => [])
    expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([])
    for (const f of files) JSON.parse(await readFile(path.join(out, f), 'utf8'))
  }, 30_000)
})
