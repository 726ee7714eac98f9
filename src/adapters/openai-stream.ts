import { clip } from '../secrets/redact.js'
import type { ChatMessage } from './openai-reply.js'
import { badResponse, parseJsonText } from '../network/read-body.js'
import { createSseParser } from '../network/sse.js'
import { EndpointError } from '../network/endpoint-error.js'
import { isRecord } from '../util/is-record.js'

/**
 * An error the server reports inside the stream (OpenAI sends `data: {"error": {"message": …}}`,
 * others `event: error`): STREAM_ERROR with the server's own message.
 */
function streamError(chunk: unknown, data: string): never {
  const err = isRecord(chunk) ? chunk.error : undefined
  const message =
    isRecord(err) && typeof err.message === 'string'
      ? err.message
      : typeof err === 'string'
        ? err
        : isRecord(chunk) && typeof chunk.message === 'string'
          ? chunk.message
          : data.slice(0, 200)
  const type = isRecord(err) && typeof err.type === 'string' ? ` (${err.type})` : ''
  throw new EndpointError('STREAM_ERROR', `the server reported an error in the stream${type}: ${message}`)
}

/** Accumulates `chat.completion.chunk` events into one assistant message, noting when the first token came. */
export function createStreamAccumulator(now: () => number, redact: (text: string) => string) {
  let content = ''
  let firstTokenAt: number | undefined
  let done = false
  const calls: { id: string; name: string; arguments: string }[] = []
  const parser = createSseParser((data, event) => {
    if (data === '[DONE]') {
      done = true
      return
    }
    let chunk: unknown
    try {
      chunk = parseJsonText(data, 'stream event')
    } catch (err) {
      if (err instanceof EndpointError) throw err
      if (event === 'error') streamError(undefined, data)
      badResponse(`stream event is not valid JSON: ${clip(data, 100, redact)}`)
    }
    if (event === 'error' || (isRecord(chunk) && chunk.error !== undefined && chunk.error !== null)) streamError(chunk, data)
    const choice = isRecord(chunk) && Array.isArray(chunk.choices) ? chunk.choices[0] : undefined
    const delta = isRecord(choice) && isRecord(choice.delta) ? choice.delta : undefined
    if (!delta) return
    if (typeof delta.content === 'string' && delta.content !== '') {
      firstTokenAt ??= now()
      content += delta.content
    }
    for (const tc of Array.isArray(delta.tool_calls) ? delta.tool_calls.filter(isRecord) : []) {
      firstTokenAt ??= now()
      const i = typeof tc.index === 'number' ? tc.index : 0
      const fn = isRecord(tc.function) ? tc.function : {}
      calls[i] ??= { id: '', name: '', arguments: '' }
      if (typeof tc.id === 'string') calls[i].id = tc.id
      if (typeof fn.name === 'string') calls[i].name += fn.name
      if (typeof fn.arguments === 'string') calls[i].arguments += fn.arguments
    }
  })
  return {
    push: (chunk: string) => parser.push(chunk),
    /** The accumulated message; BAD_RESPONSE when the stream held no [DONE] and no delta. */
    finish(): { message: ChatMessage; firstTokenAt?: number } {
      parser.end()
      if (!done && firstTokenAt === undefined) badResponse('stream ended without any chat.completion.chunk or [DONE]')
      const toolCalls = calls
        .filter(Boolean)
        .map((c) => ({ id: c.id, type: 'function' as const, function: { name: c.name, arguments: c.arguments } }))
      // As OpenAI's own message: null content beside tool calls when no text came (some servers
      // refuse an empty text in the history the next request sends back).
      const text = content === '' && toolCalls.length > 0 ? null : content
      return { message: { role: 'assistant', content: text, ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}) }, firstTokenAt }
    },
  }
}
