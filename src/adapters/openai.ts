import { performance } from 'node:perf_hooks'
import { DEFAULT_RETRY } from '../network/retry.js'
import type { Adapter, TurnInput } from './adapter.js'
import type { AdapterContext } from './endpoint.js'
import { joinUrl } from './reply-texts.js'
import { messageOf, toolCallsOf, toReply, type ChatMessage } from './openai-reply.js'
import { createStreamAccumulator } from './openai-stream.js'
import { expectOk, parseJson } from '../network/read-body.js'
import type { AssistantReply, ToolCall } from '../report/model.js'
import { addCost, DEFAULT_MAX_TOOL_ROUNDS, loopStop, newCost, turnOutput } from './tool-rounds.js'

/**
 * OpenAI-compatible chat completions (`POST …/v1/chat/completions` with `{model, messages}`).
 * banter keeps each conversation's history (system prompt, user and assistant messages) and sends
 * it every turn. With `stream: true` the reply is read from server-sent events and the time to
 * first token is recorded.
 *
 * Tool calls: when the turn has `tool_results`, each call is answered with the scenario's result
 * for that tool (a `role: tool` message with the call's id) and the completion is requested
 * again, until the assistant answers without calling a tool (its answer is the turn's reply) or
 * `max_tool_rounds` rounds have been answered. A call to a tool the turn has no result for stops
 * the loop (TOOL_RESULT_MISSING). Without `tool_results`, the reply that called the tools is the
 * turn's reply and its calls get an empty result (`{}`) in the history, since the API rejects a
 * user message after unanswered tool calls.
 *
 * Text the assistant sends beside its tool calls is part of the turn: each round's non-empty
 * content is one of the turn's bot messages, in order, and the reply text joins them (toReply).
 */
export function createOpenAiAdapter(ctx: AdapterContext): Adapter {
  const { endpoint, transport, redact } = ctx
  const opts = endpoint.openai ?? { model: '' }
  const url = completionsUrl(endpoint.url)
  const headers: Record<string, string> = {
    ...endpoint.headers,
    'content-type': 'application/json',
    accept: opts.stream ? 'text/event-stream' : 'application/json',
  }
  if (opts.api_key) headers.authorization = `Bearer ${opts.api_key}`
  const retry = endpoint.retry ?? DEFAULT_RETRY
  const maxRounds = opts.max_tool_rounds ?? DEFAULT_MAX_TOOL_ROUNDS
  const sampling = {
    ...(opts.temperature !== undefined ? { temperature: opts.temperature } : {}),
    ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
  }

  /** One completion request: the assistant's message and what the request cost. */
  async function complete(messages: ChatMessage[]) {
    const body = JSON.stringify({
      model: opts.model,
      messages,
      ...sampling,
      ...(opts.stream ? { stream: true } : {}),
      ...(opts.tools ? { tools: opts.tools } : {}),
    })
    const stream = opts.stream ? createStreamAccumulator(() => performance.now(), redact) : undefined
    const res = await transport.send({
      url,
      method: 'POST',
      headers,
      body,
      timeoutMs: endpoint.timeoutMs,
      retry,
      onChunk: stream && ((c) => stream.push(c)),
    })
    expectOk(res, redact)
    const isSse = String(res.headers['content-type'] ?? '').includes('text/event-stream')
    const json = isSse ? undefined : parseJson(res, redact)
    const { message, firstTokenAt } = stream && isSse ? stream.finish() : { message: messageOf(json), firstTokenAt: undefined }
    // Like latencyMs, from the moment the first attempt was sent: what the user waited.
    const ttftMs = firstTokenAt === undefined ? undefined : firstTokenAt - res.sentAt
    return { message, json, ttftMs, latencyMs: res.latencyMs, retries: res.retries, attempts: res.attempts }
  }

  return {
    target: redact(url),
    async open() {
      const history: ChatMessage[] = opts.system ? [{ role: 'system', content: opts.system }] : []
      return {
        async send(input) {
          const messages: ChatMessage[] = [...history, { role: 'user', content: input.message }]
          const calls: ToolCall[] = []
          // What the assistant wrote in each round, also beside its tool calls ("Let me look that up.").
          const texts: string[] = []
          const cost = newCost()
          let ttftMs: number | undefined
          let toolLoop: AssistantReply['toolLoop']
          for (let round = 1; ; round++) {
            const done = await complete(messages)
            ttftMs ??= done.ttftMs
            addCost(cost, done)
            messages.push(done.message)
            if (done.message.content) texts.push(done.message.content)
            const made = toolCallsOf(done.message, round)
            calls.push(...made)
            const answered = answerCalls(done.message, input.toolResults)
            messages.push(...answered.messages)
            toolLoop = made.length === 0 ? undefined : loopStop(answered.missing, round, maxRounds, input)
            if (made.length === 0 || !input.toolResults || toolLoop) {
              history.splice(0, history.length, ...messages)
              const reply = toReply(done.message, opts, done.json, calls, texts)
              if (toolLoop) reply.toolLoop = toolLoop
              return turnOutput(reply, cost, ttftMs)
            }
          }
        },
        async end() {},
      }
    },
    close: () => transport.close(),
  }
}

/**
 * The `role: tool` messages answering a message's calls: the turn's result for each tool, an
 * error text for a tool without one (so the history stays valid for the next turn), `{}` when the
 * turn supplies no results at all.
 */
function answerCalls(message: ChatMessage, results: TurnInput['toolResults']): { messages: ChatMessage[]; missing: string[] } {
  const missing: string[] = []
  const messages = (message.tool_calls ?? []).map((c): ChatMessage => {
    const name = c.function?.name
    const result = results && typeof name === 'string' && Object.hasOwn(results, name) ? results[name] : undefined
    if (results && result === undefined) missing.push(String(name))
    const content = result ?? (results ? JSON.stringify({ error: `no result for tool ${String(name)} in this test` }) : '{}')
    return { role: 'tool', tool_call_id: c.id, content }
  })
  return { messages, missing }
}

/** The chat completions URL from a base: `…/chat/completions` as is, `…/v1` + `/chat/completions`, else + `/v1/chat/completions`. */
export function completionsUrl(base: string): string {
  const trimmed = base.replace(/\/+$/, '')
  if (trimmed.endsWith('/chat/completions')) return trimmed
  return joinUrl(trimmed, trimmed.endsWith('/v1') ? '/chat/completions' : '/v1/chat/completions')
}
