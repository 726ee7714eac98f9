/** One sample of the Prometheus text format. */
interface PromSample {
  name: string
  labels: Record<string, string>
  value: number
}

/** A parsed exposition: samples plus `# TYPE` per metric family. Throws on a malformed line. */
export interface PromExposition {
  types: Record<string, string>
  samples: PromSample[]
  /** The value of the one sample with this name and (exactly) these labels; undefined if absent. */
  get(name: string, labels?: Record<string, string>): number | undefined
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(?:,|$)/gy

/** A small, strict parser of the text exposition format, for tests. */
export function parsePrometheus(text: string): PromExposition {
  const types: Record<string, string> = {}
  const samples: PromSample[] = []
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('# HELP ')) continue
    const type = /^# TYPE (\S+) (counter|gauge|histogram|summary|untyped)$/.exec(line)
    if (type) { types[type[1]!] = type[2]!; continue }
    const m = SAMPLE.exec(line)
    if (!m) throw new Error(`malformed line: ${JSON.stringify(line)}`)
    const labels: Record<string, string> = {}
    if (m[2]) {
      LABEL.lastIndex = 0
      let consumed = 0
      for (let l = LABEL.exec(m[2]); l; l = LABEL.exec(m[2])) {
        labels[l[1]!] = l[2]!.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c))
        consumed = LABEL.lastIndex
      }
      if (consumed !== m[2].length) throw new Error(`malformed labels: ${JSON.stringify(line)}`)
    }
    const value = m[3] === '+Inf' ? Infinity : m[3] === '-Inf' ? -Infinity : Number(m[3])
    if (Number.isNaN(value) && m[3] !== 'NaN') throw new Error(`malformed value: ${JSON.stringify(line)}`)
    samples.push({ name: m[1]!, labels, value })
  }
  const same = (a: Record<string, string>, b: Record<string, string>) => JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort())
  return { types, samples, get: (name, labels = {}) => samples.find((s) => s.name === name && same(s.labels, labels))?.value }
}
