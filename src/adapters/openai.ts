import { performance } from 'node:perf_hooks'
import { DEFAULT_RETRY } from '../network/retry.js'
import type { Adapter } from './adapter.js'
import type { AdapterContext } from './endpoint.js'
import { joinUrl } from './reply-texts.js'
import { messageOf, toReply, type ChatMessage } from './openai-reply.js'
import { createStreamAccumulator } from './openai-stream.js'
import { expectOk, parseJson } from '../network/read-body.js'

/**
 * OpenAI-compatible chat completions (`POST …/v1/chat/completions` with `{model, messages}`).
 * banter keeps each conversation's history (system prompt, user and assistant messages) and sends
 * it every turn. A tool call in the reply is answered with an empty tool result (`{}`) in the
 * history, since the API rejects a user message after unanswered tool calls. With `stream: true`
 * the reply is read from server-sent events and the time to first token is recorded.
 */
export function createOpenAiAdapter(ctx: AdapterContext): Adapter {
  const { endpoint, transport, redact } = ctx
  const opts = endpoint.openai ?? { model: '' }
  const url = completionsUrl(endpoint.url)
  const headers: Record<string, string> = { ...endpoint.headers, 'content-type': 'application/json', accept: opts.stream ? 'text/event-stream' : 'application/json' }
  if (opts.api_key) headers.authorization = `Bearer ${opts.api_key}`
  const retry = endpoint.retry ?? DEFAULT_RETRY
  return {
    target: redact(url),
    async open() {
      const history: ChatMessage[] = opts.system ? [{ role: 'system', content: opts.system }] : []
      return {
        async send(input) {
          const messages = [...history, { role: 'user' as const, content: input.message }]
          const body = JSON.stringify({ model: opts.model, messages, ...(opts.stream ? { stream: true } : {}), ...(opts.tools ? { tools: opts.tools } : {}) })
          const stream = opts.stream ? createStreamAccumulator(() => performance.now(), redact) : undefined
          const res = await transport.send({ url, method: 'POST', headers, body, timeoutMs: endpoint.timeoutMs, retry, onChunk: stream && ((c) => stream.push(c)) })
          expectOk(res, redact)
          const isSse = String(res.headers['content-type'] ?? '').includes('text/event-stream')
          const json = isSse ? undefined : parseJson(res, redact)
          const { message, firstTokenAt } = stream && isSse ? stream.finish() : { message: messageOf(json), firstTokenAt: undefined }
          history.push(messages.at(-1)!, message, ...(message.tool_calls ?? []).map((c) => ({ role: 'tool' as const, tool_call_id: c.id, content: '{}' })))
          // Like latencyMs, from the moment the first attempt was sent: what the user waited.
          const ttftMs = firstTokenAt === undefined ? undefined : firstTokenAt - res.sentAt
          return { reply: toReply(message, opts, json, redact), latencyMs: res.latencyMs, retries: res.retries, attempts: res.attempts, ...(ttftMs !== undefined ? { ttftMs } : {}) }
        },
        async end() {},
      }
    },
    close: () => transport.close(),
  }
}

/** The chat completions URL from a base: `…/chat/completions` as is, `…/v1` + `/chat/completions`, else + `/v1/chat/completions`. */
function completionsUrl(base: string): string {
  const trimmed = base.replace(/\/+$/, '')
  if (trimmed.endsWith('/chat/completions')) return trimmed
  return joinUrl(trimmed, trimmed.endsWith('/v1') ? '/chat/completions' : '/v1/chat/completions')
}
