// Soak: many generated conversations against the reference assistant with faults injected; the
// banter process's RSS and open file descriptors are sampled from /proc at the start and the end.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { BIN, fmt, ROOT, startAssistantProcess } from './lib.mjs'

const FAULTS = 'latency=0-20ms,error500=0.05,error503=0.02,retry_after=0,reset=0.01,hang=0.005'

/**
 * RSS and open descriptors of a live process, or undefined once it has exited. An exited child
 * that is not yet reaped (a zombie) still has /proc/<pid>/status, but without VmRSS and with no
 * descriptors: such a sample would read "0 MB, 0 fds" and must not count as the run's end.
 */
async function sample(pid) {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8')
    const rss = /VmRSS:\s+(\d+)/.exec(status)?.[1]
    if (rss === undefined || /^State:\s+[ZX]/m.test(status)) return undefined
    const fds = (await readdir(`/proc/${pid}/fd`)).length
    return { rssMb: Number(rss) / 1024, fds }
  } catch {
    return undefined
  }
}

export async function soak(tmp, conversations) {
  const assistant = await startAssistantProcess(['--faults', FAULTS, '--fault-seed', '3'])
  try {
    const args = [
      BIN,
      'run',
      path.join(ROOT, 'fixtures', 'bench', 'five-turns.yaml'),
      '--generate',
      String(conversations),
      '--seed',
      '3',
      '--quiet',
      '--endpoint',
      `${assistant.url}/chat`,
      '--concurrency',
      '32',
      '--timeout',
      '1000',
      '--reporter',
      'json',
      '--out',
      path.join(tmp, 'soak'),
    ]
    const started = Date.now()
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NO_COLOR: '1' } })
    let stderr = ''
    child.stderr.on('data', (d) => {
      stderr += d
    })
    const samples = []
    let exited = false
    // A sample is kept only if the process was still running when it was read.
    const timer = setInterval(async () => {
      const s = await sample(child.pid)
      if (s && !exited) samples.push({ t: Date.now() - started, ...s })
    }, 250)
    const exit = once(child, 'exit').then((r) => {
      exited = true
      return r
    })
    const [code] = await exit
    clearInterval(timer)
    if (code !== 3 && code !== 0 && code !== 1) throw new Error(`soak run exited ${code}: ${stderr.slice(0, 300)}`)
    const report = JSON.parse(await readFile(path.join(tmp, 'soak', 'banter-report.json'), 'utf8'))
    // "Start" is the first sample after 10% of the run, once the pool and connections are warm.
    const warm = samples.filter((s) => s.t >= (Date.now() - started) * 0.1)
    const first = warm[0] ?? samples[0]
    const last = samples.at(-1)
    const counted = report.summary.passed + report.summary.failed + report.summary.errored + report.summary.skipped
    return {
      conversations,
      seconds: (Date.now() - started) / 1000,
      summary: report.summary,
      accounted: counted === conversations,
      start: first,
      end: last,
      exitCode: code,
    }
  } finally {
    await assistant.stop()
  }
}

export function soakRows(s, row) {
  row(
    'soak',
    `${fmt(s.conversations)} conversations, faults ${FAULTS}`,
    `${fmt(s.seconds, 1)} s; ${fmt(s.summary.passed)} passed, ${fmt(s.summary.errored)} errored; all reported: ${s.accounted ? 'yes' : 'NO'}`,
    'every conversation reported',
    s.accounted,
  )
  // No sample (or one alone) is a failure to measure, never a pass.
  const measured = s.start && s.end && s.end.t > s.start.t
  row(
    'soak',
    `RSS start → end (samples at ${fmt(s.start?.t / 1000, 1)} s and ${fmt(s.end?.t / 1000, 1)} s of ${fmt(s.seconds, 1)} s, while running)`,
    `${fmt(s.start?.rssMb)} → ${fmt(s.end?.rssMb)} MB`,
    'flat (end <= 1.5x start)',
    measured ? s.end.rssMb <= s.start.rssMb * 1.5 : false,
  )
  row(
    'soak',
    'open file descriptors start → end',
    `${s.start?.fds ?? '-'} → ${s.end?.fds ?? '-'}`,
    'flat (end <= start + 8)',
    measured ? s.end.fds <= s.start.fds + 8 : false,
  )
}
