import { describe, expect, it } from 'vitest'
import { InputError } from '../../../src/core/errors.js'
import { importFiles } from '../../../src/import/import-files.js'
import { parseAnnotations } from '../../../src/import/rasa-annotations.js'
import type { ImportedFile } from '../../../src/import/types.js'
import { expectValidGenerators, loadImported } from './helpers.js'

const FIX = 'fixtures/import/rasa'
/** Rasa's own example data, copied with its licence note (see LICENSE.md there). */
const SHARED = 'fixtures/import/rasa-real'
const cwd = process.cwd()

function scenarios(files: ImportedFile[]) {
  return files.flatMap((f) => (f.kind === 'scenarios' ? f.data : []))
}

describe('Rasa inline entity annotations', () => {
  it('strips [text](type), [text](type:value) and [text]{json}, keeping offsets in the plain text', () => {
    const r = parseAnnotations('order [12345](order_id) for [NYC](city:New York) to [a@b.io]{"entity": "email", "role": "to"}')
    expect(r.text).toBe('order 12345 for NYC to a@b.io')
    expect(r.entities.map((e) => [e.type, e.value, r.text.slice(e.start, e.start + e.text.length)])).toEqual([
      ['order_id', '12345', '12345'],
      ['city', 'New York', 'NYC'],
      ['email', 'a@b.io', 'a@b.io'],
    ])
  })
  it('leaves malformed annotations and plain brackets as written', () => {
    expect(parseAnnotations('see [this]{not json} and [that]')).toEqual({ text: 'see [this]{not json} and [that]', entities: [] })
  })
})

describe('banter import rasa: stories and test cases', () => {
  it('maps user text, intent, annotated entities and every action of each turn, exactly (as rasa test evaluates stories)', async () => {
    const result = await importFiles('rasa', [`${FIX}/order-stories.yml`], cwd)
    const [status, cancel, refund] = scenarios(result.files)
    expect(status!.turns[1]).toEqual({
      user: 'Where is my order 12345?',
      expect: { intent: 'order_status', entities: [{ type: 'order_id', value: '12345' }], actions: ['retrieve_order'] },
    })
    expect(cancel!.turns[1]).toMatchObject({ user: '54321', expect: { entities: [{ type: 'order_id', value: '54321' }] } })
    // an annotation and the same entity under `entities:` count once
    expect(refund!.turns[0]!).toMatchObject({
      expect: {
        entities: [
          { type: 'order_id', value: '12347' },
          { type: 'email', value: 'jane@example.com' },
        ],
      },
    })
  })

  it('lists what it cannot carry over with file:line', async () => {
    const result = await importFiles('rasa', [`${FIX}/order-stories.yml`], cwd)
    const at = result.unsupported.map((u) => `${u.loc.line} ${u.what.split(' ')[0]}`)
    expect(at).toEqual(['13 slot_was_set:', '22 checkpoint:', '27 active_loop:', '32 action:', '33 or:', '47 rule'])
    expect(result.unsupported.every((u) => u.loc.file === `${FIX}/order-stories.yml`)).toBe(true)
  })

  it('maps e2e `utter:` to action and `bot:` to a message that must occur, and makes duplicate names unique', async () => {
    const result = await importFiles('rasa', [`${FIX}/order-e2e.yml`], cwd)
    const list = scenarios(result.files)
    expect(list.map((s) => s.name)).toEqual(['human handoff', 'human handoff (2)'])
    expect(list[0]!.turns[0]).toEqual({ user: 'I want to talk to a human', expect: { action: 'escalate_to_human' } })
    expect(list[1]!.turns[0]).toMatchObject({
      expect: { messages: { contains: [{ equals: 'Let me connect you with a human agent. Please hold on.' }] } },
    })
    expect(result.unsupported[0]!.what).toContain('before the first user message')
  })

  it('writes scenarios that load with the scenario loader', async () => {
    const result = await importFiles('rasa', [`${FIX}/order-stories.yml`, `${FIX}/order-e2e.yml`], cwd)
    const suite = await loadImported(result)
    expect(suite.conversations).toHaveLength(5)
  })
})

describe('banter import rasa: NLU data', () => {
  it('makes one generator per intent; numeric annotations become slots expected as entities', async () => {
    const result = await importFiles('rasa', [`${FIX}/order-nlu.yml`], cwd)
    const gens = result.files.flatMap((f) => (f.kind === 'generator' ? [f.data.generator] : []))
    expect(gens.map((g) => g.name)).toEqual(['order_status', 'greeting', 'refund_request'])
    const status = gens[0]!
    expect(status.slots).toEqual({ order_id: 'faker.string.numeric({length: {min: 5, max: 6}, allowLeadingZeros: false})' })
    const [withId, without] = (status.turns[0] as { one_of: Record<string, unknown>[][] }).one_of
    expect(withId![0]).toEqual({
      user: ['Where is my order {{order_id}}?', 'Track order {{order_id}} please', "what's the status of order {{order_id}}"],
      expect: { intent: 'order_status', entities: [{ type: 'order_id', value: '{{order_id}}' }] },
    })
    expect(without![0]).toEqual({ user: 'where is my package', expect: { intent: 'order_status' } })
    expect(gens[2]!.slots).toEqual({ email: 'faker.internet.email()' })
    expect(result.unsupported.map((u) => u.loc.line)).toEqual([18, 21])
    expectValidGenerators(result)
  })
})

describe('banter import rasa: bad input', () => {
  it('a file that is not Rasa data is an input error at its first line', async () => {
    const err = await importFiles('rasa', [`${FIX}/not-rasa.yml`], cwd).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(InputError)
    expect((err as InputError).diagnostics.map((d) => [d.code, d.loc?.line])).toEqual([['IMPORT_NOT_RASA', 1]])
  })
  it('YAML syntax errors keep their positions; every bad file is reported at once', async () => {
    const err = (await importFiles('rasa', [`${FIX}/bad-syntax.yml`, `${FIX}/not-rasa.yml`, `${FIX}/missing.yml`], cwd).catch(
      (e: unknown) => e,
    )) as InputError
    const codes = err.diagnostics.map((d) => d.code)
    expect(codes).toContain('YAML_SYNTAX')
    expect(codes).toContain('IMPORT_NOT_RASA')
    expect(codes).toContain('FILE_UNREADABLE')
    expect(err.diagnostics.find((d) => d.code === 'YAML_SYNTAX')!.loc).toMatchObject({ file: `${FIX}/bad-syntax.yml` })
  })
})

describe('banter import rasa: public samples', () => {
  it('formbot test stories: 3 stories, forms listed as not carried over, loadable', async () => {
    const result = await importFiles('rasa', [`${SHARED}/formbot_test_stories.yml`], cwd)
    expect(scenarios(result.files).map((s) => s.turns.length)).toEqual([3, 4, 4])
    expect(result.unsupported.filter((u) => u.what.startsWith('active_loop')).length).toBe(6)
    expect((await loadImported(result)).conversations).toHaveLength(3)
  })
  it('moodbot e2e test cases: 7 scenarios with unique names; one utter → action, several → actions that must all occur', async () => {
    const result = await importFiles('rasa', [`${SHARED}/moodbot_e2e_test_cases.yml`], cwd)
    const list = scenarios(result.files)
    expect(list).toHaveLength(7)
    expect(new Set(list.map((s) => s.name)).size).toBe(7)
    expect(list[0]!.turns[0]).toEqual({ user: 'hi', expect: { action: 'utter_ask_how_are_you' } })
    expect(list[1]!.turns[1]).toEqual({ user: 'sad', expect: { actions: { contains: ['utter_cheer_up', 'utter_ask_did_that_help'] } } })
    expect(list[1]!.turns[2]).toEqual({ user: 'yes', expect: { action: 'utter_happy' } })
    expect(result.fidelity).toEqual([
      {
        file: `${SHARED}/moodbot_e2e_test_cases.yml`,
        read: { conversations: 7, userTurns: 13, botMessages: 0, actions: 15, intents: 0, entities: 0 },
        written: { conversations: 7, userTurns: 13, botMessages: 0, actions: 15, intents: 0, entities: 0 },
        unsupported: [],
      },
    ])
    expect((await loadImported(result)).conversations).toHaveLength(7)
  })
  it('moodbot NLU: one generator per intent with every example', async () => {
    const result = await importFiles('rasa', [`${SHARED}/moodbot_nlu.yml`], cwd)
    const gens = result.files.flatMap((f) => (f.kind === 'generator' ? [f.data.generator] : []))
    expect(gens.map((g) => g.name)).toEqual(['greet', 'goodbye', 'affirm', 'deny', 'mood_great', 'mood_unhappy', 'bot_challenge'])
    expect(gens[0]!.turns[0]!.user as string[]).toHaveLength(13)
    expectValidGenerators(result)
  })
})
