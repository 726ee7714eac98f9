import { describe, expect, it } from 'vitest'
import { planCases } from '../../../src/execute/plan-cases.js'
import type { Shard } from '../../../src/execute/shard.js'
import { planGeneratedRun } from '../../../src/execute/run-generated.js'
import type { Conversation } from '../../../src/scenario/compiled-conversation.js'
import { loadScenarios } from '../../../src/scenario/load.js'

const cwd = process.cwd()
const ORDERS = ['cancel-order', 'order-help', 'order-status', 'refund']

const suite = () => loadScenarios(['scenarios/generators'], { cwd })
const generatorOf = (id: string) => id.slice(0, id.lastIndexOf('#'))
/** Each case as its id and the messages it sends. */
const messages = (cases: Iterable<Conversation>) => new Map([...cases].map((c) => [c.id, c.turns.map((t) => t.message.source)]))

describe('--grep and --tag in generated runs', () => {
  it('--tag keeps only generators with one of the tags, and cases are dealt over the kept generators', async () => {
    const run = await planGeneratedRun(await suite(), { cwd, seed: 11, count: 12, tags: ['orders'] })
    expect(run.plans.map((p) => p.name).sort()).toEqual(ORDERS)
    expect(run.total).toBe(12)
    const ids = [...run.cases].map((c) => c.id)
    expect(ids).toHaveLength(12)
    expect(new Set(ids.map(generatorOf))).toEqual(new Set(ORDERS))
    // Case i comes from kept generator i mod 4 and is its case floor(i / 4).
    expect(ids.map((id) => Number(id.slice(id.lastIndexOf('#') + 1)))).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2])
  })

  it('--grep matches the generator name case-insensitively; with --tag both must hold', async () => {
    const byGrep = await planGeneratedRun(await suite(), { cwd, seed: 1, count: 4, grep: '^ORDER-' })
    expect(byGrep.plans.map((p) => p.name).sort()).toEqual(['order-help', 'order-status'])
    const both = await planGeneratedRun(await suite(), { cwd, seed: 1, count: 4, grep: 'order', tags: ['refund', 'cancel'] })
    expect(both.plans.map((p) => p.name)).toEqual(['cancel-order'])
  })

  it('a kept case is identical to the same id in an unfiltered run (content depends only on seed and id)', async () => {
    const loaded = await suite()
    // 7 generators x 6 cases unfiltered; 4 kept generators x 6 cases filtered: the same 24 ids.
    const unfiltered = messages((await planGeneratedRun(loaded, { cwd, seed: 42, count: 42 })).cases)
    const filtered = messages((await planGeneratedRun(loaded, { cwd, seed: 42, count: 24, tags: ['orders'] })).cases)
    expect(filtered.size).toBe(24)
    for (const [id, sent] of filtered) {
      expect(ORDERS).toContain(generatorOf(id))
      expect(unfiltered.get(id), id).toEqual(sent)
    }
    // The position of a case in the stream changes with the filter; its content does not.
    const unfilteredOrder = [...unfiltered.keys()].filter((id) => ORDERS.includes(generatorOf(id)))
    expect([...filtered.keys()]).not.toEqual([...unfiltered.keys()].slice(0, 24))
    expect(new Set(unfilteredOrder)).toEqual(new Set(filtered.keys()))
  })

  it('filters that leave no generator, or an invalid pattern, are input errors', async () => {
    const loaded = await suite()
    await expect(planGeneratedRun(loaded, { cwd, seed: 1, count: 5, tags: ['nope'], grep: 'x' })).rejects.toMatchObject({
      exitCode: 2,
      diagnostics: [{ code: 'NOTHING_SELECTED', message: 'no generator matches --grep "x" and --tag nope (7 loaded)' }],
    })
    await expect(planGeneratedRun(loaded, { cwd, seed: 1, count: 5, grep: '(' })).rejects.toMatchObject({
      diagnostics: [{ code: 'INVALID_GREP' }],
    })
  })

  it('--case replays a case of a kept generator, and refuses one whose generator the filters exclude', async () => {
    const loaded = await suite()
    const unfiltered = messages((await planGeneratedRun(loaded, { cwd, seed: 5, caseId: 'refund#3' })).cases)
    const kept = await planGeneratedRun(loaded, { cwd, seed: 5, caseId: 'refund#3', tags: ['orders'], grep: 'ref' })
    expect(messages(kept.cases)).toEqual(unfiltered)
    await expect(planGeneratedRun(loaded, { cwd, seed: 5, caseId: 'greeting#3', tags: ['orders'] })).rejects.toMatchObject({
      exitCode: 2,
      diagnostics: [{ code: 'CASE_NOT_SELECTED', message: '--case greeting#3: generator "greeting" does not match --tag orders' }],
    })
    // An unknown generator is still reported as such (with a suggestion), filters or not.
    await expect(planGeneratedRun(loaded, { cwd, seed: 5, caseId: 'refnud#3', tags: ['orders'] })).rejects.toMatchObject({
      diagnostics: [{ code: 'UNKNOWN_GENERATOR' }],
    })
  })

  it('sharding composes: filters first, then each shard keeps its ids; the shards together are the filtered run', async () => {
    const loaded = await suite()
    const sel = { cwd, seed: 7, generate: 40, tags: ['orders'] }
    const whole = await planCases(loaded, sel)
    const wholeIds = [...whole.cases].map((c) => c.id)
    expect(wholeIds).toHaveLength(40)
    const shardIds: string[] = []
    for (const index of [1, 2, 3]) {
      const shard: Shard = { index, total: 3 }
      const plan = await planCases(loaded, { ...sel, shard })
      const ids = [...plan.cases].map((c) => c.id)
      expect(plan.total).toBe(ids.length)
      shardIds.push(...ids)
    }
    expect(shardIds.sort()).toEqual([...wholeIds].sort())
    expect(shardIds.every((id) => ORDERS.includes(generatorOf(id)))).toBe(true)
  })
})
