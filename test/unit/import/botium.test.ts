/**
 * Botium's formats as botium-core reads them (github.com/codeforequity-at/botium-core:
 * src/scripting/CompilerTxt.js, CompilerObjectBase.js and helper.js `linesToConvoStep`), checked
 * on small fixtures and on Botium's own fixtures and samples (fixtures/import/botium-real).
 */
import { readdir } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { InputError } from '../../../src/core/errors.js'
import { parseConvo } from '../../../src/import/botium-parse.js'
import { readStep } from '../../../src/import/botium-step.js'
import { importFiles } from '../../../src/import/import-files.js'
import type { ImportedFile } from '../../../src/import/types.js'
import type { Turn } from '../../../src/core/scenario.types.generated.js'
import { expectValidGenerators, loadImported } from './helpers.js'

const FIX = 'fixtures/import/botium'
const REAL = 'fixtures/import/botium-real'
const cwd = process.cwd()

function turnsOf(files: ImportedFile[]): Turn[] {
  return files.flatMap((f) => (f.kind === 'scenarios' ? f.data.flatMap((s) => s.turns.filter((t): t is Turn => 'user' in t)) : []))
}

const step = (sender: string, ...lines: string[]) =>
  readStep(
    sender,
    1,
    lines.map((value, i) => ({ value, line: i + 2 })),
  )

describe('Botium convo parser', () => {
  it('reads the header, sections (with a channel) and lines; "# text" and "## text" are text, not sections', () => {
    const convo = parseConvo('restaurant\nbooking a table\n\n#me\n# one hash\n\n#bot slack\n## two\nINTENT x\n')
    expect(convo).toMatchObject({ name: 'restaurant', description: 'booking a table', unknownSenders: [] })
    expect(convo.sections.map((s) => [s.sender, s.channel, s.line])).toEqual([
      ['me', undefined, 4],
      ['bot', 'slack', 7],
    ])
    expect(convo.sections[0]!.lines.map((l) => l.value)).toEqual(['# one hash', ''])
  })
  it('reads \\r\\n, \\r and \\n line ends alike', () => {
    expect(parseConvo('x\r\n#me\rhi\n#bot\r\nho').sections.map((s) => s.lines.map((l) => l.value))).toEqual([['hi'], ['ho']])
  })
  it('a lone #word that names no sender is reported (Botium would send it as text)', () => {
    expect(parseConvo('x\n#me\nhi\n#robot\n').unknownSenders).toEqual([{ name: 'robot', line: 4 }])
  })
})

describe('Botium step reading (linesToConvoStep)', () => {
  it.each([
    ['!text', 'text', true, false],
    ['!!text', '!text', false, false],
    ['!!!!text', '!!!text', false, false],
    ['?text', 'text', false, true],
    ['??text', '?text', false, false],
    ['????text', '???text', false, false],
    ['?!text', 'text', true, true],
    ['??!text', '?!text', false, false],
  ])('%s → text %j, negated %s, optional %s', (line, text, not, optional) => {
    expect(step('bot', line)).toMatchObject({ text, not, optional })
  })
  it('prefixes apply to the first text line only; lines join with newlines; inner blank lines stay, trailing ones go', () => {
    expect(step('bot', '!a', '!b')).toMatchObject({ text: 'a\n!b', not: true })
    expect(step('me', 'Hallo', '', 'Hallo2', '', '')).toMatchObject({ text: 'Hallo\n\nHallo2' })
  })
  it('asserters, logic hooks and user inputs with | arguments (\\| escapes a bar); a custom NAME a|b is a hook', () => {
    const s = step('bot', 'hello', 'BUTTONS Test\\|1|Test\\|2', '!INTENT x', 'PAUSE 100', 'DUMMY $count | arg2')
    expect(s.text).toBe('hello')
    expect(s.asserters).toMatchObject([
      { name: 'BUTTONS', args: ['Test|1', 'Test|2'] },
      { name: 'INTENT', args: ['x'], not: true },
    ])
    expect(s.logicHooks).toMatchObject([
      { name: 'PAUSE', args: ['100'] },
      { name: 'DUMMY', args: ['$count', 'arg2'], custom: true },
    ])
    expect(step('me', 'BUTTON path1').userInputs).toMatchObject([{ name: 'BUTTON', args: ['path1'] }])
  })
  it('JSON text is a structured message, not text; text after a logic hook on #me is refused, as Botium does', () => {
    expect(step('bot', '{"text": "hi"}')).toMatchObject({ text: null, sourceData: { text: 'hi' } })
    expect(() => step('me', 'PAUSE 100', 'hello')).toThrow(/no text expected/)
  })
})

describe('banter import botium', () => {
  it('maps bot text to reply.contains (ignoring case), INTENT_CONFIDENCE, and exact ENTITIES/ENTITY_VALUES to strict entities', async () => {
    const result = await importFiles('botium', [`${FIX}/order-status.convo.txt`], cwd)
    const turns = turnsOf(result.files)
    expect(turns[0]).toEqual({
      user: 'Where is my order 12345?',
      expect: {
        reply: { contains: 'I found order 12345', ignore_case: true },
        intent: { name: 'order_status', min_confidence: 0.9 },
        entities: { strict: true, items: [{ type: 'order_id', value: '12345' }] },
      },
    })
    expect(turns[1]).toEqual({ user: 'thanks, bye', expect: { reply: { not_contains: 'Sorry', ignore_case: true }, intent: 'goodbye' } })
    expect(result.unsupported.map((u) => [u.loc.line, u.what.split(' ')[0]])).toEqual([
      [13, 'BUTTONS'],
      [21, 'MEDIA'],
    ])
  })

  it('ENTITIES a|.. and ENTITY_VALUES v|..: more entities allowed (not strict), never an entity named ".."', async () => {
    const turns = turnsOf((await importFiles('botium', [`${FIX}/entities.convo.txt`], cwd)).files)
    expect(turns[0]!.expect).toEqual({ entities: [{ type: 'product', value: 'bananas' }] })
    expect(turns[1]!.expect).toEqual({ entities: { strict: true, items: [{ type: 'product', value: 'bananas' }] } })
  })

  it('JSON structured messages and custom asserters are listed, never turned into required text', async () => {
    const result = await importFiles('botium', [`${FIX}/structured.convo.txt`], cwd)
    const turns = turnsOf(result.files)
    expect(turns[0]).toEqual({ user: 'show me the menu' })
    expect(turns[1]).toEqual({ user: 'thanks', expect: { reply: { contains: 'You are welcome', ignore_case: true } } })
    expect(result.unsupported.map((u) => u.what)).toEqual([
      "a JSON structured #bot message (Botium compares it with the bot message's source data)",
      'DUMMY $count|arg2 (a custom asserter or logic hook)',
    ])
  })

  it('resolves #me UTT_NAME from the utterance file next to the convo; wildcards become reply.matches', async () => {
    const result = await importFiles('botium', [`${FIX}/greeting.convo.txt`], cwd)
    const [scenarios, generator] = result.files
    if (scenarios?.kind !== 'scenarios' || generator?.kind !== 'generator') throw new Error('expected a scenario and a generator')
    expect(scenarios.data[0]!.turns[0]).toEqual({
      user: 'hello',
      expect: { reply: { matches: 'How\\s+can\\s+I\\s+help[\\s\\S]*today', ignore_case: true }, intent: 'greeting' },
    })
    expect(generator.data.generator.turns[0]!.user).toEqual(['hello', 'hi there', 'good morning'])
    expect(result.unsupported.map((u) => u.what)).toEqual(['PAUSE 100 (logic hook)'])
    expectValidGenerators(result)
  })

  it('#bot UTT_NAME accepts any utterance of the list, not the name', async () => {
    const turns = turnsOf((await importFiles('botium', [`${REAL}/scripting__convofiles__convos__txt__restaurant.convo.txt`], cwd)).files)
    expect(turns[0]!.expect).toEqual({ reply: { matches: '(?:hi|hello|nice\\s+day)', ignore_case: true } })
    expect(turns[4]!.expect).toEqual({
      messages: [
        { contains: 'Sure! Restaurant 1 on the list gets great reviews.', ignore_case: true },
        { contains: 'What day/time did you want to go to the restaurant?', ignore_case: true },
      ],
    })
  })

  it('imports Botium YAML convos (convos: and utterances:)', async () => {
    const result = await importFiles('botium', [`${REAL}/convos_and_utterances.yml`], cwd)
    const scenarios = result.files.flatMap((f) => (f.kind === 'scenarios' ? f.data : []))
    expect(scenarios.map((s) => s.name)).toEqual(['goodbye', 'convo 1 name'])
    expect(scenarios[1]!.turns).toEqual([
      { user: 'hi', expect: { messages: [{}, { contains: 'what can i do for you?', ignore_case: true }] } },
      { user: 'nothing' },
    ])
    expect(result.files.filter((f) => f.kind === 'generator').map((f) => f.name)).toEqual(['generators/GREETING'])
    // read: 3 #me + 2 utterances; 4 bot messages, of which the optional ?!thanks and the all-optional
    // first #bot of "convo 1 name" are not checked; the optional INTENT is listed
    expect(result.fidelity[0]).toMatchObject({
      read: { conversations: 2, userTurns: 5, botMessages: 4, intents: 1 },
      written: { conversations: 2, userTurns: 5, botMessages: 2, intents: 0 },
    })
    expect(result.fidelity[0]!.unsupported.map((u) => u.what)).toContain(
      '?INTENT intent_greeting (negated and optional asserters are not supported)',
    )
  })

  it('turns an utterances file into a generator of its utterances', async () => {
    const result = await importFiles('botium', [`${FIX}/UTT_GREETING.utterances.txt`], cwd)
    expect(result.files).toHaveLength(1)
    expect(result.files[0]!.data).toMatchObject({
      generator: { name: 'UTT_GREETING', turns: [{ user: ['hello', 'hi there', 'good morning'] }] },
    })
    expectValidGenerators(result)
  })

  it('writes scenarios that load', async () => {
    const result = await importFiles('botium', [`${FIX}/order-status.convo.txt`, `${FIX}/greeting.convo.txt`], cwd)
    expect((await loadImported(result)).conversations.map((c) => c.name)).toEqual(['greeting', 'order status in one message'])
  })

  it('an unknown sender and a file without #me are input errors with their lines', async () => {
    const err = (await importFiles('botium', [`${FIX}/bad-sender.convo.txt`, `${FIX}/no-sections.convo.txt`], cwd).catch(
      (e: unknown) => e,
    )) as InputError
    expect(err).toBeInstanceOf(InputError)
    expect(err.diagnostics.map((d) => [d.code, d.loc?.line])).toEqual([
      ['IMPORT_BOTIUM_SENDER', 6],
      ['IMPORT_NOT_BOTIUM', 1],
    ])
  })

  it('files in another format are refused: Rasa NLU and e2e files, a convo as Rasa, a Botium YAML as Rasa', async () => {
    const refused = async (format: 'botium' | 'rasa', file: string) =>
      ((await importFiles(format, [file], cwd).catch((e: unknown) => e)) as InputError).diagnostics?.map((d) => d.code)
    expect(await refused('botium', 'fixtures/import/rasa-real/moodbot_nlu.yml')).toEqual(['IMPORT_NOT_BOTIUM'])
    expect(await refused('botium', 'fixtures/import/rasa-real/moodbot_e2e_test_cases.yml')).toEqual(['IMPORT_NOT_BOTIUM'])
    expect(await refused('rasa', `${REAL}/convos_and_utterances.yml`)).toEqual(['IMPORT_NOT_RASA'])
    expect(await refused('rasa', `${REAL}/convos_with_question.convo.txt`)).toEqual(['IMPORT_NOT_RASA'])
  })
})

describe("every file of Botium's own fixtures and samples imports, or is refused with a reason", () => {
  it('imports each file; the one convo that starts with #bot is refused (no #me), nothing else', async () => {
    const names = (await readdir(REAL)).filter((n) => !n.endsWith('.md') && n !== 'LICENSE').sort()
    expect(names).toHaveLength(31)
    const refused: string[] = []
    for (const name of names) {
      const result = await importFiles('botium', [`${REAL}/${name}`], cwd).catch((e: unknown) => e)
      if (result instanceof InputError) {
        refused.push(`${name}: ${result.diagnostics.map((d) => `${d.code} ${d.message}`).join('; ')}`)
        continue
      }
      if (result instanceof Error) throw result
      const imported = result as Awaited<ReturnType<typeof importFiles>>
      expect(imported.fidelity).toHaveLength(1)
      await loadImported(imported)
      expectValidGenerators(imported)
    }
    expect(refused).toEqual([
      expect.stringMatching(/^compiler__convos__txt__convos_args_escape\.convo\.txt: IMPORT_NOT_BOTIUM .*no #me section/),
    ])
  })
})
