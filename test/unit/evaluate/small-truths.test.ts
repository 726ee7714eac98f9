import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { formatProgress, createProgress } from '../../../src/cli/progress.js'
import { evaluateTurn } from '../../../src/evaluate/evaluate-turn.js'
import { sameEntityValue } from '../../../src/evaluate/entity-value.js'
import { measure } from '../../../src/metrics/measure.js'
import type { AssistantReply, CaseResult } from '../../../src/report/model.js'
import { loadScenarios } from '../../../src/scenario/load.js'
import type { Check, PlannedTurn } from '../../../src/scenario/compiled-conversation.js'
import { compileTemplate } from '../../../src/template/template.js'
import { tempDir } from '../../helpers/temp-dir.js'

const loc = { file: 's.yaml', line: 3, col: 7 }

describe('entity values: numbers compare as numbers when both sides are numeric', () => {
  const reply: AssistantReply = {
    text: '',
    entities: [
      { type: 'amount', value: '250.5' },
      { type: 'code', value: '007' },
    ],
    body: {},
  }
  const check = (items: { type: string; value: string }[]): Check => ({
    kind: 'entities',
    loc,
    strict: false,
    items: items.map((i) => ({ type: i.type, value: compileTemplate(i.value) })),
  })
  const verdict = (items: { type: string; value: string }[]) =>
    evaluateTurn({ index: 0, message: compileTemplate('x'), loc, checks: [check(items)], captures: [] }, reply, 1, {})[0]!

  it('250.5 matches "250.50" and "2.505e2"; text stays text', () => {
    expect(verdict([{ type: 'amount', value: '250.50' }]).pass).toBe(true)
    expect(verdict([{ type: 'amount', value: '2.505e2' }]).pass).toBe(true)
    expect(verdict([{ type: 'amount', value: '250.51' }]).code).toBe('ENTITY_MISSING')
    expect(verdict([{ type: 'code', value: '7' }]).pass).toBe(true)
    expect(sameEntityValue('250 EUR', '250')).toBe(false)
    expect(sameEntityValue('0x10', '16')).toBe(false)
    expect(sameEntityValue(' 7', '7')).toBe(false)
    expect(sameEntityValue('', '0')).toBe(false)
    expect(sameEntityValue('abc', 'abc')).toBe(true)
  })

  it('entity metrics use the same rule as the check', () => {
    const c: CaseResult = {
      id: 'a',
      name: 'a',
      file: 's.yaml',
      loc,
      tags: [],
      status: 'passed',
      sessionId: 's',
      startedAt: '',
      durationMs: 1,
      turns: [
        {
          index: 0,
          user: 'u',
          status: 'passed',
          reply: { text: '', entities: [{ type: 'amount', value: '250.5' }] },
          verdicts: [verdict([{ type: 'amount', value: '250.50' }])],
          loc,
          retries: 0,
        },
      ],
    }
    expect(measure([c], 1)).toMatchObject({ entity_precision: 1, entity_recall: 1, entity_f1: 1 })
  })
})

describe('checks keep the order the file writes them in', () => {
  it('verdicts (and so failure output) follow the file, not a fixed kind order', async () => {
    const dir = await tempDir('banter-order-')
    await writeFile(
      path.join(dir, 'order.yaml'),
      [
        'name: order',
        'turns:',
        '  - user: hi',
        '    expect:',
        '      max_latency_ms: 5000',
        '      reply:',
        '        contains: [a, b]',
        '      action: greet',
        '      intent: greet',
        '',
      ].join('\n'),
    )
    const suite = await loadScenarios([dir], { cwd: dir })
    const turn = suite.conversations[0]!.turns[0]! as PlannedTurn
    expect(turn.checks.map((c) => (c.kind === 'reply' ? `reply:${c.op}` : c.kind))).toEqual([
      'latency',
      'reply:contains',
      'reply:contains',
      'action',
      'intent',
    ])
    const reply: AssistantReply = { text: 'nothing', intent: 'x', action: 'y', entities: [], body: {} }
    expect(evaluateTurn(turn, reply, 1, {}).map((v) => v.loc.line)).toEqual([5, 7, 7, 8, 9])
  })
})

describe('the progress line counts errored conversations apart from failed ones', () => {
  it('formats both', () => {
    expect(formatProgress({ done: 500, total: 2000, failures: 3, errored: 2, elapsedMs: 10_000 })).toBe(
      '500/2000 (25%) · 50 conv/s · 3 failed · 2 errored · ETA 30s',
    )
    const lines: string[] = []
    const p = createProgress({ sink: { write: (t: string) => lines.push(t) }, tty: false, total: 10, intervalMs: 0, now: () => 1 })
    p.update(4, 1, 3)
    expect(lines.at(-1)).toContain('1 failed · 3 errored')
  })
})
