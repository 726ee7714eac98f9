/**
 * The one way tests start the built CLI (bin/banter.js, which runs dist/: `npm run build` first)
 * as a separate process: for what only a real process shows (exit codes as the shell sees them,
 * signals, stdin, `banter serve`, another user, the installed bin). Everything else runs the
 * same commands in-process through helpers/in-process-cli.ts.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'

export const BIN = path.resolve('bin/banter.js')

/** The CI variables of the machine running the tests must not change what banter prints. */
export const CLI_ENV: NodeJS.ProcessEnv = {
  NO_COLOR: '1',
  FORCE_COLOR: undefined,
  GITHUB_ACTIONS: undefined,
  GITHUB_STEP_SUMMARY: undefined,
  GITHUB_WORKSPACE: undefined,
}

export interface CliResult {
  code: number | null
  stdout: string
  stderr: string
}

export interface SpawnOptions {
  cwd?: string
  env?: NodeJS.ProcessEnv
  /** Killed (SIGKILL) after this long; the result then rejects. Default 60 s. */
  timeoutMs?: number
  /** Keep stdin open as a pipe (child.stdin) instead of ignoring it. */
  stdin?: boolean
  /** Run as this user and group (e.g. nobody, 65534), to see what a user without rights sees. */
  user?: { uid: number; gid: number }
  /** Run this shell command line (sh -c) instead of `node bin/banter.js args`, as a CI script line does. */
  shell?: string
  /** A process group of its own, so a test can signal the whole group (as CI runners do). */
  detached?: boolean
}

export interface SpawnedCli {
  child: ChildProcess
  /** Settles when the process exits: code, signal, output and when it exited (performance.now()). */
  done: Promise<CliResult & { signal: NodeJS.Signals | null; exitedAt: number }>
  /** Resolves with the first match of `pattern` in stderr (or stdout) once it is written; rejects if the process exits first. */
  waitFor(pattern: RegExp, stream?: 'stdout' | 'stderr'): Promise<RegExpMatchArray>
}

/** Starts the CLI without waiting for it, so a test can write to it or signal it. */
export function spawnCli(args: string[], opts: SpawnOptions = {}): SpawnedCli {
  const [command, argv] = opts.shell === undefined ? [process.execPath, [BIN, ...args]] : ['/bin/sh', ['-c', opts.shell]]
  const child = spawn(command, argv, {
    cwd: opts.cwd ?? process.cwd(),
    env: { ...process.env, ...CLI_ENV, ...opts.env },
    stdio: [opts.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    detached: opts.detached ?? false,
    ...(opts.user ?? {}),
  })
  const text = { stdout: '', stderr: '' }
  const waiters: { pattern: RegExp; stream: 'stdout' | 'stderr'; resolve(m: RegExpMatchArray): void; reject(e: Error): void }[] = []
  const check = () => {
    for (const w of [...waiters]) {
      const m = text[w.stream].match(w.pattern)
      if (m) {
        waiters.splice(waiters.indexOf(w), 1)
        w.resolve(m)
      }
    }
  }
  child.stdout!.on('data', (d: Buffer) => {
    text.stdout += d.toString()
    check()
  })
  child.stderr!.on('data', (d: Buffer) => {
    text.stderr += d.toString()
    check()
  })
  let timedOut = false
  let exited: string | undefined
  const timer = setTimeout(() => {
    timedOut = true
    child.kill('SIGKILL')
  }, opts.timeoutMs ?? 60_000)
  const done = new Promise<CliResult & { signal: NodeJS.Signals | null; exitedAt: number }>((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      const exitedAt = performance.now()
      exited = String(code ?? signal)
      for (const w of waiters.splice(0))
        w.reject(new Error(`banter exited (${code ?? signal}) before writing ${w.pattern}\n${text.stdout}\n${text.stderr}`))
      if (timedOut) reject(new Error(`banter ${args.join(' ')} timed out\n${text.stdout}\n${text.stderr}`))
      else resolve({ code, signal, stdout: text.stdout, stderr: text.stderr, exitedAt })
    })
  })
  const waitFor = (pattern: RegExp, stream: 'stdout' | 'stderr' = 'stderr') =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const m = text[stream].match(pattern)
      if (m) resolve(m)
      else if (exited !== undefined)
        reject(new Error(`banter exited (${exited}) before writing ${pattern}\n${text.stdout}\n${text.stderr}`))
      else waiters.push({ pattern, stream, resolve, reject })
    })
  // Unhandled if the test only awaits waitFor: the rejection is seen there instead.
  done.catch(() => undefined)
  return { child, done, waitFor }
}

/** Runs the CLI to its end, as a user would (no colour, a hard time limit). */
export async function runCli(args: string[], opts: Omit<SpawnOptions, 'stdin' | 'detached'> = {}): Promise<CliResult> {
  const { code, stdout, stderr } = await spawnCli(args, { timeoutMs: 30_000, ...opts }).done
  return { code, stdout, stderr }
}
