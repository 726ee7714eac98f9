import { execFileSync, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { chmod, copyFile, mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli, spawnCli, type CliResult } from '../helpers/cli.js'
import { runCli as runInProcess } from '../helpers/in-process-cli.js'
import { tempDir } from '../helpers/temp-dir.js'

const STACK = /\n\s+at .+:\d+:\d+/
const ONE = path.resolve('fixtures/e2e/one-greeting.yaml')
const isRoot = process.getuid?.() === 0

/** Every hostile input ends quickly with exit 2, a message naming the path, and no stack trace. */
function expectRefused(r: CliResult, code: string, ...parts: string[]): void {
  expect(r.code, r.stderr).toBe(2)
  expect(r.stderr).toContain(`error[${code}]`)
  for (const part of parts) expect(r.stderr).toContain(part)
  expect(r.stderr).not.toMatch(STACK)
}

/** The CLI as another user (root's tests run it as `nobody`, so permission bits apply). */
function runAsNobody(args: string[], cwd: string): Promise<CliResult> {
  return runCli(args, { cwd, user: { uid: 65534, gid: 65534 } })
}

let dir: string
const sockets: { close(): void }[] = []
beforeAll(async () => {
  dir = await tempDir('banter-hostile-')
  await chmod(dir, 0o755)
})
afterAll(() => sockets.forEach((s) => s.close()))

describe('files that are not regular files are refused before a byte is read (item 5)', () => {
  it('a FIFO as --config, as a scenario path and inside a scenario folder: exit 2 at once, never blocking', async () => {
    const fifo = path.join(dir, 'config-fifo.yaml')
    execFileSync('mkfifo', [fifo])
    const asConfig = await runCli(['validate', '--config', fifo, ONE], { timeoutMs: 15_000 })
    expectRefused(asConfig, 'FILE_NOT_REGULAR', `cannot read ${fifo}: it is a FIFO (named pipe), not a regular file`)
    const folder = path.join(dir, 'with-fifo')
    await mkdir(folder)
    await copyFile(ONE, path.join(folder, 'one.yaml'))
    execFileSync('mkfifo', [path.join(folder, 'pipe.yaml')])
    const inFolder = await runCli(['validate', 'with-fifo'], { cwd: dir, timeoutMs: 15_000 })
    expectRefused(inFolder, 'FILE_NOT_REGULAR', '--> with-fifo/pipe.yaml:1:1')
    const run = await runCli(['run', path.join(folder, 'pipe.yaml')], { timeoutMs: 15_000 })
    expectRefused(run, 'FILE_NOT_REGULAR', 'pipe.yaml: it is a FIFO')
  })

  it('a Unix socket named *.yaml and a symlink to /dev/zero in a scenario folder', async () => {
    const folder = path.join(dir, 'special')
    await mkdir(folder)
    const server = createServer()
    await new Promise<void>((resolve) => server.listen(path.join(folder, 'socket.yaml'), resolve))
    sockets.push(server)
    await symlink('/dev/zero', path.join(folder, 'zero.yaml'))
    const r = await runCli(['validate', 'special'], { cwd: dir, timeoutMs: 15_000 })
    expectRefused(r, 'FILE_NOT_REGULAR', 'special/socket.yaml: it is a socket', 'special/zero.yaml: it is a character device')
  })

  it('a FIFO given to compare, merge and --faults-file', async () => {
    const fifo = path.join(dir, 'report-fifo.json')
    execFileSync('mkfifo', [fifo])
    expectRefused(await runCli(['compare', fifo, fifo], { timeoutMs: 15_000 }), 'REPORT_UNREADABLE', 'it is a FIFO')
    expectRefused(await runCli(['merge', fifo], { timeoutMs: 15_000 }), 'REPORT_UNREADABLE', 'it is a FIFO')
    expectRefused(
      await runCli(['serve', '--port', '0', '--faults-file', fifo], { timeoutMs: 15_000 }),
      'FAULT_SPEC_INVALID',
      'it is a FIFO',
    )
  })
})

describe('scenario folders: nothing skipped silently', () => {
  it('an unreadable sub-folder is an error naming it', async () => {
    const folder = path.join(dir, 'locked-tree')
    await mkdir(path.join(folder, 'secret'), { recursive: true })
    await chmod(folder, 0o755)
    await copyFile(ONE, path.join(folder, 'one.yaml'))
    await chmod(path.join(folder, 'one.yaml'), 0o644)
    await chmod(path.join(folder, 'secret'), 0o700)
    const r = isRoot ? await runAsNobody(['validate', 'locked-tree'], dir) : await runCli(['validate', 'locked-tree'], { cwd: dir })
    expectRefused(r, 'DIR_UNREADABLE', 'cannot read folder locked-tree/secret: EACCES')
  })

  it('a file or folder name that is not valid UTF-8 is named with its bytes (created through Buffer paths)', async () => {
    const folder = path.join(dir, 'latin1')
    await mkdir(folder)
    await copyFile(ONE, path.join(folder, 'one.yaml'))
    await writeFile(
      Buffer.concat([Buffer.from(`${folder}/caf`), Buffer.from([0xe9]), Buffer.from('.yaml')]),
      'name: x\nturns:\n  - user: hi\n',
    )
    await mkdir(Buffer.concat([Buffer.from(`${folder}/d`), Buffer.from([0xff])]))
    const r = await runCli(['validate', 'latin1'], { cwd: dir })
    expectRefused(
      r,
      'FILE_NAME_ENCODING',
      'the name "caf\\xe9.yaml" in latin1 is not valid UTF-8',
      'the name "d\\xff" in latin1 is not valid UTF-8',
    )
  })
})

describe('output paths are checked before the first request (item 6, 7)', () => {
  it.each([
    ['--out /proc/x', ['--out', '/proc/banter-x', '-r', 'json'], 'OUT_DIR_UNWRITABLE', '--out: cannot write reports to /proc/banter-x'],
    ['a directory as the json report', ['-r', 'json:.'], 'OUT_FILE_UNWRITABLE', 'it is a directory'],
    ['a report path under a file', ['-r', `junit:${ONE}/junit.xml`], 'OUT_DIR_UNWRITABLE', 'is a file, not a folder'],
    ['/dev/null as a report', ['-r', 'markdown:/dev/null'], 'OUT_FILE_UNWRITABLE', 'it is a character device'],
    ['--results-jsonl into a directory', ['--results-jsonl', '.'], 'OUT_FILE_UNWRITABLE', '--results-jsonl: cannot write'],
    ['two reporters into one file', ['-r', 'html:same.out,prometheus:same.out'], 'OUT_FILE_TWICE', 'would both write same.out'],
    [
      '--save-failures under /proc',
      ['--generate', '1', '--save-failures', '/proc/banter-y', 'scenarios/generators'],
      'OUT_DIR_UNWRITABLE',
      '--save-failures: cannot write saved failures to /proc/banter-y',
    ],
  ])('%s: exit 2, nothing run, quickly', async (_name, args, code, message) => {
    const started = Date.now()
    const r = await runInProcess(['run', ONE, ...args])
    expectRefused(r, code, message, 'nothing was run or written')
    expect(r.stdout).not.toContain('passed')
    expect(Date.now() - started).toBeLessThan(15_000)
  })

  it('a read-only report folder is refused before the run, and no .tmp file is left', async () => {
    const ro = path.join(dir, 'read-only')
    await mkdir(ro)
    await chmod(ro, 0o555)
    const r = isRoot
      ? await runAsNobody(['run', ONE, '-r', 'json', '--out', ro], dir)
      : await runCli(['run', ONE, '-r', 'json', '--out', ro])
    expectRefused(r, 'OUT_DIR_UNWRITABLE', `--out: cannot write reports to ${ro}: permission denied (EACCES)`)
    expect(await readdir(ro)).toEqual([])
  })
})

describe('two runs into the same report file', () => {
  it('a second run is refused while the first holds the lock, and the first still writes its report', async () => {
    const out = path.join(dir, 'shared-out')
    // Six turns 2 s apart: the first run holds its lock for at least 10 s.
    const slow = path.join(dir, 'slow.yaml')
    await writeFile(slow, `name: Slow\nturns:\n${'  - user: Hello\n'.repeat(6)}`)
    const { child: first, done: firstExit } = spawnCli(['run', slow, '-r', 'json', '--out', out, '--think-time', '2000'])
    const lock = path.join(out, 'banter-report.json.lock')
    const deadline = Date.now() + 20_000
    while (!existsSync(lock) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25))
    expect(existsSync(lock)).toBe(true)
    const second = await runInProcess(['run', ONE, '-r', 'json', '--out', out])
    expectRefused(second, 'OUT_LOCKED', `another banter run (pid ${first.pid} on`, 'banter-report.json')
    expect((await firstExit).code).toBe(0)
    expect(JSON.parse(await readFile(path.join(out, 'banter-report.json'), 'utf8')).summary.conversations).toBe(1)
    expect(existsSync(lock)).toBe(false)
  })

  it('a lock left by a process that is gone is taken over', async () => {
    const out = path.join(dir, 'stale-out')
    await mkdir(out)
    const gone = spawn(process.execPath, ['-e', '0'])
    await new Promise((resolve) => gone.on('close', resolve))
    const host = (await import('node:os')).hostname()
    await writeFile(path.join(out, 'banter-report.json.lock'), JSON.stringify({ pid: gone.pid, host, startedAt: 'earlier' }))
    const r = await runInProcess(['run', ONE, '-r', 'json', '--out', out])
    expect(r.code, r.stderr).toBe(0)
    expect(await readdir(out)).toEqual(['banter-report.json'])
  })
})
