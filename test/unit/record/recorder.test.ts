import { describe, expect, it } from 'vitest'
import { EndpointError } from '../../../src/network/transport.js'
import type { LiveSession } from '../../../src/record/live-session.js'
import { createRecorder } from '../../../src/record/recorder.js'
import { stablePart, transcriptToScenario, type RecordedTurn } from '../../../src/record/transcript.js'
import type { AssistantReply } from '../../../src/report/model.js'
import { schemaValidator } from '../../../src/scenario/schema.js'

/** A session that counts what it was sent since the last restart: its replies depend on history. */
function fakeSession() {
  let history: string[] = []
  const log: string[] = []
  const session: LiveSession = {
    target: 'fake',
    async send(message) {
      if (message === 'boom') throw new EndpointError('TIMEOUT', 'no answer within 10000 ms')
      history.push(message)
      log.push(message)
      return {
        text: `Turn ${history.length}: you said ${message}. More text follows.`,
        intent: 'greeting',
        entities: [],
        action: 'greet',
        body: {},
      }
    },
    async restart() {
      history = []
      log.push('(restart)')
    },
    async close() {},
  }
  return { session, log }
}

function recorderWith(session: LiveSession) {
  const printed: string[] = []
  const saves: { turns: RecordedTurn[]; file?: string }[] = []
  const recorder = createRecorder(session, {
    print: (l) => printed.push(l),
    save: async (turns, file) => {
      saves.push({ turns: [...turns], file })
      return file ?? 'default.yaml'
    },
  })
  return { recorder, printed, saves }
}

describe('recorder', () => {
  it('records messages with their replies and saves on finish', async () => {
    const { session } = fakeSession()
    const { recorder, printed, saves } = recorderWith(session)
    expect(await recorder.handle('hello')).toBe(true)
    expect(printed[0]).toBe('bot> Turn 1: you said hello. More text follows.')
    expect(printed[1]).toContain('intent: greeting')
    await recorder.finish()
    expect(saves).toHaveLength(1)
    expect(saves[0]!.turns.map((t) => t.message)).toEqual(['hello'])
  })

  it('/undo drops the last turn and replays the rest in a fresh session', async () => {
    const { session, log } = fakeSession()
    const { recorder } = recorderWith(session)
    for (const m of ['a', 'b', 'c']) await recorder.handle(m)
    await recorder.handle('/undo')
    expect(log).toEqual(['a', 'b', 'c', '(restart)', 'a', 'b'])
    expect(recorder.turns.map((t) => t.reply.text)).toEqual([
      'Turn 1: you said a. More text follows.',
      'Turn 2: you said b. More text follows.',
    ])
  })

  it('/save FILE saves there, later saves reuse it; /quit stops; an endpoint error is shown, not recorded', async () => {
    const { session } = fakeSession()
    const { recorder, printed, saves } = recorderWith(session)
    await recorder.handle('hi')
    await recorder.handle('/save mine.yaml')
    await recorder.handle('boom')
    expect(printed.at(-1)).toBe('error: no answer within 10000 ms (not recorded)')
    await recorder.handle('again')
    expect(await recorder.handle('/quit')).toBe(false)
    await recorder.finish()
    expect(saves.map((s) => [s.file, s.turns.length])).toEqual([
      ['mine.yaml', 1],
      ['mine.yaml', 2],
    ])
  })

  it('unknown commands and /undo or /save with nothing recorded only print', async () => {
    const { session, log } = fakeSession()
    const { recorder, printed, saves } = recorderWith(session)
    await recorder.handle('/frobnicate')
    await recorder.handle('/undo')
    await recorder.handle('/save')
    await recorder.finish()
    expect(printed[0]).toMatch(/^unknown command \/frobnicate/)
    expect(printed.slice(1)).toEqual(['nothing to undo', 'nothing recorded yet'])
    expect(saves).toEqual([])
    expect(log).toEqual([])
  })
})

describe('transcript → scenario', () => {
  const reply = (over: Partial<AssistantReply>): AssistantReply => ({ text: '', entities: [], body: {}, ...over })

  it("expects what was observed: intent, strict entities, action, the reply's first sentence", () => {
    const scenario = transcriptToScenario(
      [
        {
          message: 'Where is my order 12345?',
          reply: reply({
            text: 'I found order 12345. Its status is shipped.',
            intent: 'order_status',
            confidence: 0.95,
            entities: [{ type: 'order_id', value: '12345' }],
            action: 'retrieve_order',
          }),
        },
        { message: 'ok', reply: reply({ text: '' }) },
      ],
      { name: 'Recorded' },
    )
    expect(scenario.turns).toEqual([
      {
        user: 'Where is my order 12345?',
        expect: {
          intent: 'order_status',
          entities: { strict: true, items: [{ type: 'order_id', value: '12345' }] },
          action: 'retrieve_order',
          reply: { contains: 'I found order 12345.' },
        },
      },
      { user: 'ok' },
    ])
    expect(schemaValidator('scenario')(scenario)).toBe(true)
  })

  it('a turn that ran several actions expects all of them, in order', () => {
    const scenario = transcriptToScenario(
      [
        {
          message: 'sad',
          reply: reply({ text: 'Cheer up!', actions: ['utter_cheer_up', 'utter_ask_did_that_help'], action: 'utter_ask_did_that_help' }),
        },
      ],
      { name: 'R' },
    )
    expect(scenario.turns[0]).toMatchObject({ expect: { actions: ['utter_cheer_up', 'utter_ask_did_that_help'] } })
    expect(schemaValidator('scenario')(scenario)).toBe(true)
  })

  it('stable part: a short first sentence takes the next; long text is cut at a word', () => {
    expect(stablePart("Hello! I'm the order support assistant. How can I help?")).toBe("Hello! I'm the order support assistant.")
    expect(stablePart('no punctuation at all')).toBe('no punctuation at all')
    const long = stablePart(`${'word '.repeat(40)}end.`)
    expect(long.length).toBeLessThanOrEqual(80)
    expect(long.endsWith('word')).toBe(true)
  })
})
