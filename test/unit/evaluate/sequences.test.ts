/**
 * A turn's list of actions and of bot messages, and the expectations on them: `action:` (one of
 * the turn's actions), `actions:` and `messages:` in their three forms (a list: exactly, in order;
 * `contains_in_order`; `contains`). Scenario text goes through the loader, so the schema and the
 * compiler are checked with the matchers.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { describeVerdict } from '../../../src/evaluate/describe.js'
import { evaluateTurn } from '../../../src/evaluate/evaluate-turn.js'
import { firstUnmatched } from '../../../src/evaluate/turn-lists.js'
import type { AssistantReply } from '../../../src/report/model.js'
import { loadScenarios } from '../../../src/scenario/load.js'
import { InputError } from '../../../src/core/errors.js'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'banter-seq-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function checksOf(expectYaml: string) {
  const file = path.join(dir, `s${Math.random().toString(36).slice(2)}.yaml`)
  await writeFile(
    file,
    `name: s\nturns:\n  - user: hi\n    expect:\n${expectYaml
      .split('\n')
      .map((l) => `      ${l}`)
      .join('\n')}\n`,
  )
  const suite = await loadScenarios([file], { cwd: dir })
  return suite.conversations[0]!.turns[0]!
}

const reply = (actions: string[], messages: string[]): AssistantReply => ({
  text: messages.join('\n'),
  entities: [],
  actions,
  action: actions.at(-1),
  botMessages: messages,
  body: {},
})

async function verdict(expectYaml: string, r: AssistantReply) {
  const turn = await checksOf(expectYaml)
  return evaluateTurn(turn, r, 10, {})[0]!
}

const MOOD = reply(['utter_cheer_up', 'utter_ask_did_that_help'], ['Here is something to cheer you up', 'Did that help you?'])

describe('firstUnmatched', () => {
  const eq = (a: string, b: string) => a === b
  it.each([
    ['exact', ['a', 'b'], ['a', 'b'], -1],
    ['exact', ['a', 'b'], ['b', 'a'], 0],
    ['exact', ['a', 'b'], ['a'], 1],
    ['exact', ['a'], ['a', 'b'], 1],
    ['exact', [], [], -1],
    ['exact', [], ['a'], 0],
    ['in_order', ['a', 'c'], ['a', 'b', 'c'], -1],
    ['in_order', ['c', 'a'], ['a', 'b', 'c'], 1],
    ['in_order', ['a', 'a'], ['a'], 1],
    ['contains', ['c', 'a'], ['a', 'b', 'c'], -1],
    ['contains', ['a', 'd'], ['a', 'b', 'c'], 1],
  ] as const)('%s %j in %j → %i', (mode, expected, actual, at) => {
    expect(firstUnmatched(mode, [...expected], [...actual], eq)).toBe(at)
  })
})

describe("action: one of the turn's actions", () => {
  it('passes for any of the actions, fails naming all of them', async () => {
    expect(await verdict('action: utter_ask_did_that_help', MOOD)).toMatchObject({ pass: true, code: 'ACTION_OK' })
    expect(await verdict('action: [utter_happy, utter_cheer_up]', MOOD)).toMatchObject({ pass: true })
    const miss = await verdict('action: utter_happy', MOOD)
    expect(miss).toMatchObject({ pass: false, code: 'ACTION_MISMATCH', actual: ['utter_cheer_up', 'utter_ask_did_that_help'] })
    expect(await verdict('action: utter_happy', reply([], []))).toMatchObject({ pass: false, code: 'ACTION_MISSING', actual: null })
  })
  it('an adapter with one action (no list) is a list of one', async () => {
    expect(await verdict('actions: [retrieve_order]', { text: 'x', entities: [], action: 'retrieve_order', body: {} })).toMatchObject({
      pass: true,
    })
  })
})

describe('actions:', () => {
  it('a list is exact and ordered', async () => {
    expect(await verdict('actions: [utter_cheer_up, utter_ask_did_that_help]', MOOD)).toMatchObject({ pass: true, code: 'ACTIONS_OK' })
    expect(await verdict('actions: [utter_ask_did_that_help, utter_cheer_up]', MOOD)).toMatchObject({
      pass: false,
      code: 'ACTIONS_MISMATCH',
    })
    expect(await verdict('actions: [utter_cheer_up]', MOOD)).toMatchObject({ pass: false, code: 'ACTIONS_UNEXPECTED' })
    expect(await verdict('actions: [utter_cheer_up, utter_ask_did_that_help, utter_happy]', MOOD)).toMatchObject({
      pass: false,
      code: 'ACTIONS_MISMATCH',
    })
    expect(await verdict('actions: []', reply([], ['hi']))).toMatchObject({ pass: true })
    expect(await verdict('actions: [utter_greet]', reply([], []))).toMatchObject({ pass: false, code: 'ACTIONS_MISSING' })
  })
  it('contains_in_order allows others around and between, not another order', async () => {
    const r = reply(['action_check', 'utter_cheer_up', 'action_log', 'utter_ask_did_that_help'], [])
    expect(await verdict('actions: {contains_in_order: [utter_cheer_up, utter_ask_did_that_help]}', r)).toMatchObject({ pass: true })
    const v = await verdict('actions: {contains_in_order: [utter_ask_did_that_help, utter_cheer_up]}', r)
    expect(v).toMatchObject({
      pass: false,
      code: 'ACTIONS_MISMATCH',
      expected: { contains_in_order: ['utter_ask_did_that_help', 'utter_cheer_up'] },
    })
    expect(describeVerdict(v)).toContain('actions: expected {"contains_in_order"')
  })
  it('contains: each, in any order', async () => {
    expect(await verdict('actions: {contains: [utter_ask_did_that_help, utter_cheer_up]}', MOOD)).toMatchObject({ pass: true })
    expect(await verdict('actions: {contains: [utter_happy]}', MOOD)).toMatchObject({ pass: false })
  })
  it('variables in names are rendered; an undefined one is an error when the file loads', async () => {
    const file = path.join(dir, 'vars.yaml')
    await writeFile(
      file,
      'name: v\nvariables: {first: utter_cheer_up}\nturns:\n  - user: hi\n    expect:\n      actions: ["{{first}}", utter_ask_did_that_help]\n',
    )
    const c = (await loadScenarios([file], { cwd: dir })).conversations[0]!
    expect(evaluateTurn(c.turns[0]!, MOOD, 10, c.variables)[0]!.pass).toBe(true)
    const err = (await checksOf('actions: ["{{nope}}"]').catch((e: unknown) => e)) as InputError
    expect(err.diagnostics.map((d) => d.code)).toEqual(['UNDEFINED_VARIABLE'])
  })
})

describe('messages:', () => {
  it('a list: exactly that many messages, the n-th checked by the n-th item; {} is any message', async () => {
    expect(await verdict('messages: [{contains: cheer}, {matches: "help\\\\b"}]', MOOD)).toMatchObject({ pass: true, code: 'MESSAGES_OK' })
    expect(await verdict('messages: [{}, {contains: HELP, ignore_case: true}]', MOOD)).toMatchObject({ pass: true })
    expect(await verdict('messages: [{contains: help}, {contains: cheer}]', MOOD)).toMatchObject({ pass: false, code: 'MESSAGES_MISMATCH' })
    expect(await verdict('messages: [{contains: cheer}]', MOOD)).toMatchObject({ pass: false, code: 'MESSAGES_UNEXPECTED' })
    const fewer = await verdict('messages: [{contains: cheer}, {}, {}]', MOOD)
    expect(fewer).toMatchObject({ pass: false, code: 'MESSAGES_MISSING', actual: MOOD.botMessages })
    expect(await verdict('messages: [{equals: Did that help you?, not_contains: cheer}, {}]', MOOD)).toMatchObject({ pass: false })
  })
  it('contains_in_order and contains', async () => {
    expect(await verdict('messages: {contains_in_order: [{contains: cheer}, {contains: help}]}', MOOD)).toMatchObject({ pass: true })
    expect(await verdict('messages: {contains_in_order: [{contains: help}, {contains: cheer}]}', MOOD)).toMatchObject({
      pass: false,
      code: 'MESSAGES_MISMATCH',
    })
    expect(await verdict('messages: {contains: [{equals: Did that help you?}]}', MOOD)).toMatchObject({ pass: true })
    expect(await verdict('messages: {contains: [{equals: Did that help}]}', MOOD)).toMatchObject({ pass: false })
  })
  it('a reply without a message list is its text as one message (none when empty)', async () => {
    expect(await verdict('messages: [{contains: shipped}]', { text: 'It has shipped', entities: [], body: {} })).toMatchObject({
      pass: true,
    })
    expect(await verdict('messages: []', { text: '', entities: [], body: {} })).toMatchObject({ pass: true })
  })
  it('not_matches passes when the pattern matches nowhere, and names the pattern when it does', async () => {
    const text = (t: string): AssistantReply => ({ text: t, entities: [], body: {} })
    expect(await verdict('reply: {not_matches: "sorry|apolog", ignore_case: true}', text('Your order shipped'))).toMatchObject({
      pass: true,
      code: 'REPLY_NOT_MATCHES_OK',
    })
    expect(await verdict('reply: {not_matches: "sorry|apolog", ignore_case: true}', text('We APOLOGISE'))).toMatchObject({
      pass: false,
      code: 'REPLY_FORBIDDEN_MATCH',
      expected: { not_matches: '/sorry|apolog/i' },
    })
    expect(await verdict('messages: [{not_matches: "^x"}, {}]', reply([], ['ok', 'xx']))).toMatchObject({ pass: true })
    expect(await verdict('messages: [{not_matches: "^x"}]', reply([], ['xx']))).toMatchObject({ pass: false })
  })
  it('a regex RE2 cannot run in a message and a misspelt form are refused when the file loads', async () => {
    await expect(checksOf('messages: [{matches: "(a)\\\\1"}]')).rejects.toBeInstanceOf(InputError)
    await expect(checksOf('messages: [{not_matches: "a(?=b)"}]')).rejects.toBeInstanceOf(InputError)
    const err = (await checksOf('actions: {contains_in_ordr: [a]}').catch((e: unknown) => e)) as InputError
    expect(err).toBeInstanceOf(InputError)
  })
})
