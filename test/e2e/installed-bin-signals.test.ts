/**
 * The CI examples call the installed binary (`./node_modules/.bin/banter`), not `npx banter`:
 * npx (npm exec) is a separate process that dies on SIGTERM with its own exit code and leaves
 * banter running. Called directly, the shell's child is banter itself, so a runner's SIGTERM
 * (job cancelled, pod evicted) reaches it: it finishes in-flight turns, writes its reports and
 * exits 130; a failing run's exit code (1) comes through unchanged.
 */
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BIN, spawnCli } from '../helpers/cli.js'
import { json, startFakeServer, type FakeServer } from '../helpers/fake-server.js'
import { tempDir } from '../helpers/temp-dir.js'

let project: string
let server: FakeServer
let slow = true

beforeAll(async () => {
  project = await tempDir('banter-installed-')
  await mkdir(path.join(project, 'node_modules', '.bin'), { recursive: true })
  // What `npm install banter` leaves: a link to the package's bin script.
  await symlink(BIN, path.join(project, 'node_modules', '.bin', 'banter'))
  const one = (i: number) => `- name: Greeting ${i}\n  turns:\n    - user: Hi\n      expect:\n        intent: greeting\n`
  await writeFile(path.join(project, 'suite.yaml'), Array.from({ length: 20 }, (_, i) => one(i)).join(''))
  server = await startFakeServer((_req, _body, res) => {
    const answer = () =>
      json(res, 200, { reply: 'hi', intent: { name: slow ? 'greeting' : 'goodbye', confidence: 1 }, entities: [], action: 'greet' })
    if (slow) setTimeout(answer, 500)
    else answer()
  })
})
afterAll(() => server.close())

/** Runs a shell command line in the project as a CI job's script line runs. */
function shell(line: string, opts: { group?: boolean } = {}) {
  return spawnCli([], { shell: line, cwd: project, detached: opts.group ?? false })
}

describe('the documented CI form: ./node_modules/.bin/banter', () => {
  it('SIGTERM reaches banter: in-flight turns finish, reports are written, exit 130, nothing left running', async () => {
    slow = true
    const before = server.requests.length
    const { child, done } = shell(
      `exec ./node_modules/.bin/banter run suite.yaml --endpoint ${server.url}/chat -j 2 --reporter json,junit --out reports`,
    )
    const until = Date.now() + 20_000
    while (server.requests.length === before && Date.now() < until) await new Promise((r) => setTimeout(r, 25))
    child.kill('SIGTERM')
    const r = await done
    expect(r.code, r.stderr).toBe(130)
    expect(r.stderr).toContain('SIGTERM')
    const report = JSON.parse(await readFile(path.join(project, 'reports', 'banter-report.json'), 'utf8'))
    expect(report.run.interrupted).toMatchObject({ reason: 'interrupted' })
    expect(await readFile(path.join(project, 'reports', 'junit.xml'), 'utf8')).toContain('<testsuites')
    // The process that got the signal was banter itself: once it has exited, no request is still being made.
    const after = server.requests.length
    await new Promise((r) => setTimeout(r, 1500))
    expect(server.requests.length).toBe(after)
  }, 60_000)

  it('a runner that signals the whole process group (GitLab, Kubernetes) gets a finished, marked report', async () => {
    slow = true
    const before = server.requests.length
    const { child, done } = shell(
      `./node_modules/.bin/banter run suite.yaml --endpoint ${server.url}/chat -j 2 --reporter json --out grouped; echo "banter exited $?" >&2`,
      { group: true },
    )
    const until = Date.now() + 20_000
    while (server.requests.length === before && Date.now() < until) await new Promise((r) => setTimeout(r, 25))
    process.kill(-child.pid!, 'SIGTERM')
    await done
    // sh itself dies of the signal; banter, its child, finishes in-flight turns and writes the report.
    const file = path.join(project, 'grouped', 'banter-report.json')
    const deadline = Date.now() + 20_000
    let report: { run: { interrupted?: { reason: string } } } | undefined
    while (!report && Date.now() < deadline) {
      report = await readFile(file, 'utf8').then(
        (t) => JSON.parse(t),
        () => undefined,
      )
      if (!report) await new Promise((r) => setTimeout(r, 100))
    }
    expect(report?.run.interrupted).toMatchObject({ reason: 'interrupted' })
  }, 60_000)

  it('a failing run exits 1 through the script line', async () => {
    slow = false
    const r = await shell(`./node_modules/.bin/banter run suite.yaml --endpoint ${server.url}/chat --reporter json --out failing`).done
    expect(r.code, r.stderr).toBe(1)
  }, 60_000)
})
