/** One sample of the Prometheus text format. */
interface PromSample {
  name: string
  labels: Record<string, string>
  value: number
}
interface PromFamily {
  help?: string
  type?: string
  samples: PromSample[]
}

/**
 * A parsed exposition: the metric families by name (a histogram's `_bucket`, `_sum` and `_count`
 * samples belong to its family), plus every sample in order and the `# TYPE` of each family.
 */
export interface PromExposition extends Map<string, PromFamily> {
  samples: PromSample[]
  types: Record<string, string>
  /** The value of the one sample with this name and exactly these labels; undefined if absent. */
  value(name: string, labels?: Record<string, string>): number | undefined
}

const META = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$/
const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)$/
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(,|$)/y

/**
 * The tests' one parser of the text exposition format (0.0.4): HELP and TYPE lines, samples with
 * escaped label values. Strict: throws on a line it does not understand, so a test that parses a
 * report back also checks its syntax.
 */
export function parsePrometheus(text: string): PromExposition {
  const families = new Map<string, PromFamily>()
  const samples: PromSample[] = []
  const types: Record<string, string> = {}
  const family = (name: string) => families.get(name) ?? families.set(name, { samples: [] }).get(name)!
  for (const [i, line] of text.split('\n').entries()) {
    if (line === '') continue
    const meta = META.exec(line)
    if (meta) {
      if (meta[1] === 'HELP') family(meta[2]!).help = meta[3]
      else if (['gauge', 'counter', 'histogram', 'summary', 'untyped'].includes(meta[3]!))
        family(meta[2]!).type = types[meta[2]!] = meta[3]!
      else throw new Error(`line ${i + 1}: bad TYPE ${meta[3]}`)
      continue
    }
    const m = SAMPLE.exec(line)
    if (!m) throw new Error(`line ${i + 1}: not a sample: ${JSON.stringify(line)}`)
    const sample = { name: m[1]!, labels: labels(m[3] ?? '', i), value: number(m[4]!, i) }
    const base = sample.name.replace(/_(bucket|sum|count)$/, '')
    family(families.has(sample.name) || !families.has(base) ? sample.name : base).samples.push(sample)
    samples.push(sample)
  }
  const same = (a: Record<string, string>, b: Record<string, string>) =>
    JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort())
  return Object.assign(families, {
    samples,
    types,
    value: (name: string, want: Record<string, string> = {}) => samples.find((s) => s.name === name && same(s.labels, want))?.value,
  })
}

function labels(body: string, i: number): Record<string, string> {
  const out: Record<string, string> = {}
  let pos = 0
  while (pos < body.length) {
    LABEL.lastIndex = pos
    const l = LABEL.exec(body)
    if (!l) throw new Error(`line ${i + 1}: bad labels: ${body}`)
    out[l[1]!] = l[2]!.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c))
    pos = LABEL.lastIndex
  }
  return out
}

function number(text: string, i: number): number {
  const value = text === '+Inf' ? Infinity : text === '-Inf' ? -Infinity : Number(text)
  if (Number.isNaN(value) && text !== 'NaN') throw new Error(`line ${i + 1}: bad value ${text}`)
  return value
}
