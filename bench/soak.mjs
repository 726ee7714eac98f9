// Soak: many generated conversations against the reference assistant with faults injected; the
// banter process's RSS and open file descriptors are sampled from /proc at the start and the end.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { BIN, fmt, ROOT, startAssistantProcess } from './lib.mjs'

const FAULTS = 'latency=0-20ms,error500=0.05,error503=0.02,retry_after=0,reset=0.01,hang=0.005'

async function sample(pid) {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8')
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0)
    const fds = (await readdir(`/proc/${pid}/fd`)).length
    return { rssMb: rssKb / 1024, fds }
  } catch {
    return undefined
  }
}

export async function soak(tmp, conversations) {
  const assistant = await startAssistantProcess(['--faults', FAULTS, '--fault-seed', '3'])
  try {
    const args = [BIN, 'run', path.join(ROOT, 'fixtures', 'bench', 'five-turns.yaml'), '--generate', String(conversations), '--seed', '3', '--quiet',
      '--endpoint', `${assistant.url}/chat`, '--concurrency', '32', '--timeout', '1000', '--reporter', 'json', '--out', path.join(tmp, 'soak')]
    const started = Date.now()
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NO_COLOR: '1' } })
    let stderr = ''
    child.stderr.on('data', (d) => { stderr += d })
    const samples = []
    const timer = setInterval(async () => { const s = await sample(child.pid); if (s) samples.push({ t: Date.now() - started, ...s }) }, 250)
    const [code] = await once(child, 'exit')
    clearInterval(timer)
    if (code !== 3 && code !== 0 && code !== 1) throw new Error(`soak run exited ${code}: ${stderr.slice(0, 300)}`)
    const report = JSON.parse(await readFile(path.join(tmp, 'soak', 'banter-report.json'), 'utf8'))
    // "Start" is the first sample after 10% of the run, once the pool and connections are warm.
    const warm = samples.filter((s) => s.t >= (Date.now() - started) * 0.1)
    const first = warm[0] ?? samples[0]
    const last = samples.at(-1)
    const counted = report.summary.passed + report.summary.failed + report.summary.errored + report.summary.skipped
    return { conversations, seconds: (Date.now() - started) / 1000, summary: report.summary, accounted: counted === conversations, start: first, end: last, exitCode: code }
  } finally {
    await assistant.stop()
  }
}

export function soakRows(s, row) {
  row('soak', `${fmt(s.conversations)} conversations, faults ${FAULTS}`, `${fmt(s.seconds, 1)} s; ${fmt(s.summary.passed)} passed, ${fmt(s.summary.errored)} errored; all reported: ${s.accounted ? 'yes' : 'NO'}`, 'every conversation reported', s.accounted)
  row('soak', 'RSS start → end', `${fmt(s.start?.rssMb)} → ${fmt(s.end?.rssMb)} MB`, 'flat (end <= 1.5x start)', s.end && s.start ? s.end.rssMb <= s.start.rssMb * 1.5 : undefined)
  row('soak', 'open file descriptors start → end', `${s.start?.fds ?? '-'} → ${s.end?.fds ?? '-'}`, 'flat (end <= start + 8)', s.end && s.start ? s.end.fds <= s.start.fds + 8 : undefined)
}
