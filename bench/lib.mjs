// Helpers for the benchmark: child processes, the assistant in its own process, timing, RSS.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
export const BIN = path.join(ROOT, 'bin', 'banter.js')
export const RSS_WRAPPER = path.join(ROOT, 'bench', 'rss-wrapper.mjs')

/** Starts `banter serve` in a separate process on a free loopback port; resolves with its URL. */
export async function startAssistantProcess(extraArgs = []) {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', ...extraArgs], { stdio: ['ignore', 'pipe', 'inherit'] })
  let out = ''
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('assistant did not start within 10 s')), 10_000)
    child.stdout.on('data', (d) => {
      out += d
      const m = /listening on (http:\/\/\S+)/.exec(out)
      if (m) {
        clearTimeout(timer)
        resolve(m[1])
      }
    })
    child.on('exit', (code) => reject(new Error(`assistant exited early with ${code}`)))
  })
  return {
    url,
    async stop() {
      child.kill('SIGTERM')
      await once(child, 'exit')
    },
  }
}

/**
 * Runs a command to completion; returns wall time in ms, exit code, output, and, for banter runs
 * through the RSS wrapper, the child's peak RSS in MB and CPU time in microseconds.
 */
export async function timeCommand(args, opts = {}) {
  const started = process.hrtime.bigint()
  const child = spawn(opts.command ?? process.execPath, args, {
    cwd: opts.cwd ?? ROOT,
    env: { ...process.env, NO_COLOR: '1', ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d) => {
    stdout += d
  })
  child.stderr.on('data', (d) => {
    stderr += d
  })
  const [code] = await once(child, 'exit')
  const ms = Number(process.hrtime.bigint() - started) / 1e6
  const rss = /peak-rss-kb=(\d+)/.exec(stderr)
  const cpu = /cpu-us=(\d+)/.exec(stderr)
  return { ms, code, stdout, stderr, rssMb: rss ? Number(rss[1]) / 1024 : undefined, cpuUs: cpu ? Number(cpu[1]) : undefined }
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/** Median wall time of `runs` runs of a command. */
export async function medianTime(args, runs, opts) {
  const times = []
  for (let i = 0; i < runs; i++) times.push((await timeCommand(args, opts)).ms)
  return median(times)
}

export function fmt(n, digits = 0) {
  return n === undefined || Number.isNaN(n)
    ? '-'
    : Number(n).toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
}
