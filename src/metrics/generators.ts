import type { CaseResult, StatusCounts } from '../report/model.js'

/** The generator a generated conversation came from (its id is `<generator>#<n>`); undefined for scenarios. */
export function generatorOf(c: Pick<CaseResult, 'id' | 'tags'>): string | undefined {
  const end = generatorNameEnd(c)
  return end > 0 ? c.id.slice(0, end) : undefined
}

/** Where the generator's name ends in a generated conversation's id (at its last `#`); -1 for scenarios. */
function generatorNameEnd(c: Pick<CaseResult, 'id' | 'tags'>): number {
  const hash = c.id.lastIndexOf('#')
  return hash > 0 && c.tags.includes('generated') ? hash : -1
}

/** Counts conversations per generator, one result at a time. */
export function createGeneratorCounts() {
  const counts: Record<string, StatusCounts> = {}
  // The generators seen so far, found by comparing the id's prefix: no name is cut from each
  // id and looked up (a run has a few generators, and this runs for every conversation).
  const seen: [string, StatusCounts][] = []
  const rowOf = (id: string, hash: number): StatusCounts => {
    for (const [name, row] of seen) if (name.length === hash && id.startsWith(name)) return row
    const name = id.slice(0, hash)
    const row = (counts[name] ??= { conversations: 0, passed: 0, failed: 0, errored: 0, skipped: 0 })
    if (seen.length < 16) seen.push([name, row])
    return row
  }
  return {
    add(c: CaseResult): void {
      const end = generatorNameEnd(c)
      if (end < 0) return
      const row = rowOf(c.id, end)
      row.conversations++
      row[c.status]++
    },
    /** The counts, or undefined when no conversation was generated. */
    result: (): Record<string, StatusCounts> | undefined => (Object.keys(counts).length ? structuredClone(counts) : undefined),
  }
}

/** Adds per-generator counts (shards of one generated run are disjoint, so sums are exact). */
export function addGeneratorCounts(
  a: Record<string, StatusCounts> | undefined,
  b: Record<string, StatusCounts> | undefined,
): Record<string, StatusCounts> | undefined {
  if (!a && !b) return undefined
  const out: Record<string, StatusCounts> = structuredClone(a ?? {})
  for (const [name, row] of Object.entries(b ?? {})) {
    const sum = (out[name] ??= { conversations: 0, passed: 0, failed: 0, errored: 0, skipped: 0 })
    for (const k of ['conversations', 'passed', 'failed', 'errored', 'skipped'] as const) sum[k] += row[k]
  }
  return out
}
