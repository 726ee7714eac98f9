import type { Alert, RunMetrics } from '../report/model.js'
import { closest } from '../diagnostics/suggest.js'
import { flattenMetrics, isMetricName, METRIC_NAMES, type MetricName } from '../metrics/metric-names.js'

export type Op = Alert['op']

/** A parsed threshold: alert when `metric op limit` holds. */
export interface Threshold {
  name: string
  metric: MetricName
  op: Op
  limit: number
}

/** A threshold that does not parse; `col` (1-based, in the expression) and `length` say where. */
export interface ThresholdSyntaxError {
  code: 'THRESHOLD_SYNTAX' | 'UNKNOWN_METRIC'
  message: string
  col: number
  length: number
  hint?: string
}

export const DEFAULT_THRESHOLDS: Record<string, string> = {
  high_fallback_rate: 'fallback_rate > 0.2',
  slow_response_time: 'response_time_p95 > 2000',
}

const OPS: Op[] = ['>=', '<=', '==', '!=', '>', '<']
const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*/
const NUMBER = /^-?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?/

/**
 * Parses `[name:] metric op number` by hand: a name, an operator from a fixed list, a number
 * literal. Nothing is ever evaluated. Without a name, the expression itself names the threshold.
 */
export function parseThreshold(text: string, name?: string): Threshold | ThresholdSyntaxError {
  let pos = 0
  const skip = () => {
    while (text[pos] === ' ' || text[pos] === '\t') pos++
  }
  const fail = (message: string, hint?: string, length = 1): ThresholdSyntaxError => ({
    code: 'THRESHOLD_SYNTAX',
    message,
    col: pos + 1,
    length,
    hint,
  })
  skip()
  let word = NAME.exec(text.slice(pos))?.[0]
  if (!word) return fail('expected a metric name', `write "metric op number", for example "fallback_rate > 0.2"`)
  let label = name
  const afterWord = pos + word.length
  if (/^\s*:/.test(text.slice(afterWord))) {
    label = word
    pos = text.indexOf(':', afterWord) + 1
    skip()
    word = NAME.exec(text.slice(pos))?.[0]
    if (!word) return fail('expected a metric name after the threshold name')
  }
  if (!isMetricName(word)) {
    const near = closest(word, METRIC_NAMES)
    return {
      code: 'UNKNOWN_METRIC',
      message: `unknown metric "${word}"`,
      col: pos + 1,
      length: word.length,
      hint: near ? `did you mean "${near}"?` : `metrics: ${METRIC_NAMES.join(', ')}`,
    }
  }
  const metric = word
  pos += word.length
  skip()
  const op = OPS.find((o) => text.startsWith(o, pos))
  if (!op) return fail(`expected an operator (${OPS.join(' ')})`, undefined, Math.max(1, text.length - pos))
  pos += op.length
  skip()
  const num = NUMBER.exec(text.slice(pos))?.[0]
  if (!num) return fail('expected a number')
  pos += num.length
  skip()
  if (pos < text.length) return fail('unexpected text after the number', 'one comparison per threshold', text.length - pos)
  return { name: label ?? `${metric} ${op} ${num}`, metric, op, limit: Number(num) }
}

export function isThreshold(t: Threshold | ThresholdSyntaxError): t is Threshold {
  return 'metric' in t
}

/** Evaluates each threshold; a null metric (nothing to measure) never triggers. */
export function evaluateThresholds(thresholds: Threshold[], metrics: RunMetrics): Alert[] {
  const values = flattenMetrics(metrics)
  return thresholds.flatMap((t) => {
    const value = values[t.metric]
    return value !== null && compare(value, t.op, t.limit) ? [{ name: t.name, metric: t.metric, op: t.op, limit: t.limit, value }] : []
  })
}

function compare(a: number, op: Op, b: number): boolean {
  switch (op) {
    case '>':
      return a > b
    case '>=':
      return a >= b
    case '<':
      return a < b
    case '<=':
      return a <= b
    case '==':
      return a === b
    case '!=':
      return a !== b
  }
}

/** `name: metric op limit`, as reports show a threshold. */
export function formatThreshold(t: { name: string; metric: string; op: Op; limit: number }): string {
  return `${t.name}: ${t.metric} ${t.op} ${t.limit}`
}

/**
 * The thresholds in force: the defaults, then the config's (same name overrides, `false`
 * disables), then the command line's (same name overrides).
 */
export function mergeThresholds(...layers: (Threshold | { name: string; disabled: true })[][]): Threshold[] {
  const byName = new Map<string, Threshold>()
  for (const layer of layers) {
    for (const t of layer) {
      if ('disabled' in t) byName.delete(t.name)
      else byName.set(t.name, t)
    }
  }
  return [...byName.values()]
}

/** The defaults, parsed. */
export function defaultThresholds(): Threshold[] {
  return Object.entries(DEFAULT_THRESHOLDS).map(([name, text]) => parseThreshold(text, name) as Threshold)
}
