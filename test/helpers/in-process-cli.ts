/**
 * Runs a banter command in this process, through the same `main(argv)` as bin/banter.js, and
 * returns what a spawned CLI would: the exit code, stdout and stderr. No process to start and no
 * build to load, so a pipeline test that checks reports, exit codes and messages costs
 * milliseconds, not a Node start-up. Its working folder, environment and output streams are the
 * process's own for the duration of the call (set, then restored), so calls run one at a time:
 * a call made while another runs starts when it ends.
 *
 * What needs a real process stays in test/e2e through helpers/cli.ts: signals, `banter serve`,
 * `banter record` on stdin, other users, the installed bin.
 */
import { main } from '../../src/cli/main.js'
import type { CliResult } from './cli.js'
import { CLI_ENV } from './cli.js'

// main() imports a command's module when it first runs; loading them with the test file keeps
// that cost (seconds on a loaded machine) out of the first test's time bounds.
await Promise.all([
  import('../../src/cli/commands/run.js'),
  import('../../src/cli/commands/validate.js'),
  import('../../src/cli/commands/merge.js'),
  import('../../src/cli/commands/compare.js'),
])

/** The call before this one: calls run one after another, each in its own folder and environment. */
let previous: Promise<unknown> = Promise.resolve()

/** Runs `banter <args>` in-process to its end. */
export async function runCli(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliResult> {
  const { code, stdout, stderr } = await startCli(args, opts).done
  return { code, stdout, stderr }
}

export interface StartedCli {
  /** Settles when the command returns: exit code, output and when it returned (performance.now()). */
  done: Promise<CliResult & { exitedAt: number }>
  /**
   * Delivers SIGINT or SIGTERM to the command's signal handlers, as the operating system would
   * (process.emit: no real signal, so nothing else in this process sees it). A second interrupt
   * exits the process at once in banter: that case is tested on a spawned CLI (test/e2e).
   */
  interrupt(signal: 'SIGINT' | 'SIGTERM'): void
}

/** Starts `banter <args>` in-process without waiting for it, so a test can interrupt it. */
export function startCli(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): StartedCli {
  const run = async (): Promise<CliResult & { exitedAt: number }> => {
    const restoreEnv = setEnv({ ...CLI_ENV, ...opts.env })
    const cwd = process.cwd()
    const out = capture(process.stdout)
    const err = capture(process.stderr)
    const exitCode = process.exitCode
    process.exitCode = undefined
    try {
      if (opts.cwd) process.chdir(opts.cwd)
      await main(['node', 'banter', ...args])
      return { code: Number(process.exitCode ?? 0), stdout: out.text(), stderr: err.text(), exitedAt: performance.now() }
    } finally {
      process.exitCode = exitCode
      out.restore()
      err.restore()
      process.chdir(cwd)
      restoreEnv()
    }
  }
  const done = previous.then(run)
  previous = done.catch(() => undefined)
  let interrupted = false
  return {
    done,
    interrupt(signal) {
      if (interrupted) throw new Error('a second interrupt would exit this process: test it on a spawned CLI')
      interrupted = true
      process.emit(signal, signal)
    },
  }
}

/** Sets (or, for undefined, deletes) these variables; returns a function that puts them back. */
function setEnv(vars: NodeJS.ProcessEnv): () => void {
  const saved = Object.keys(vars).map((k) => [k, process.env[k]] as const)
  for (const [k, v] of Object.entries(vars)) {
    if (v === undefined) delete process.env[k]
    else process.env[k] = v
  }
  return () => {
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k]
      else process.env[k] = v
    }
  }
}

/** Collects what is written to `stream`, which is not a terminal meanwhile (as a spawned CLI's pipe is not). */
function capture(stream: NodeJS.WriteStream) {
  let text = ''
  const write = stream.write
  const tty = Object.getOwnPropertyDescriptor(stream, 'isTTY')
  Object.defineProperty(stream, 'isTTY', { value: false, configurable: true, writable: true })
  stream.write = ((chunk: string | Uint8Array, encoding?: unknown, cb?: unknown) => {
    text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString()
    const done = typeof encoding === 'function' ? encoding : cb
    if (typeof done === 'function') queueMicrotask(() => (done as () => void)())
    return true
  }) as typeof stream.write
  return {
    text: () => text,
    restore() {
      stream.write = write
      if (tty) Object.defineProperty(stream, 'isTTY', tty)
      else delete (stream as { isTTY?: boolean }).isTTY
    },
  }
}
