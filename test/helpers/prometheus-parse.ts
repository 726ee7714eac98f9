/** One sample of the Prometheus text format. */
interface PromSample { name: string; labels: Record<string, string>; value: number }
export interface PromFamily { help?: string; type?: string; samples: PromSample[] }

/**
 * A small, strict parser of the text exposition format (0.0.4): HELP and TYPE lines, samples
 * with escaped label values. Throws on anything it does not understand, so a test that parses
 * a report back also checks its syntax.
 */
export function parsePrometheus(text: string): Map<string, PromFamily> {
  const families = new Map<string, PromFamily>()
  const family = (name: string) => families.get(name) ?? families.set(name, { samples: [] }).get(name)!
  for (const [i, line] of text.split('\n').entries()) {
    if (line === '') continue
    const meta = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$/.exec(line)
    if (meta) {
      if (meta[1] === 'HELP') family(meta[2]!).help = meta[3]
      else if (['gauge', 'counter', 'histogram', 'summary', 'untyped'].includes(meta[3]!)) family(meta[2]!).type = meta[3]
      else throw new Error(`line ${i + 1}: bad TYPE ${meta[3]}`)
      continue
    }
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)$/.exec(line)
    if (!m) throw new Error(`line ${i + 1}: not a sample: ${line}`)
    const labels: Record<string, string> = {}
    const body = m[3] ?? ''
    const re = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(,|$)/gy
    let pos = 0
    while (pos < body.length) {
      re.lastIndex = pos
      const l = re.exec(body)
      if (!l) throw new Error(`line ${i + 1}: bad labels: ${body}`)
      labels[l[1]!] = l[2]!.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c))
      pos = re.lastIndex
    }
    const value = m[4] === '+Inf' ? Infinity : m[4] === '-Inf' ? -Infinity : Number(m[4])
    if (Number.isNaN(value)) throw new Error(`line ${i + 1}: bad value ${m[4]}`)
    const base = m[1]!.replace(/_(bucket|sum|count)$/, '')
    const owner = families.has(m[1]!) || !families.has(base) ? m[1]! : base
    family(owner).samples.push({ name: m[1]!, labels, value })
  }
  return families
}
