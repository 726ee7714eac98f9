/**
 * Text from an endpoint is untrusted: an ANSI escape in a reply could recolour or clear the
 * terminal, retitle the window, hide the lines after it, or ring the bell; a bidi override could
 * make a line read backwards. Every text output (console, Markdown, JUnit, HTML, Prometheus,
 * error messages) shows such characters as visible escapes instead: ESC as `\x1b`, a carriage
 * return as `\r`, U+202E as `\u202e`. Newlines and tabs are kept. The JSON outputs keep the
 * original text (JSON escapes control characters itself).
 */

// C0 controls but \t and \n, DEL, C1 controls, and the invisible bidi/format controls.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g
// eslint-disable-next-line no-control-regex
const ANY_UNSAFE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069]/

function visible(ch: string): string {
  const code = ch.charCodeAt(0)
  if (code === 0x0d) return '\\r'
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`
}

/** The text with every control character but newline and tab shown as a visible escape. */
export function neutralise(text: string): string {
  return ANY_UNSAFE.test(text) ? text.replace(UNSAFE, visible) : text
}

/**
 * `value` with `neutralise` applied to every string inside (object keys included). Parts with
 * nothing to neutralise are returned as they are, so a clean report is not copied.
 */
export function neutraliseDeep<T>(value: T): T {
  return walk(value, 0) as T
}

// Reports are shallow (a case, its turns, their verdicts); the bound only guards against cycles.
const MAX_DEPTH = 64

function walk(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return neutralise(value)
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return value
  if (Array.isArray(value)) {
    let out: unknown[] | undefined
    for (let i = 0; i < value.length; i++) {
      const w = walk(value[i], depth + 1)
      if (w !== value[i]) (out ??= value.slice())[i] = w
    }
    return out ?? value
  }
  // Copied only from the first key that changes (this runs on every case the console shows).
  const source = value as Record<string, unknown>
  let out: Record<string, unknown> | undefined
  for (const key in source) {
    const v = source[key]
    const w = walk(v, depth + 1)
    const safeKey = neutralise(key)
    if (out === undefined && (w !== v || safeKey !== key)) {
      out = {}
      for (const before in source) {
        if (before === key) break
        out[before] = source[before]
      }
    }
    if (out) out[safeKey] = w
  }
  return out ?? value
}
