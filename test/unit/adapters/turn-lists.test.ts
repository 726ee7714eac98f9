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

/** A Direct Line service whose bot sends `replies(text)` as activities, `gapMs` apart. */
async function directLine(replies: (text: string) => Record<string, unknown>[], gapMs: number): Promise<FakeServer> {
  const activities: Record<string, unknown>[] = []
  return startFakeServer((req, body, res) => {
    const url = new URL(req.url ?? '/', 'http://x')
    if (url.pathname === '/v3/directline/conversations') return json(res, 201, { conversationId: 'c1', token: 't' })
    if (req.method === 'POST') {
      const a = JSON.parse(body) as { text: string; from: { id: string } }
      const id = `c1|${activities.length}`
      activities.push({ ...a, type: 'message', id })
      replies(a.text).forEach((r, i) =>
        setTimeout(() => activities.push({ type: 'message', id: `${id}-${i}`, from: { id: 'bot' }, replyToId: id, ...r }), gapMs * (i + 1)),
      )
      return json(res, 200, { id })
    }
    const from = Number(url.searchParams.get('watermark') ?? 0)
    json(res, 200, { activities: activities.slice(from), watermark: String(activities.length) })
  })
}

describe("directline: the bot's messages until it waits", () => {
  it('collects messages that arrive within settle_ms of each other, each with its channelData action', async () => {
    const server = await directLine(
      () => [{ text: 'one', channelData: { action: 'a1' } }, { text: 'two', channelData: { action: 'a2' } }, { text: 'three' }],
      40,
    )
    const [r] = await say(
      adapterFor(server, { adapter: 'directline', directline: { secret: 's', poll_interval_ms: 20, settle_ms: 400 } }),
      'hi',
    )
    expect(r).toMatchObject({ botMessages: ['one', 'two', 'three'], text: 'one\ntwo\nthree', actions: ['a1', 'a2'], action: 'a2' })
  })
  it('a message with inputHint expectingInput ends the turn at once; later ones belong to no turn', async () => {
    const server = await directLine(() => [{ text: 'question?', inputHint: 'expectingInput' }, { text: 'late' }], 40)
    const [r] = await say(
      adapterFor(server, { adapter: 'directline', directline: { secret: 's', poll_interval_ms: 20, settle_ms: 2_000 } }),
      'hi',
    )
    expect(r).toMatchObject({ text: 'question?' })
    expect(r!.botMessages).toBeUndefined()
  })
})
