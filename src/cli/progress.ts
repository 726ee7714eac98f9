/** Where progress goes: a stream that can be written to (stderr in the CLI). */
interface ProgressSink {
  write(text: string): unknown
}

export interface ProgressOptions {
  sink: ProgressSink
  /** A terminal gets one redrawn line; anything else a plain status line every `intervalMs`. */
  tty: boolean
  total: number
  now?: () => number
  /** Non-TTY: at most one line per interval, and none in the first interval (default 5000). */
  intervalMs?: number
}

export interface Progress {
  /** `failed`: conversations whose expectations failed; `errored`: those the endpoint failed. */
  update(done: number, failed: number, errored?: number): void
  /** Erases the live line (TTY) so other output starts on a clean line; the next update redraws it. */
  clear(): void
}

export interface ProgressState {
  done: number
  total: number
  failures: number
  errored?: number
  elapsedMs: number
}

const CLEAR_LINE = '\r\u001b[2K'
/** TTY redraws at most this often. */
const REDRAW_MS = 100

/** `1200/20000 (6%) · 310 conv/s · 2 failed · 1 errored · ETA 1m01s` (errored shown once there is one). */
export function formatProgress(s: ProgressState): string {
  const rate = s.elapsedMs > 0 ? (s.done * 1000) / s.elapsedMs : 0
  const pct = s.total > 0 ? Math.floor((s.done * 100) / s.total) : 100
  const eta = rate > 0 ? duration(((s.total - s.done) / rate) * 1000) : '?'
  const errored = s.errored ? ` · ${s.errored} errored` : ''
  return `${s.done}/${s.total} (${pct}%) · ${rate.toFixed(rate < 10 ? 1 : 0)} conv/s · ${s.failures} failed${errored} · ETA ${eta}`
}

function duration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000))
  const h = Math.floor(total / 3600)
  const m = Math.floor((total % 3600) / 60)
  const sec = total % 60
  if (h > 0) return `${h}h${String(m).padStart(2, '0')}m`
  if (m > 0) return `${m}m${String(sec).padStart(2, '0')}s`
  return `${sec}s`
}

/** A live progress line (TTY) or periodic status lines (CI logs). */
export function createProgress(opts: ProgressOptions): Progress {
  const now = opts.now ?? Date.now
  const interval = opts.intervalMs ?? 5000
  const started = now()
  let last = opts.tty ? -Infinity : started
  let drawn = false
  let latest = { done: 0, failures: 0, errored: 0 }
  const line = () => formatProgress({ ...latest, total: opts.total, elapsedMs: now() - started })
  return {
    update(done, failures, errored = 0) {
      latest = { done, failures, errored }
      const t = now()
      if (opts.tty) {
        if (t - last < REDRAW_MS && done < opts.total) return
        opts.sink.write(`${CLEAR_LINE}${line()}`)
        drawn = true
      } else {
        if (t - last < interval) return
        opts.sink.write(`progress: ${line()}\n`)
      }
      last = t
    },
    clear() {
      if (!drawn) return
      opts.sink.write(CLEAR_LINE)
      drawn = false
      last = -Infinity
    },
  }
}
