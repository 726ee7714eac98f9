import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { filterShard, inShard, partitionShard, shardHash, type Shard } from '../../../src/execute/shard.js'
import { parseShardSpec } from '../../../src/execute/shard-spec.js'
import { InputError } from '../../../src/core/errors.js'

const shardsOf = (total: number): Shard[] => Array.from({ length: total }, (_, i) => ({ index: i + 1, total }))
const idsArb = fc.uniqueArray(fc.string({ minLength: 1, maxLength: 20 }), { maxLength: 200 }).map((ids) => ids.map((id) => ({ id })))

describe('partitionShard: the exact partition of a finite list', () => {
  it('the union of the shards is the whole list, with no overlap, sizes within one', () => {
    fc.assert(
      fc.property(idsArb, fc.integer({ min: 1, max: 12 }), (items, total) => {
        const parts = shardsOf(total).map((s) => partitionShard(items, s))
        const all = parts.flat().map((i) => i.id)
        expect(new Set(all).size).toBe(all.length)
        expect([...all].sort()).toEqual(items.map((i) => i.id).sort())
        const sizes = parts.map((p) => p.length)
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1)
      }),
    )
  })

  it('depends on the ids, not on the order they come in, and keeps input order within a shard', () => {
    fc.assert(
      fc.property(idsArb, fc.integer({ min: 1, max: 6 }), (items, total) => {
        const reversed = [...items].reverse()
        for (const s of shardsOf(total)) {
          const a = partitionShard(items, s).map((i) => i.id)
          expect(partitionShard(reversed, s).map((i) => i.id)).toEqual([...a].reverse())
          expect(a).toEqual(items.map((i) => i.id).filter((id) => a.includes(id)))
        }
      }),
    )
  })

  it('balances generated cases of one scenario (ids like name#n)', () => {
    const items = Array.from({ length: 103 }, (_, n) => ({ id: `order-help#${n}` }))
    expect(
      shardsOf(4)
        .map((s) => partitionShard(items, s).length)
        .sort(),
    ).toEqual([25, 26, 26, 26])
  })
})

describe('inShard / filterShard: the streaming predicate', () => {
  it('puts every id in exactly one shard', () => {
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 1, max: 50 }), (id, total) => {
        expect(shardsOf(total).filter((s) => inShard(id, s))).toHaveLength(1)
      }),
    )
  })

  it('filters a lazy, endless stream without reading ahead, balanced in expectation', () => {
    function* endless() {
      for (let n = 0; ; n++) yield { id: `fuzz#${n}` }
    }
    const taken: string[] = []
    for (const item of filterShard(endless(), { index: 2, total: 3 })) {
      taken.push(item.id)
      if (taken.length === 1000) break
    }
    expect(taken.every((id) => inShard(id, { index: 2, total: 3 }))).toBe(true)
    const counts = [0, 0, 0]
    for (let n = 0; n < 3000; n++) counts[shardHash(`fuzz#${n}`) % 3]!++
    for (const c of counts) expect(c).toBeGreaterThan(800)
  })

  it('hashes with FNV-1a (stable across runs and machines)', () => {
    expect(shardHash('')).toBe(0x811c9dc5)
    expect(shardHash('a')).toBe(0xe40c292c)
    expect(shardHash('foobar')).toBe(0xbf9cf968)
  })
})

describe('parseShardSpec', () => {
  const env = {}
  const code = (fn: () => unknown) => {
    try {
      fn()
    } catch (err) {
      return err instanceof InputError ? err.diagnostics[0]!.code + ': ' + err.diagnostics[0]!.message : 'other'
    }
    return 'no error'
  }
  it('reads i/n, 1-based', () => {
    expect(parseShardSpec('1/4', { env })).toEqual({ index: 1, total: 4 })
    expect(parseShardSpec(' 4/4 ', { env })).toEqual({ index: 4, total: 4 })
  })
  it.each(['0/4', '5/4', '1/0', '-1/4', '1.5/4', 'a/b', '1/', '/4', '', '2', '1/4/5'])('refuses %j with INVALID_SHARD', (bad) => {
    expect(code(() => parseShardSpec(bad, { env }))).toMatch(/^INVALID_SHARD: /)
  })
  it('names the bad range', () => {
    expect(code(() => parseShardSpec('5/4', { env }))).toContain('shard index must be between 1 and 4, got 5')
  })
  it('auto: GitLab CI_NODE_INDEX (1-based) and CI_NODE_TOTAL', () => {
    expect(parseShardSpec('auto', { env: { CI_NODE_INDEX: '3', CI_NODE_TOTAL: '5' } })).toEqual({ index: 3, total: 5 })
    expect(code(() => parseShardSpec('auto', { env: { CI_NODE_INDEX: '0', CI_NODE_TOTAL: '5' } }))).toMatch(/^INVALID_SHARD/)
  })
  it('auto: Kubernetes JOB_COMPLETION_INDEX (0-based) with BANTER_SHARD_TOTAL or --shard-total', () => {
    expect(parseShardSpec('auto', { env: { JOB_COMPLETION_INDEX: '0', BANTER_SHARD_TOTAL: '4' } })).toEqual({ index: 1, total: 4 })
    expect(parseShardSpec('auto', { env: { JOB_COMPLETION_INDEX: '3' }, total: 4 })).toEqual({ index: 4, total: 4 })
    expect(code(() => parseShardSpec('auto', { env: { JOB_COMPLETION_INDEX: '4', BANTER_SHARD_TOTAL: '4' } }))).toMatch(/^INVALID_SHARD/)
    expect(code(() => parseShardSpec('auto', { env: { JOB_COMPLETION_INDEX: '1' } }))).toMatch(/^SHARD_TOTAL_MISSING/)
    expect(code(() => parseShardSpec('auto', { env: { JOB_COMPLETION_INDEX: 'x', BANTER_SHARD_TOTAL: '4' } }))).toMatch(
      /^INVALID_SHARD.*JOB_COMPLETION_INDEX must be a whole number/,
    )
  })
  it('auto with no variables is an error, not a full run', () => {
    expect(code(() => parseShardSpec('auto', { env: {} }))).toMatch(/^SHARD_ENV_MISSING/)
    expect(code(() => parseShardSpec('auto', { env: { CI_NODE_INDEX: '1' } }))).toMatch(/^SHARD_ENV_MISSING/)
  })
  it('refuses --shard-total that contradicts i/n', () => {
    expect(code(() => parseShardSpec('1/4', { env, total: 3 }))).toMatch(/^INVALID_SHARD.*contradicts/)
  })
})
