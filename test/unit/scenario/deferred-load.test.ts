import { describe, expect, it } from 'vitest'
import { InputError } from '../../../src/core/errors.js'
import { planCases } from '../../../src/execute/plan-cases.js'
import type { Conversation } from '../../../src/scenario/compiled-conversation.js'
import { isDeferred } from '../../../src/scenario/deferred.js'
import { loadSuite } from '../../../src/scenario/load.js'
import { tempProject } from '../../helpers/temp-dir.js'

// A large suite keeps only its first scenarios compiled; the rest keep their file's text and are
// compiled again as they run. What runs must be exactly what a fully compiled load gives, for
// every feature that reads something besides the scenario's own text.
const FILES: Record<string, string> = {
  'scenarios/a.yaml': `- name: first
  tags: [smoke]
  turns:
    - user: hello
      expect: { intent: greet, reply: { matches: "^(hi|hello)" } }
- name: with include
  variables: { order: "12345" }
  turns:
    - include: ask-order
      with: { id: "{{order}}" }
    - user: thanks
      expect: { reply: { json_schema: schemas/order.json } }
`,
  'scenarios/b.yaml': `name: tool results
tags: [llm]
turns:
  - user: where is it
    tool_results:
      lookup_order: file://results/order.json
    expect:
      tool_calls: [{ name: lookup_order, arguments: { order_id: { matches: "^\\\\d+$" } } }]
  - user: bye
    expect: { reply: { json_schema: { type: object, required: [status] } } }
`,
  'scenarios/c.yaml': `name: skipped one
skip: not today
turns:
  - user: hi
    expect: { intent: greet, entities: [{ type: order_id, value: "1" }] }
`,
  'scenarios/fragments/common.yaml': `fragments:
  ask-order:
    turns:
      - user: where is order {{id}}
        expect: { intent: track_order, entities: [{ type: order_id, value: "{{id}}" }] }
`,
  'scenarios/schemas/order.json': '{"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object", "required": ["status"]}',
  'scenarios/results/order.json': '{"status": "shipped"}',
}

/** A conversation as data: functions (compiled schema validators) by identity, regexes by source. */
function shape(c: Conversation): unknown {
  return JSON.parse(JSON.stringify(c, (_k, v: unknown) => (typeof v === 'function' ? `fn:${v.name}` : v)))
}

describe('deferred scenarios (large suites)', () => {
  it('compiles each deferred scenario again to the same conversation as a full load, files read at load included', async () => {
    const dir = await tempProject('banter-deferred-', FILES)
    const full = await loadSuite(['scenarios'], { cwd: dir })
    const seen: string[] = []
    const lean = await loadSuite(['scenarios'], { cwd: dir, keepCompiled: 1, onCompiled: (c) => seen.push(c.id) })
    expect(full.conversations.map((c) => c.id)).toEqual(['first', 'with include', 'tool results', 'skipped one'])
    expect(lean.conversations.map((c) => c.id)).toEqual(full.conversations.map((c) => c.id))
    expect(lean.conversations.map(isDeferred)).toEqual([false, true, true, true])
    expect(seen.sort()).toEqual(['first', 'skipped one', 'tool results', 'with include'])
    for (const [i, entry] of lean.conversations.entries()) {
      const again = lean.compile(entry)
      const whole = full.compile(full.conversations[i]!)
      expect(shape(again)).toEqual(shape(whole))
    }
    const tool = lean.compile(lean.conversations[2]!)
    const result = tool.turns[0]!.toolResults!.tools.lookup_order!
    expect(result.kind === 'file' && result.text).toBe('{"status": "shipped"}')
    const schemaCheck = lean
      .compile(lean.conversations[1]!)
      .turns.at(-1)!
      .checks.find((c) => c.kind === 'json_schema')!
    const validate = schemaCheck.kind === 'json_schema' ? schemaCheck.validate : undefined
    expect(validate).toBeTypeOf('function')
    expect(validate!({ status: 'ok' })).toBe(true)
    expect(validate!({})).toBe(false)
  })

  it('keeps only what selection and sharding need: --tag, --grep and shards pick the same scenarios', async () => {
    const dir = await tempProject('banter-deferred-', FILES)
    const full = await loadSuite(['scenarios'], { cwd: dir })
    for (const sel of [{ tags: ['llm'] }, { grep: 'with|first' }, { shard: { index: 2, total: 3 } }, {}]) {
      // A closed run's plan uses its suite up, so each gets a load of its own.
      const lean = await loadSuite(['scenarios'], { cwd: dir, keepCompiled: 0 })
      const a = await planCases(full, { cwd: dir, seed: 1, ...sel })
      const b = await planCases(lean, { cwd: dir, seed: 1, once: true, ...sel })
      expect(b.ids).toEqual(a.ids)
      expect([...b.cases].map(shape)).toEqual([...a.cases].map(shape))
    }
  })

  it('goes through a closed run once, releasing each entry, and an open-loop list again and again', async () => {
    const dir = await tempProject('banter-deferred-', FILES)
    const once = await loadSuite(['scenarios'], { cwd: dir, keepCompiled: 0 })
    const plan = await planCases(once, { cwd: dir, seed: 1, once: true })
    expect([...plan.cases]).toHaveLength(4)
    expect([...plan.cases]).toHaveLength(0)
    expect(once.conversations).toHaveLength(0)
    const cycling = await loadSuite(['scenarios'], { cwd: dir, keepCompiled: 0 })
    const again = await planCases(cycling, { cwd: dir, seed: 1 })
    expect([...again.cases].map((c) => c.id)).toEqual([...again.cases].map((c) => c.id))
  })

  it('reports problems in deferred scenarios at load, as a full load does', async () => {
    const dir = await tempProject('banter-deferred-', {
      ...FILES,
      'scenarios/d.yaml': `name: broken
turns:
  - user: hi {{nobody}}
    tool_results:
      lookup_order: file://results/missing.json
    expect: { reply: { json_schema: schemas/missing.json } }
`,
    })
    const codes = async (keepCompiled?: number) => {
      try {
        await loadSuite(['scenarios'], { cwd: dir, keepCompiled })
      } catch (err) {
        if (err instanceof InputError) return err.diagnostics.map((d) => `${d.code} ${d.loc?.file}:${d.loc?.line}`)
        throw err
      }
      throw new Error('loaded without an error')
    }
    const full = await codes()
    expect(full).toEqual([
      'UNDEFINED_VARIABLE scenarios/d.yaml:3',
      'FILE_UNREADABLE scenarios/d.yaml:5',
      'FILE_NOT_FOUND scenarios/d.yaml:6',
    ])
    expect(await codes(0)).toEqual(full)
  })
})
