import { clip } from '../config/redact.js'
import { isRecord } from './messages.js'
import type { ChatMessage } from './openai-reply.js'
import { badResponse } from './read-body.js'
import { createSseParser } from './sse.js'

/** Accumulates `chat.completion.chunk` events into one assistant message, noting when the first token came. */
export function createStreamAccumulator(now: () => number, redact: (text: string) => string) {
  let content = ''
  let firstTokenAt: number | undefined
  let done = false
  const calls: { id: string; name: string; arguments: string }[] = []
  const parser = createSseParser((data) => {
    if (data === '[DONE]') {
      done = true
      return
    }
    let chunk: unknown
    try {
      chunk = JSON.parse(data)
    } catch {
      badResponse(`stream event is not valid JSON: ${clip(data, 100, redact)}`)
    }
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
      const toolCalls = calls.filter(Boolean).map((c) => ({ id: c.id, type: 'function' as const, function: { name: c.name, arguments: c.arguments } }))
      return { message: { role: 'assistant', content: content, ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}) }, firstTokenAt }
    },
  }
}
