/**
 * The reference assistant's OpenAI-compatible endpoint:
 *   POST /v1/chat/completions {model, messages, tools?, stream?, temperature?, seed?}
 *     → a `chat.completion`, or with `stream: true` server-sent `chat.completion.chunk` events
 *       (content in pieces, tool calls as deltas by index, then `data: [DONE]`).
 * Errors are OpenAI's shape: 400 `{error: {message, type: "invalid_request_error", param, code}}`.
 * The answers come from chat-completion.ts; the temperature from sampling.ts.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { completeChat, type OutMessage } from './chat-completion.js'
import { readBody, sendJson } from './http-io.js'
import { validateCompletion, type CompletionRequest } from './openai-request.js'
import type { Routes } from './router.js'
import { createSampler, type SamplingOptions } from './sampling.js'

export const COMPLETIONS_PATH = '/v1/chat/completions'

/** Chat histories grow with the conversation: a larger limit than /chat's. */
const MAX_COMPLETION_BODY_BYTES = 1024 * 1024

export function createOpenAiRoutes(options: SamplingOptions = {}): Routes {
  const sampler = createSampler(options)
  let served = 0

  async function completions(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req, MAX_COMPLETION_BODY_BYTES)
    if (body.kind === 'too_large')
      return sendError(res, 413, `request body too large (limit ${MAX_COMPLETION_BODY_BYTES} bytes)`, null, { connection: 'close' })
    let parsed: unknown
    try {
      parsed = JSON.parse(body.text)
    } catch (err) {
      return sendError(res, 400, `we could not parse the JSON body of your request: ${(err as Error).message}`, null)
    }
    const request = validateCompletion(parsed)
    if ('param' in request) return sendError(res, 400, request.message, request.param)
    const deviation = sampler.draw({ key: JSON.stringify(request.messages), temperature: request.temperature, seed: request.seed })
    const out = completeChat(request.messages, request.tools, deviation)
    const id = `chatcmpl-banter-${++served}`
    const usage = usageOf(request, out)
    if (request.stream) return streamCompletion(res, { id, request, out, usage })
    sendJson(res, 200, {
      id,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: request.model,
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: out.content, ...(out.tool_calls ? { tool_calls: out.tool_calls } : {}), refusal: null },
          finish_reason: out.tool_calls ? 'tool_calls' : 'stop',
          logprobs: null,
        },
      ],
      usage,
    })
  }

  return { [COMPLETIONS_PATH]: { POST: completions } }
}

function sendError(res: ServerResponse, status: number, message: string, param: string | null, headers: Record<string, string> = {}): void {
  sendJson(res, status, { error: { message, type: 'invalid_request_error', param, code: null } }, headers)
}

/** Tokens counted as words: enough for clients that read `usage`. */
function usageOf(request: CompletionRequest, out: OutMessage) {
  const words = (text: string) => text.split(/\s+/).filter(Boolean).length
  const prompt = request.messages.reduce(
    (n, m) => n + words(m.content) + (m.tool_calls ?? []).reduce((k, c) => k + words(c.function.arguments) + 1, 0),
    0,
  )
  const completion = words(out.content ?? '') + (out.tool_calls ?? []).reduce((k, c) => k + words(c.function.arguments) + 1, 0)
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion }
}

/**
 * The answer as OpenAI streams it: a first chunk with the role, the content a few words per chunk,
 * each tool call as a delta with its index, id and name and then its arguments in two pieces, a
 * last chunk with the finish reason, the usage chunk when asked (`stream_options.include_usage`),
 * and `data: [DONE]`.
 */
function streamCompletion(
  res: ServerResponse,
  c: { id: string; request: CompletionRequest; out: OutMessage; usage: ReturnType<typeof usageOf> },
): void {
  const created = Math.floor(Date.now() / 1000)
  const event = (delta: object, finish: string | null = null, extra: object = {}) =>
    `data: ${JSON.stringify({ id: c.id, object: 'chat.completion.chunk', created, model: c.request.model, choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }], ...extra })}\n\n`
  const parts = [event({ role: 'assistant', content: c.out.tool_calls ? null : '' })]
  for (const piece of (c.out.content ?? '').match(/\S+\s*\S*\s*/g) ?? []) parts.push(event({ content: piece }))
  for (const [index, call] of (c.out.tool_calls ?? []).entries()) {
    parts.push(event({ tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.function.name, arguments: '' } }] }))
    const half = Math.ceil(call.function.arguments.length / 2)
    for (const piece of [call.function.arguments.slice(0, half), call.function.arguments.slice(half)])
      parts.push(event({ tool_calls: [{ index, function: { arguments: piece } }] }))
  }
  parts.push(event({}, c.out.tool_calls ? 'tool_calls' : 'stop'))
  if (c.request.includeUsage)
    parts.push(
      `data: ${JSON.stringify({ id: c.id, object: 'chat.completion.chunk', created, model: c.request.model, choices: [], usage: c.usage })}\n\n`,
    )
  parts.push('data: [DONE]\n\n')
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' })
  for (const p of parts) res.write(p)
  res.end()
}
