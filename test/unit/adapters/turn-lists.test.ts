/**
 * Each adapter gives a turn's reply the ordered list of actions and bot messages the assistant
 * produced: Rasa from the tracker's events after the user message, Direct Line from the bot's
 * activities until it waits, OpenAI from the message and its tool calls, generic HTTP from
 * `response.actions` and a reply path that selects a list.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { Adapter } from '../../../src/adapters/adapter.js'
import type { EndpointConfig } from '../../../src/adapters/endpoint.js'
import { toReply } from '../../../src/adapters/openai-reply.js'
import { fromTracker } from '../../../src/adapters/rasa.js'
import { createAdapter } from '../../../src/adapters/registry.js'
import { NO_RETRY } from '../../../src/network/retry.js'
import { createTransport } from '../../../src/network/transport.js'
import { startScriptedRasa } from '../../helpers/fake-scripted-bots.js'
import { json, startFakeServer, type FakeServer } from '../../helpers/fake-server.js'
import { tempProject } from '../../helpers/temp-dir.js'
import { run } from '../../../src/run.js'

const cleanup: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const c of cleanup.splice(0)) await c()
})

function adapterFor(server: FakeServer, endpoint: Partial<EndpointConfig>): Adapter {
  const adapter = createAdapter({
    endpoint: { method: 'POST', headers: {}, url: server.url, timeoutMs: 5_000, retry: NO_RETRY, ...endpoint },
    transport: createTransport({ connections: 2 }),
    redact: (s) => s,
  })
  cleanup.push(
    () => adapter.close(),
    () => server.close(),
  )
  return adapter
}

async function say(adapter: Adapter, ...messages: string[]) {
  const session = await adapter.open({ sessionId: 's-1', userId: 'u-1' })
  const out = []
  for (const [turn, message] of messages.entries()) out.push((await session.send({ message, turn, vars: {} })).reply)
  return out
}

describe('rasa: every action event after the user message, in order', () => {
  it('reads them from the tracker, without action_listen; action is the last one; each bot message kept', async () => {
    const server = await startScriptedRasa((m) => (m === 'sad' ? ['utter_cheer_up', 'utter_ask_did_that_help'] : ['utter_greet']))
    const [hi, sad] = await say(adapterFor(server, { adapter: 'rasa' }), 'hi', 'sad')
    expect(hi).toMatchObject({ actions: ['utter_greet'], action: 'utter_greet' })
    expect(sad).toMatchObject({
      actions: ['utter_cheer_up', 'utter_ask_did_that_help'],
      action: 'utter_ask_did_that_help',
      botMessages: ['(cheer up)', '(ask did that help)'],
      text: '(cheer up)\n(ask did that help)',
    })
  })
  it('only events after the last user event count; latest_action_name stands in when there are none', () => {
    const events = [
      { event: 'user' },
      { event: 'action', name: 'old' },
      { event: 'user' },
      { event: 'action', name: 'a' },
      { event: 'slot' },
      { event: 'action', name: 'b' },
      { event: 'action', name: 'action_listen' },
    ]
    expect(fromTracker({ events })).toMatchObject({ actions: ['a', 'b'], action: 'b' })
    expect(fromTracker({ events: [], latest_action_name: 'x' })).toMatchObject({ actions: ['x'], action: 'x' })
    expect(fromTracker({ events: [{ event: 'user' }] })).toMatchObject({ actions: [] })
  })
})

describe('generic http: response.actions and a list of messages', () => {
  it('reads the configured list path (names or {name}); without it, the one action is the list', async () => {
    const server = await startFakeServer((_req, _body, res) =>
      json(res, 200, { out: [{ text: 'one' }, { text: 'two' }], steps: [{ name: 'lookup' }, 'answer'] }),
    )
    const [r] = await say(adapterFor(server, { response: { reply: '$.out[*].text', actions: '$.steps' } }), 'x')
    expect(r).toMatchObject({ botMessages: ['one', 'two'], actions: ['lookup', 'answer'], action: 'answer' })
  })
  it("banter's default shape: $.actions when present, else $.action", async () => {
    let body: unknown = { reply: 'hi', actions: ['a', 'b'] }
    const server = await startFakeServer((_req, _b, res) => json(res, 200, body))
    const adapter = adapterFor(server, {})
    expect((await say(adapter, 'x'))[0]).toMatchObject({ actions: ['a', 'b'], action: 'b' })
    body = { reply: 'hi', action: 'c' }
    const [single] = await say(adapter, 'y')
    expect(single!.action).toBe('c')
    expect(single!.actions).toBeUndefined()
  })
})

describe("openai: the message, and the tool calls as the turn's actions", () => {
  it('lists every tool call name in order; the first is action', () => {
    const call = (name: string) => ({ id: name, type: 'function' as const, function: { name, arguments: '{}' } })
    const r = toReply({ role: 'assistant', content: 'Looking.', tool_calls: [call('lookup_order'), call('notify')] }, { model: 'm' }, {})
    expect(r).toMatchObject({ actions: ['lookup_order', 'notify'], action: 'lookup_order', text: 'Looking.' })
    expect(toReply({ role: 'assistant', content: null }, { model: 'm' }, {})).toMatchObject({ actions: [], text: '' })
  })
})

interface ScriptedDirectLine extends FakeServer {
  /** The watermark each GET answered with, in order. */
  watermarks: string[]
}

/**
 * A Direct Line service whose bot answers each posted message with `replies(text, n)` at once
 * (n counts from 1; each reply to the posted activity unless it sets `replyToId` itself), so what
 * a poll returns never depends on timing. A GET returns at most `pageSize` activities after its
 * watermark (all by default), which fixes how the activities are batched into polls;
 * `ignoreWatermark` returns them all every time, as a service that repeats itself would. The user's
 * message is echoed with `from` as posted unless `echoFrom` replaces it (services may set their own id).
 */
async function scriptedDirectLine(
  replies: (text: string, n: number) => Record<string, unknown>[],
  opts: { pageSize?: number; ignoreWatermark?: boolean; echoFrom?: Record<string, unknown> } = {},
): Promise<ScriptedDirectLine> {
  const activities: Record<string, unknown>[] = []
  const watermarks: string[] = []
  let posted = 0
  const server = await startFakeServer((req, body, res) => {
    const url = new URL(req.url ?? '/', 'http://x')
    if (url.pathname === '/v3/directline/conversations') return json(res, 201, { conversationId: 'c1', token: 't' })
    if (req.method === 'POST') {
      const a = JSON.parse(body) as { text: string; from: Record<string, unknown> }
      const id = `c1|${String(activities.length).padStart(7, '0')}`
      activities.push({ ...a, type: 'message', id, ...(opts.echoFrom ? { from: opts.echoFrom } : {}) })
      posted++
      replies(a.text, posted).forEach((r, i) =>
        activities.push({ type: 'message', id: `${id}-${i}`, from: { id: 'bot', role: 'bot' }, replyToId: id, ...r }),
      )
      return json(res, 200, { id })
    }
    const from = opts.ignoreWatermark ? 0 : Number(url.searchParams.get('watermark') ?? 0)
    const page = activities.slice(from, opts.pageSize === undefined ? undefined : from + opts.pageSize)
    const watermark = String(from + page.length)
    watermarks.push(watermark)
    json(res, 200, { activities: page, watermark })
  })
  return Object.assign(server, { watermarks })
}

const gets = (server: FakeServer) => server.requests.filter((r) => r.method === 'GET')

describe("directline: the bot's messages until it waits", () => {
  it('collects messages that arrive in separate polls within settle_ms, each with its channelData action', async () => {
    // One activity per poll: the user's echo, then each message in a poll of its own, 10 ms apart.
    const server = await scriptedDirectLine(
      () => [{ text: 'one', channelData: { action: 'a1' } }, { text: 'two', channelData: { action: 'a2' } }, { text: 'three' }],
      { pageSize: 1 },
    )
    const [r] = await say(
      adapterFor(server, { adapter: 'directline', directline: { secret: 's', poll_interval_ms: 10, settle_ms: 1_500 } }),
      'hi',
    )
    expect(r).toMatchObject({ botMessages: ['one', 'two', 'three'], text: 'one\ntwo\nthree', actions: ['a1', 'a2'], action: 'a2' })
  })

  // The bot asks a question (expectingInput), then sends a late reply to the same message and a
  // message that replies to nothing. Whether they come in one poll or one per poll, the turn ends at
  // the question; the late reply belongs to no turn; the other message is the next turn's first.
  const asks = (_text: string, n: number): Record<string, unknown>[] =>
    n === 1
      ? [{ text: 'question?', inputHint: 'expectingInput' }, { text: 'late' }, { text: 'by the way', replyToId: undefined }]
      : [{ text: `answer ${n}`, inputHint: 'expectingInput' }]
  for (const pageSize of [undefined, 1]) {
    it(`inputHint expectingInput ends the turn at once; what follows is read by the next turn (${pageSize ? 'one activity per poll' : 'all in one poll'})`, async () => {
      const server = await scriptedDirectLine(asks, { pageSize })
      // A turn that waited for settle_ms (a minute) would time the test out: it must end at the question.
      const adapter = adapterFor(server, {
        adapter: 'directline',
        timeoutMs: 120_000,
        directline: { secret: 's', poll_interval_ms: 10, settle_ms: 60_000 },
      })
      const session = await adapter.open({ sessionId: 's-1', userId: 'u-1' })
      const first = (await session.send({ message: 'hi', turn: 0, vars: {} })).reply
      expect(first).toMatchObject({ text: 'question?' })
      expect(first.botMessages).toBeUndefined()
      // All in one poll: that one poll ended the turn. One per poll: the echo's, then the question's.
      expect(gets(server)).toHaveLength(pageSize ? 2 : 1)
      const second = (await session.send({ message: 'yes', turn: 1, vars: {} })).reply
      expect(second).toMatchObject({ botMessages: ['by the way', 'answer 2'], text: 'by the way\nanswer 2' })
      const third = (await session.send({ message: 'and?', turn: 2, vars: {} })).reply
      expect(third).toMatchObject({ text: 'answer 3' })
      expect(third.botMessages).toBeUndefined()
    })
  }

  it("the user's own activities never count: its id, the id the service gave the posted message, role user", async () => {
    const server = await scriptedDirectLine(
      (_text, n) => [
        // The same user from elsewhere (the service's id for it), and a message marked as the user's.
        { text: 'echo of another client', from: { id: 'dl_u1' }, replyToId: undefined },
        { text: 'typed by the user', from: { id: 'someone', role: 'user' } },
        { text: `bot ${n}`, inputHint: 'expectingInput' },
      ],
      // The service replaces the user's id with its own, as Direct Line does for a token bound to a user.
      { echoFrom: { id: 'dl_u1', name: 'u' } },
    )
    const adapter = adapterFor(server, { adapter: 'directline', directline: { secret: 's', poll_interval_ms: 10, settle_ms: 60_000 } })
    const replies = await say(adapter, 'hi', 'again')
    expect(replies.map((r) => r!.text)).toEqual(['bot 1', 'bot 2'])
    expect(replies.map((r) => r!.botMessages)).toEqual([undefined, undefined])
  })

  it('each poll sends the watermark of the one before, across turns; a service that repeats activities shows each once', async () => {
    // Messages that reply to nothing: only the watermark and the ids keep them from being read again.
    const twice = (text: string): Record<string, unknown>[] => [
      { text: `re: ${text}`, replyToId: undefined },
      { text: 'anything else?', inputHint: 'expectingInput', replyToId: undefined },
    ]
    for (const ignoreWatermark of [false, true]) {
      const server = await scriptedDirectLine(twice, ignoreWatermark ? { ignoreWatermark } : { pageSize: 2 })
      const adapter = adapterFor(server, { adapter: 'directline', directline: { secret: 's', poll_interval_ms: 10, settle_ms: 60_000 } })
      const replies = await say(adapter, 'a', 'b', 'c')
      expect(replies.map((r) => r!.botMessages)).toEqual([
        ['re: a', 'anything else?'],
        ['re: b', 'anything else?'],
        ['re: c', 'anything else?'],
      ])
      const sent = gets(server).map((r) => new URL(r.url!, 'http://x').searchParams.get('watermark'))
      expect(sent).toEqual([null, ...server.watermarks.slice(0, -1)])
    }
  })
})

describe('reports keep the turn lists', () => {
  it("a turn's actions and bot messages are in the report's reply, as the actions: check saw them", async () => {
    const server = await startScriptedRasa((m) => (m === 'sad' ? ['utter_cheer_up', 'utter_ask_did_that_help'] : ['utter_greet']))
    cleanup.push(() => server.close())
    const dir = await tempProject('banter-turn-lists-', {
      'banter.config.yaml': `endpoint:\n  adapter: rasa\n  url: ${server.url}\n`,
      'mood.yaml':
        'name: mood\nturns:\n  - user: hi\n  - user: sad\n    expect:\n      actions: [utter_cheer_up, utter_ask_did_that_help]\n',
    })
    const report = await run({ cwd: dir, env: {}, paths: ['mood.yaml'] })
    expect(report.summary.passed).toBe(1)
    const [hi, sad] = report.cases[0]!.turns.map((t) => t.reply)
    expect(hi).toMatchObject({ actions: ['utter_greet'], action: 'utter_greet' })
    expect(sad).toMatchObject({
      actions: ['utter_cheer_up', 'utter_ask_did_that_help'],
      botMessages: ['(cheer up)', '(ask did that help)'],
    })
  })
})
