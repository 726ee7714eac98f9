/**
 * Imported Botium convos mean what they mean in Botium. Botium's own fixtures and samples (copied
 * to fixtures/import/botium-real with their licence note) are imported and run in-process against
 * a loopback chat API that answers several messages per turn. For each file, a bot that passes
 * the convo in Botium (default matching: wildcards, ignoring case, whitespace collapsed) passes;
 * a bot that Botium would fail, fails, on the turn Botium would.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { firstFailures, importAndRun } from '../helpers/import-run.js'
import { startScriptedBot, type BotScript } from '../helpers/fake-scripted-bots.js'
import type { FakeServer } from '../helpers/fake-server.js'

const REAL = 'fixtures/import/botium-real'
let server: FakeServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

async function runAgainst(files: string[], script: BotScript) {
  server = await startScriptedBot(script)
  const report = await importAndRun('botium', files, `endpoint:\n  url: ${server.url}\n  response:\n    reply: $.messages\n`)
  const received = server.requests.map((r) => (JSON.parse(r.body) as { message: string }).message)
  await server.close()
  server = undefined
  return { result: Object.values(firstFailures(report)), received }
}

/** Answers by message text; an unknown message gets "pardon?". */
const answers =
  (map: Record<string, string[]>, entities?: { type: string; value: string }[]): BotScript =>
  (message) => ({ messages: map[message] ?? ['pardon?'], entities })

interface Case {
  file: string
  passes: BotScript[]
  /** Bots Botium fails, with the 0-based turn it fails on. */
  fails: [BotScript, number][]
}

const CASES: Record<string, Case> = {
  '!!text is the text !text (an escape, not a negation)': {
    file: 'compiler__convos__txt__convos_with_two_exclamation.convo.txt',
    passes: [answers({ 'test 1': ['Here: !TEST 2.'] })],
    fails: [[answers({ 'test 1': ['test 2'] }), 0]],
  },
  '!!!!text is the text !!!text': {
    file: 'convos_with_four_exclamation.convo.txt',
    passes: [answers({ 'test 1': ['!!!test 2'] })],
    fails: [[answers({ 'test 1': ['!!test 2'] }), 0]],
  },
  '!text: the reply must not contain text': {
    file: 'compiler__convos__txt__convos_with_exclamation.convo.txt',
    passes: [answers({ 'test 1': ['all fine'] })],
    fails: [[answers({ 'test 1': ['a TEST 2 here'] }), 0]],
  },
  '!text over two lines is one negated text': {
    file: 'convos_with_exclamation_secline.convo.txt',
    passes: [answers({ 'test 1': ['test 2'] })],
    fails: [[answers({ 'test 1': ['test 2\n!test 2'] }), 0]],
  },
  '??text is the text ?text (an escaped literal, not optional)': {
    file: 'convos_with_two_question.convo.txt',
    passes: [answers({ 'test 1': ['?test 2'] })],
    fails: [[answers({ 'test 1': ['test 2'] }), 0]],
  },
  '????text is the text ???text': {
    file: 'convos_with_four_question.convo.txt',
    passes: [answers({ 'test 1': ['???test 2'] })],
    fails: [[answers({ 'test 1': ['??test 2'] }), 0]],
  },
  '??!text is the text ?!text': {
    file: 'convos_with_two_question_exclamation.convo.txt',
    passes: [answers({ 'test 1': ['?!test 2'] })],
    fails: [[answers({ 'test 1': ['!test 2'] }), 0]],
  },
  '?text is optional: any reply passes': {
    file: 'convos_with_question.convo.txt',
    passes: [answers({ 'test 1': ['test 2'] }), answers({ 'test 1': ['something else'] })],
    fails: [],
  },
  '#me text starting with "# " is sent as is': {
    file: 'compiler__convos__txt__convos_with_hashmark.convo.txt',
    passes: [answers({ '# one hash': ['## two hashes'] })],
    fails: [[answers({ '# one hash': ['# two hashes'] }), 0]],
  },
  'blank lines inside #me are kept; a multi-line #bot text is one text (whitespace collapsed as Botium does)': {
    file: 'convos_with_newlines.convo.txt',
    passes: [answers({ 'Hallo\n\nHallo2': ['Hallo\nHallo2'] }), answers({ 'Hallo\n\nHallo2': ['hallo hallo2'] })],
    fails: [
      [answers({ 'Hallo\n\nHallo2': ['Hallo'] }), 0],
      [answers({ 'Hallo\n\nHallo2': ['Hallo2 Hallo'] }), 0],
    ],
  },
  "consecutive #bot blocks are the turn's messages, in order": {
    file: 'compiler__convos__txt__convos_mixed_new_line_characters.convo.txt',
    passes: [answers({ n: ['rn', 'r'] })],
    fails: [
      [answers({ n: ['rn'] }), 0],
      [answers({ n: ['r', 'rn'] }), 0],
    ],
  },
  '!text: Hugo must not be said': {
    file: 'convo__convos__2stepsneg.convo.txt',
    passes: [answers({ Hello: ['Hello'] })],
    fails: [[answers({ Hello: ['hugo here'] }), 0]],
  },
  'a custom asserter (DUMMY …) is never required as reply text; #bot blocks in a row are one turn': {
    file: 'extensions__asserterHooks__convos__txt__restaurant.convo.txt',
    passes: [restaurant({ pizza: ["Super! I've found 7 locations for you. Which one would you like to drive to?"] })],
    fails: [
      [restaurant({ '1': ['Sure! Restaurant 1 on the list gets great reviews.'] }), 4],
      [restaurant({ hi: ['Hello'] }), 0],
    ],
  },
  'TEXT_CONTAINS_ALL is case-sensitive (YAML convo format)': {
    file: 'text_contains_all_ok_base.yml',
    passes: [answers({ 'word1 word2': ['word1 word2'] })],
    fails: [[answers({ 'word1 word2': ['WORD2'] }), 0]],
  },
  'YAML convos: an all-optional #bot still needs a message; an optional one (?!thanks) needs none': {
    file: 'convos_and_utterances.yml',
    passes: [answers({ bye: ['Goodbye!'], hi: ['hello', 'What can I do for you?'], nothing: [] })],
    fails: [
      [answers({ bye: ['Goodbye!'], hi: ['What can I do for you?'], nothing: [] }), 0],
      [answers({ bye: ['see you'], hi: ['hello', 'What can I do for you?'] }), 0],
    ],
  },
}

function restaurant(overrides: Record<string, string[]>): BotScript {
  return answers({
    hi: ['Hi. It looks like a nice drive today. What would you like me to do?'],
    'where is the next restauran': [
      'I understand you want me to find a location. I can find restaurants, gas stations and restrooms nearby.',
    ],
    'find my a restaurant': ['Of course. Do you have a specific cuisine in mind?'],
    pizza: ["Super! I've found 5 locations for you. Which one would you like to drive to?"],
    '1': ['Sure! Restaurant 1 on the list gets great reviews.', 'What day/time did you want to go to the restaurant?'],
    '10th of january': ['OK'],
    ...overrides,
  })
}

describe.each(Object.entries(CASES))('%s', (_, c) => {
  it('a bot Botium passes passes', async () => {
    for (const bot of c.passes) {
      const { result } = await runAgainst([`${REAL}/${c.file}`], bot)
      expect(result.length).toBeGreaterThan(0)
      for (const r of result) expect(r).toEqual({ turn: -1, codes: [] })
    }
  })
  it.runIf(c.fails.length > 0)('a bot Botium fails fails on the same turn', async () => {
    for (const [bot, turn] of c.fails) {
      const { result } = await runAgainst([`${REAL}/${c.file}`], bot)
      expect(result.map((r) => r.turn)).toContain(turn)
      expect(Math.min(...result.map((r) => (r.turn === -1 ? Infinity : r.turn)))).toBe(turn)
    }
  })
})

describe('#bot UTT_NAME accepts any utterance of the list (the .utterances.txt next to the convo)', () => {
  const convo = `${REAL}/scripting__convofiles__convos__txt__restaurant.convo.txt`
  const bot = (greeting: string) =>
    restaurant({ hi: [greeting], pizza: ["Super! I've found 5 locations for you. Which one would you like to drive to?"] })
  it.each(['Hello!', 'Well, hi there', 'Such a NICE DAY'])('"%s" passes', async (greeting) => {
    const { result } = await runAgainst([convo], bot(greeting))
    expect(result).toEqual([{ turn: -1, codes: [] }])
  })
  it('a greeting that is none of them fails turn 1; the literal name HELLO is not what is expected', async () => {
    expect((await runAgainst([convo], bot('Good morning'))).result).toEqual([{ turn: 0, codes: ['REPLY_NO_MATCH'] }])
  })
})

describe('#me UTT_NAME sends an utterance of the list; #bot AGE_UTT accepts any', () => {
  it('passes against a bot echoing the age', async () => {
    const echo: BotScript = (message) => ({
      messages: [message.startsWith('show var') ? `show var ${message.includes('years') ? 40 : 2}` : message],
    })
    const { result, received } = await runAgainst([`${REAL}/convo__convos__utt_memory.convo.txt`], echo)
    expect(result).toEqual([{ turn: -1, codes: [] }])
    expect(received[0]).toBe('I am 40 years old')
  })
})

describe('ENTITIES / ENTITY_VALUES: .. allows more entities, without it the set is exact', () => {
  const file = 'fixtures/import/botium/entities.convo.txt'
  const bot =
    (entities: { type: string; value: string }[]): BotScript =>
    () => ({ messages: ['ok'], entities })
  it('with .., an extra entity passes; without, only exactly product=bananas passes', async () => {
    const extra = await runAgainst(
      [file],
      bot([
        { type: 'product', value: 'bananas' },
        { type: 'color', value: 'yellow' },
      ]),
    )
    expect(extra.result).toEqual([{ turn: 1, codes: ['ENTITY_UNEXPECTED'] }])
    const exact = await runAgainst([file], bot([{ type: 'product', value: 'bananas' }]))
    expect(exact.result).toEqual([{ turn: -1, codes: [] }])
  })
  it('a missing or different entity fails the first turn', async () => {
    expect((await runAgainst([file], bot([{ type: 'product', value: 'apples' }]))).result).toEqual([{ turn: 0, codes: ['ENTITY_MISSING'] }])
    expect((await runAgainst([file], bot([]))).result).toEqual([{ turn: 0, codes: ['ENTITY_MISSING'] }])
  })
})
