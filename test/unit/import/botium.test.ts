/**
 * Botium's text formats as described by botium-core (github.com/codeforequity-at/botium-core):
 * src/scripting/CompilerTxt.js (header line, `#me`/`#bot` sections, `NAME arg|arg` asserter lines,
 * `!`/`?` prefixes; utterance files: name line, one utterance per line) and its sample convos such
 * as test/convo/convos/asserters.convo.txt and samples/scripting/convos/txt/restaurant.convo.txt.
 */
import { describe, expect, it } from 'vitest'
import { InputError } from '../../../src/errors.js'
import { parseConvo } from '../../../src/import/botium-parse.js'
import { importFiles } from '../../../src/import/import-files.js'
import { expectValidGenerators, loadImported } from './helpers.js'

const FIX = 'fixtures/import/botium'
const cwd = process.cwd()

describe('Botium convo parser', () => {
  it('reads the header, sections, text and asserters with their lines', () => {
    const convo = parseConvo('restaurant\nbooking a table\n\n#me\nhi\n\n#bot\nHELLO\n!INTENT fallback\nBUTTONS a|b\n')
    expect(convo).toMatchObject({ name: 'restaurant', description: 'booking a table' })
    expect(convo.sections.map((s) => s.sender)).toEqual(['me', 'bot'])
    expect(convo.sections[1]!.text).toEqual([{ text: 'HELLO', line: 8 }])
    expect(convo.sections[1]!.hooks).toEqual([
      { name: 'INTENT', args: ['fallback'], not: true, optional: false, line: 9 },
      { name: 'BUTTONS', args: ['a', 'b'], not: false, optional: false, line: 10 },
    ])
  })
})

describe('banter import botium', () => {
  it('maps bot text to reply.contains (ignoring case) and INTENT, INTENT_CONFIDENCE, ENTITIES, ENTITY_VALUES', async () => {
    const result = await importFiles('botium', [`${FIX}/order-status.convo.txt`], cwd)
    const file = result.files[0]!
    if (file.kind !== 'scenarios') throw new Error('expected scenarios')
    const [scenario] = file.data
    expect(scenario!.name).toBe('order status in one message')
    expect(scenario!.turns[0]).toEqual({
      user: 'Where is my order 12345?',
      expect: {
        intent: { name: 'order_status', min_confidence: 0.9 },
        entities: [{ type: 'order_id', value: '12345' }],
        reply: { contains: 'I found order 12345', ignore_case: true },
      },
    })
    expect(scenario!.turns[1]).toEqual({ user: 'thanks, bye', expect: { intent: 'goodbye', reply: { not_contains: 'Sorry', ignore_case: true } } })
    expect(result.unsupported.map((u) => [u.loc.line, u.what.split(' ')[0]])).toEqual([[13, 'BUTTONS'], [21, 'MEDIA'], [23, 'a']])
  })

  it('resolves #me UTT_NAME from the utterance file next to the convo; wildcards become reply.matches', async () => {
    const result = await importFiles('botium', [`${FIX}/greeting.convo.txt`], cwd)
    const [scenarios, generator] = result.files
    if (scenarios?.kind !== 'scenarios' || generator?.kind !== 'generator') throw new Error('expected a scenario and a generator')
    expect(scenarios.data[0]!.turns[0]).toEqual({ user: 'hello', expect: { intent: 'greeting', reply: { matches: 'How can I help.*today', ignore_case: true } } })
    expect(scenarios.data[0]!.description).toContain('UTT_GREETING')
    expect(generator.data.generator.turns[0]!.user).toEqual(['hello', 'hi there', 'good morning'])
    expect(result.unsupported.map((u) => u.what)).toEqual(['PAUSE on a #me step'])
    expectValidGenerators(result)
  })

  it('turns an utterances file into a generator of its utterances', async () => {
    const result = await importFiles('botium', [`${FIX}/UTT_GREETING.utterances.txt`], cwd)
    expect(result.files).toHaveLength(1)
    expect(result.files[0]!.data).toMatchObject({ generator: { name: 'UTT_GREETING', turns: [{ user: ['hello', 'hi there', 'good morning'] }] } })
    expectValidGenerators(result)
  })

  it('writes scenarios that load', async () => {
    const result = await importFiles('botium', [`${FIX}/order-status.convo.txt`, `${FIX}/greeting.convo.txt`], cwd)
    expect((await loadImported(result)).conversations.map((c) => c.name)).toEqual(['greeting', 'order status in one message'])
  })

  it('an unknown sender and a file without #me are input errors with their lines', async () => {
    const err = await importFiles('botium', [`${FIX}/bad-sender.convo.txt`, `${FIX}/no-sections.convo.txt`], cwd).catch((e: unknown) => e) as InputError
    expect(err).toBeInstanceOf(InputError)
    expect(err.diagnostics.map((d) => [d.code, d.loc?.line])).toEqual([['IMPORT_BOTIUM_SENDER', 6], ['IMPORT_NOT_BOTIUM', 1]])
  })
})
