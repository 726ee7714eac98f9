import { describe, expect, it } from 'vitest'
import { KEEP_CHARS, KEEP_ITEMS, keepTurn } from '../../../src/execute/keep-turn.js'
import type { TurnResult } from '../../../src/report/model.js'

const loc = { file: 's.yaml', line: 1, col: 1 }
const long = (ch: string, n = KEEP_CHARS + 5) => ch.repeat(n)

describe('keepTurn', () => {
  it('returns a turn with no long text as it is', () => {
    const turn: TurnResult = { index: 0, user: 'hi', status: 'passed', reply: { text: 'ok', entities: [] }, verdicts: [], loc, retries: 0 }
    expect(keepTurn(turn)).toBe(turn)
  })

  it('masks secrets before the cut: a token straddling it keeps none of its characters', async () => {
    const { redactor } = await import('../../../src/secrets/redact.js')
    const secret = 'sk-live-0123456789abcdef'
    const text = `${'a'.repeat(KEEP_CHARS - 10)}${secret}${'b'.repeat(100)}`
    const turn: TurnResult = { index: 0, user: 'hi', status: 'passed', reply: { text, entities: [] }, verdicts: [], loc, retries: 0 }
    const redact = redactor([secret])
    const kept = keepTurn(turn, redact).reply!.text
    expect(kept).not.toContain(secret.slice(0, 10))
    expect(kept.startsWith('a'.repeat(KEEP_CHARS - 10))).toBe(true)
    // Without the redactor the first part of the token survives the cut: what this guards against.
    expect(keepTurn(turn).reply!.text).toContain(secret.slice(0, 10))
  })

  it('cuts every long text, marks the cut and names each field with its original length', () => {
    const turn: TurnResult = {
      index: 0,
      user: long('u'),
      status: 'failed',
      loc,
      retries: 0,
      reply: {
        text: long('t'),
        intent: long('i', KEEP_CHARS + 1),
        action: 'act',
        entities: [{ type: 'k', value: long('v') }],
        messages: { mode: 'any', texts: ['short', long('m')] },
      },
      verdicts: [
        { check: 'reply', pass: false, code: 'REPLY_NOT_EQUAL', expected: { equals: long('e') }, actual: long('t'), loc },
        {
          check: 'entities',
          pass: false,
          code: 'ENTITY_MISSING',
          expected: [{ type: 'k' }],
          actual: [{ type: 'k', value: long('v') }],
          loc,
        },
      ],
    }
    const kept = keepTurn(turn)
    expect(kept.truncated).toEqual({
      user: KEEP_CHARS + 5,
      'reply.text': KEEP_CHARS + 5,
      'reply.intent': KEEP_CHARS + 1,
      'reply.entities[0].value': KEEP_CHARS + 5,
      'reply.messages.texts[1]': KEEP_CHARS + 5,
      'verdicts[0].expected.equals': KEEP_CHARS + 5,
      'verdicts[0].actual': KEEP_CHARS + 5,
      'verdicts[1].actual[0].value': KEEP_CHARS + 5,
    })
    expect(kept.reply!.text).toBe(`${'t'.repeat(KEEP_CHARS)}… [cut: ${KEEP_CHARS + 5} characters in all]`)
    expect(kept.reply!.action).toBe('act')
    expect(kept.reply!.messages!.texts[0]).toBe('short')
    expect(kept.verdicts[1]!.expected).toEqual([{ type: 'k' }])
    // The turn it was given is not changed (the checks already ran on it).
    expect(turn.reply!.text).toHaveLength(KEEP_CHARS + 5)
    expect(JSON.stringify(kept).length).toBeLessThan(9 * (KEEP_CHARS + 100))
  })

  it('keeps the first KEEP_ITEMS entities and messages and says how many there were', () => {
    const entities = Array.from({ length: KEEP_ITEMS + 10 }, (_, i) => ({ type: 't', value: String(i) }))
    const turn: TurnResult = {
      index: 0,
      user: 'hi',
      status: 'passed',
      loc,
      retries: 0,
      reply: { text: 'x', entities, messages: { mode: 'all', texts: entities.map((e) => e.value) } },
      verdicts: [{ check: 'entities', pass: true, code: 'ENTITIES_OK', expected: [{ type: 't' }], actual: entities, loc }],
    }
    const kept = keepTurn(turn)
    expect(kept.truncated).toEqual({
      'reply.entities': KEEP_ITEMS + 10,
      'reply.messages.texts': KEEP_ITEMS + 10,
      'verdicts[0].actual': KEEP_ITEMS + 10,
    })
    expect(kept.reply!.entities).toHaveLength(KEEP_ITEMS)
    expect(kept.reply!.entities[0]).toEqual({ type: 't', value: '0' })
  })
})
