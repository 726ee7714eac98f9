/**
 * Imported suites mean what they meant in Rasa: Rasa's own example files (copied to
 * fixtures/import/rasa-real with their licence note) are imported and run in-process against a
 * loopback Rasa that speaks the REST channel and the tracker API and runs several actions per
 * turn. A bot that behaves as the source says passes; a bot that breaks one rule fails, on the
 * turn where the source says so. Test stories are compared action by action (as `rasa test`
 * does); e2e test cases check that each `utter:` occurred in the turn, in any order (as Rasa's
 * E2ETestRunner does).
 */
import { readFile } from 'node:fs/promises'
import { afterEach, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { firstFailures, importAndRun } from '../helpers/import-run.js'
import { startScriptedRasa, type RasaScript } from '../helpers/fake-scripted-bots.js'
import type { FakeServer } from '../helpers/fake-server.js'

const REAL = 'fixtures/import/rasa-real'
let server: FakeServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

async function runAgainst(file: string, script: RasaScript, grep?: string) {
  server = await startScriptedRasa(script)
  const report = await importAndRun('rasa', [file], `endpoint:\n  adapter: rasa\n  url: ${server.url}\n`, { grep })
  await server.close()
  server = undefined
  return firstFailures(report)
}

/** moodbot, as its domain and rules say (github.com/RasaHQ/rasa, examples/moodbot). */
const MOODBOT: Record<string, string[]> = {
  hi: ['utter_ask_how_are_you'],
  happy: ['utter_happy'],
  sad: ['utter_cheer_up', 'utter_ask_did_that_help'],
  yes: ['utter_happy'],
  no: ['utter_goodbye'],
  bye: ['utter_goodbye'],
  'are you a bot': ['utter_iamabot'],
  'are you a AI': ['utter_iamabot'],
}

const moodbot =
  (rules: Record<string, string[]>): RasaScript =>
  (message) =>
    rules[message] ?? ['utter_default']

describe('moodbot e2e test cases against a Rasa that behaves as moodbot', () => {
  const file = `${REAL}/moodbot_e2e_test_cases.yml`

  it('all 7 pass, greet,sad,yes and greet,sad,no included (two actions after "sad")', async () => {
    const result = await runAgainst(file, moodbot(MOODBOT))
    expect(Object.keys(result).sort()).toEqual([
      'bot_challenge',
      'bot_challenge (2)',
      'goodbye',
      'greet happy',
      'greet,happy,yes',
      'greet,sad,no',
      'greet,sad,yes',
    ])
    for (const [name, r] of Object.entries(result)) expect(r, name).toEqual({ turn: -1, codes: [] })
  })

  it('the order of the utterances within a turn does not matter, nor does an extra one (Rasa e2e semantics)', async () => {
    const swapped = await runAgainst(file, moodbot({ ...MOODBOT, sad: ['utter_ask_did_that_help', 'utter_cheer_up'] }))
    const extra = await runAgainst(file, moodbot({ ...MOODBOT, sad: ['utter_cheer_up', 'utter_ask_did_that_help', 'utter_smile'] }))
    for (const r of [...Object.values(swapped), ...Object.values(extra)]) expect(r.turn).toBe(-1)
  })

  it.each(Object.keys(MOODBOT))('a bot that breaks the rule for "%s" fails each test case on the turn that sends it', async (broken) => {
    const cases = (parse(await readFile(file, 'utf8')) as { test_cases: { test_case: string; steps: { user?: string }[] }[] }).test_cases
    const result = await runAgainst(file, moodbot({ ...MOODBOT, [broken]: MOODBOT[broken]!.slice(0, -1).concat('utter_default') }))
    const seen = new Map<string, number>()
    cases.forEach((c) => {
      const n = (seen.get(c.test_case) ?? 0) + 1
      seen.set(c.test_case, n)
      const name = n === 1 ? c.test_case : `${c.test_case} (${n})`
      const turn = c.steps.filter((s) => s.user !== undefined).findIndex((s) => String(s.user) === broken)
      expect(result[name]!.turn, `${c.test_case}`).toBe(turn)
      if (turn !== -1) expect(result[name]!.codes[0]).toMatch(/^ACTIONS?_MISMATCH$/)
    })
  })

  it('dropping one of the two utterances after "sad" fails greet,sad,yes and greet,sad,no on turn 2', async () => {
    const result = await runAgainst(file, moodbot({ ...MOODBOT, sad: ['utter_cheer_up'] }))
    expect(result['greet,sad,yes']).toEqual({ turn: 1, codes: ['ACTIONS_MISMATCH'] })
    expect(result['greet,sad,no']).toEqual({ turn: 1, codes: ['ACTIONS_MISMATCH'] })
    expect(result['greet happy']!.turn).toBe(-1)
  })
})

interface StoryTurn {
  user: string
  intent?: string
  entities: { entity: string; value: string }[]
  actions: string[]
}

/** The stories of a Rasa test stories file, read here independently of the importer. */
async function readStories(file: string): Promise<{ name: string; turns: StoryTurn[] }[]> {
  const data = parse(await readFile(file, 'utf8')) as { stories: { story: string; steps: Record<string, unknown>[] }[] }
  return data.stories.map((s) => {
    const turns: StoryTurn[] = []
    for (const step of s.steps) {
      if (typeof step.user === 'string') {
        const entities = [...step.user.matchAll(/\[([^\]]*)\]\(([^)]*)\)/g)].map((m) => ({ entity: m[2]!, value: m[1]! }))
        turns.push({
          user: step.user.trim().replace(/\[([^\]]*)\]\([^)]*\)/g, '$1'),
          intent: step.intent as string | undefined,
          entities,
          actions: [],
        })
      } else if (typeof step.action === 'string' && step.action !== 'action_listen') turns.at(-1)?.actions.push(step.action)
    }
    return { name: s.story, turns }
  })
}

describe('formbot test stories against a Rasa that runs each story', () => {
  const file = `${REAL}/formbot_test_stories.yml`
  const script =
    (turns: StoryTurn[]): RasaScript =>
    (_message, turn) => ({ actions: turns[turn]?.actions ?? [], intent: turns[turn]?.intent, entities: turns[turn]?.entities })

  it('each story passes against a bot that runs its actions, several per turn', async () => {
    for (const story of await readStories(file)) {
      const result = await runAgainst(file, script(story.turns), `^${escape(story.name)}$`)
      expect(result[story.name], story.name).toEqual({ turn: -1, codes: [] })
    }
  })

  it('a missing, reordered or extra action fails the story on that turn (stories are compared action by action)', async () => {
    for (const story of await readStories(file)) {
      for (const [t, turn] of story.turns.entries()) {
        if (!turn.actions.length) continue
        const variants = [
          turn.actions.slice(0, -1),
          [...turn.actions, 'utter_extra'],
          ...(turn.actions.length > 1 ? [[...turn.actions].reverse()] : []),
        ]
        for (const actions of variants) {
          const turns = story.turns.map((x, i) => (i === t ? { ...x, actions } : x))
          const result = await runAgainst(file, script(turns), `^${escape(story.name)}$`)
          expect(result[story.name], `${story.name} turn ${t}: ${actions.join(',')}`).toMatchObject({ turn: t })
        }
      }
    }
  })
})

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
