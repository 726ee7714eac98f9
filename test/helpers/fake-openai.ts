import { bearer, brain, startFakeBot, type FakeBotServer } from './fake-bot.js'
import { json } from './fake-server.js'

interface ChatRequest {
  model: string
  stream?: boolean
  messages: { role: string; content: string | null; tool_calls?: unknown[] }[]
}

/**
 * A fake OpenAI-compatible server, shapes from the Chat Completions API reference
 * (https://platform.openai.com/docs/api-reference/chat, streaming: `chat.completion.chunk`
 * events as `data: {...}` lines ending with `data: [DONE]`, as described e.g. in
 * https://docs.rs/async-openai/0.9.1/async_openai/struct.Chat.html). A wrong or missing
 * `Authorization: Bearer` key is 401 `invalid_api_key`. The reply counts the user messages in the
 * request, so it shows whether the whole history was sent. A message with an order number gets a
 * tool call `lookup_order({"order_id": …})` instead of text; a system prompt mentioning JSON gets
 * `{reply, intent}` as JSON content.
 */
export async function startFakeOpenAi(opts: { apiKey: string; chunkDelayMs?: number }): Promise<FakeBotServer> {
  return startFakeBot((req, body, res, mode) => {
    if (req.url !== '/v1/chat/completions' || req.method !== 'POST') return json(res, 404, { error: { message: 'not found' } })
    if (bearer(req) !== opts.apiKey)
      return json(res, 401, {
        error: { message: 'Incorrect API key provided.', type: 'invalid_request_error', param: null, code: 'invalid_api_key' },
      })
    if (mode === 'malformed') return json(res, 200, { id: 'x', object: 'chat.completion', choices: [] })
    const request = JSON.parse(body) as ChatRequest
    const users = request.messages.filter((m) => m.role === 'user')
    const b = brain(users.at(-1)?.content ?? '', users.length)
    const tool =
      b.entities.length > 0
        ? {
            id: `call_${users.length}`,
            type: 'function',
            function: { name: 'lookup_order', arguments: JSON.stringify({ order_id: b.entities[0]!.value }) },
          }
        : undefined
    const system = request.messages[0]?.role === 'system' ? (request.messages[0].content ?? '') : 'none'
    const content = tool
      ? null
      : system.includes('JSON')
        ? JSON.stringify({ reply: b.text, intent: b.intent })
        : `${b.text} [system: ${system}]`
    if (!request.stream) {
      return json(res, 200, {
        id: 'chatcmpl-1',
        object: 'chat.completion',
        created: 0,
        model: request.model,
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content, ...(tool ? { tool_calls: [tool] } : {}) },
            finish_reason: tool ? 'tool_calls' : 'stop',
          },
        ],
      })
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' })
    const chunk = (delta: unknown) =>
      `data: ${JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 0, model: request.model, choices: [{ index: 0, delta, finish_reason: null }] })}\n\n`
    const parts = tool
      ? [
          chunk({
            role: 'assistant',
            tool_calls: [{ index: 0, id: tool.id, type: 'function', function: { name: 'lookup_order', arguments: '' } }],
          }),
          chunk({ tool_calls: [{ index: 0, function: { arguments: tool.function.arguments } }] }),
        ]
      : [chunk({ role: 'assistant', content: '' }), ...content!.match(/.{1,8}/gs)!.map((c) => chunk({ content: c }))]
    parts.push('data: [DONE]\n\n')
    const send = (i: number) => {
      if (res.destroyed) return
      if (i >= parts.length) return void res.end()
      res.write(parts[i])
      setTimeout(() => send(i + 1), i === 0 ? 0 : (opts.chunkDelayMs ?? 5))
    }
    send(0)
  })
}
