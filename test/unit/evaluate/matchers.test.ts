import { describe, expect, it } from 'vitest'
import { evaluateTurn, captureValues } from '../../../src/evaluate/evaluate-turn.js'
import { describeVerdict } from '../../../src/evaluate/describe.js'
import type { Check, PlannedTurn } from '../../../src/scenario/compiled-conversation.js'
import { compileTemplate } from '../../../src/template/template.js'
import { compilePath } from '../../../src/template/path.js'
import type { AssistantReply } from '../../../src/report/model.js'

const loc = { file: 's.yaml', line: 3, col: 7 }
const t = compileTemplate
const reply: AssistantReply = {
  text: 'I found order 12345. It has shipped.',
  intent: 'order_status',
  confidence: 0.82,
  entities: [
    { type: 'order_id', value: '12345' },
    { type: 'date', value: 'today' },
  ],
  action: 'retrieve_order',
  body: { session_id: 'abc', extra: { code: 7 } },
}

function verdictOf(check: Check, latencyMs = 100, scope: Record<string, unknown> = {}) {
  const turn: PlannedTurn = { index: 0, message: t('x'), loc, checks: [check], captures: [] }
  return evaluateTurn(turn, reply, latencyMs, scope)[0]!
}

describe('matchers: each expectation kind passes and fails', () => {
  it('intent: one name, a list, variables, min confidence', () => {
    expect(verdictOf({ kind: 'intent', loc, names: [t('order_status')] })).toMatchObject({ pass: true, code: 'INTENT_OK' })
    expect(verdictOf({ kind: 'intent', loc, names: [t('greeting'), t('order_status')] }).pass).toBe(true)
    expect(verdictOf({ kind: 'intent', loc, names: [t('{{i}}')] }, 0, { i: 'order_status' }).pass).toBe(true)
    expect(verdictOf({ kind: 'intent', loc, names: [t('greeting')] })).toMatchObject({
      pass: false,
      code: 'INTENT_MISMATCH',
      expected: 'greeting',
      actual: 'order_status',
      loc,
    })
    expect(verdictOf({ kind: 'intent', loc, names: [t('order_status')], minConfidence: 0.8 }).pass).toBe(true)
    expect(verdictOf({ kind: 'intent', loc, names: [t('order_status')], minConfidence: 0.9 })).toMatchObject({
      pass: false,
      code: 'INTENT_LOW_CONFIDENCE',
    })
  })

  it('entities: presence, value, strict mode', () => {
    expect(verdictOf({ kind: 'entities', loc, strict: false, items: [{ type: 'order_id', value: t('12345') }] }).pass).toBe(true)
    expect(verdictOf({ kind: 'entities', loc, strict: false, items: [{ type: 'date' }] }).pass).toBe(true)
    expect(verdictOf({ kind: 'entities', loc, strict: false, items: [{ type: 'order_id', value: t('99999') }] })).toMatchObject({
      pass: false,
      code: 'ENTITY_MISSING',
    })
    expect(verdictOf({ kind: 'entities', loc, strict: false, items: [{ type: 'email' }] })).toMatchObject({
      pass: false,
      code: 'ENTITY_MISSING',
    })
    expect(verdictOf({ kind: 'entities', loc, strict: true, items: [{ type: 'order_id', value: t('12345') }] })).toMatchObject({
      pass: false,
      code: 'ENTITY_UNEXPECTED',
    })
    expect(
      verdictOf({ kind: 'entities', loc, strict: true, items: [{ type: 'order_id' }, { type: 'date', value: t('today') }] }).pass,
    ).toBe(true)
    // Two expectations of one type need two entities of that type.
    expect(verdictOf({ kind: 'entities', loc, strict: false, items: [{ type: 'order_id' }, { type: 'order_id' }] }).pass).toBe(false)
  })

  it('action', () => {
    expect(verdictOf({ kind: 'action', loc, names: [t('retrieve_order')] }).pass).toBe(true)
    expect(verdictOf({ kind: 'action', loc, names: [t('cancel_order')] })).toMatchObject({
      pass: false,
      code: 'ACTION_MISMATCH',
      actual: 'retrieve_order',
    })
  })

  it('reply: equals, contains, not_contains, matches, ignore_case', () => {
    expect(verdictOf({ kind: 'reply', loc, op: 'equals', text: t('I found order 12345. It has shipped.'), ignoreCase: false }).pass).toBe(
      true,
    )
    expect(verdictOf({ kind: 'reply', loc, op: 'equals', text: t('I found order'), ignoreCase: false })).toMatchObject({
      pass: false,
      code: 'REPLY_NOT_EQUAL',
    })
    expect(verdictOf({ kind: 'reply', loc, op: 'contains', text: t('order {{id}}'), ignoreCase: false }, 0, { id: '12345' }).pass).toBe(
      true,
    )
    expect(verdictOf({ kind: 'reply', loc, op: 'contains', text: t('SHIPPED'), ignoreCase: false })).toMatchObject({
      pass: false,
      code: 'REPLY_MISSING_TEXT',
    })
    expect(verdictOf({ kind: 'reply', loc, op: 'contains', text: t('SHIPPED'), ignoreCase: true }).pass).toBe(true)
    expect(verdictOf({ kind: 'reply', loc, op: 'not_contains', text: t('sorry'), ignoreCase: false }).pass).toBe(true)
    expect(verdictOf({ kind: 'reply', loc, op: 'not_contains', text: t('shipped'), ignoreCase: false })).toMatchObject({
      pass: false,
      code: 'REPLY_FORBIDDEN_TEXT',
    })
    expect(verdictOf({ kind: 'reply', loc, op: 'matches', pattern: /order \d{5}/ }).pass).toBe(true)
    expect(verdictOf({ kind: 'reply', loc, op: 'matches', pattern: /^Sorry/ })).toMatchObject({ pass: false, code: 'REPLY_NO_MATCH' })
  })

  it('latency budget', () => {
    expect(verdictOf({ kind: 'latency', loc, maxMs: 200 }, 150).pass).toBe(true)
    expect(verdictOf({ kind: 'latency', loc, maxMs: 200 }, 250)).toMatchObject({ pass: false, code: 'LATENCY_EXCEEDED', actual: 250 })
  })

  it('describes a failure with expected and actual', () => {
    const v = verdictOf({ kind: 'action', loc, names: [t('cancel_order')] })
    expect(describeVerdict(v)).toBe('action: expected "cancel_order", got "retrieve_order"')
  })
})

describe('captures', () => {
  it('read the normalised reply first, then the raw body; a miss is a failed check', () => {
    const turn: PlannedTurn = {
      index: 0,
      message: t('x'),
      loc,
      checks: [],
      captures: [
        { name: 'order', path: compilePath('$.entities[0].value'), loc },
        { name: 'code', path: compilePath('$.extra.code'), loc },
        { name: 'nope', path: compilePath('$.missing'), loc },
      ],
    }
    const { values, verdicts } = captureValues(turn, reply)
    expect(values).toEqual({ order: '12345', code: 7 })
    expect(verdicts).toMatchObject([{ check: 'capture', pass: false, code: 'CAPTURE_NOT_FOUND' }])
  })
})
