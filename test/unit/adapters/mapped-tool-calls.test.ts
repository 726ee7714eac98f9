import { describe, expect, it } from 'vitest'
import { compileMapping, mapReply } from '../../../src/adapters/response-mapping.js'
import { toReply } from '../../../src/adapters/openai-reply.js'

describe('generic HTTP: response.tool_calls maps a list of tool calls', () => {
  it("reads {name, arguments} and OpenAI's {function: {name, arguments}}, arguments as an object or JSON text", () => {
    const mapping = compileMapping({ tool_calls: '$.calls' })
    const reply = mapReply(mapping, {
      reply: 'ok',
      calls: [
        { name: 'a', arguments: { x: 1 } },
        { function: { name: 'b', arguments: '{"y":"2"}' } },
        { function: { name: 'c', arguments: '{bad' } },
        { nothing: true },
      ],
    })
    expect(reply.toolCalls).toEqual([
      { name: 'a', arguments: { x: 1 }, round: 1 },
      { name: 'b', arguments: { y: '2' }, round: 1 },
      { name: 'c', invalidArguments: { text: '{bad', error: expect.any(String) }, round: 1 },
    ])
  })

  it('is off unless configured, and an absent or empty list gives no tool calls', () => {
    expect(mapReply(compileMapping({}), { reply: 'ok', tool_calls: [{ name: 'a' }] }).toolCalls).toBeUndefined()
    expect(mapReply(compileMapping({ tool_calls: '$.calls' }), { reply: 'ok' }).toolCalls).toBeUndefined()
    expect(mapReply(compileMapping({ tool_calls: '$.calls' }), { reply: 'ok', calls: 'no' }).toolCalls).toBeUndefined()
  })
})

describe('openai: tool call arguments', () => {
  it('are parsed; empty arguments are {}; invalid JSON is kept for a verdict instead of failing the turn', () => {
    const call = (name: string, args: string) => ({ id: name, type: 'function' as const, function: { name, arguments: args } })
    const reply = toReply(
      { role: 'assistant', content: null, tool_calls: [call('a', '{"order_id": "1"}'), call('b', ''), call('c', '{"x": ')] },
      { model: 'm' },
      {},
    )
    expect(reply.toolCalls!.map((c) => c.arguments ?? c.invalidArguments!.text)).toEqual([{ order_id: '1' }, {}, '{"x": '])
    expect(reply.entities).toEqual([{ type: 'order_id', value: '1' }])
  })
})
