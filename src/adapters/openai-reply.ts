import { clip } from '../secrets/redact.js'
import type { OpenAiOptions } from '../core/config.types.generated.js'
import type { AssistantReply, ReplyEntity } from '../report/model.js'
import { compilePath, select } from '../template/path.js'
import { EndpointError } from '../network/endpoint-error.js'
import { badResponse, parseJsonText } from '../network/read-body.js'
import { isRecord } from '../util/is-record.js'

/** The assistant's message as it goes back into the history. */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant' | 'tool'
  content: string | null
  tool_calls?: { id: string; type: 'function'; function: { name: string; arguments: string } }[]
  tool_call_id?: string
}

/** `choices[0].message` of a (non-streamed) chat completion; BAD_RESPONSE when absent. */
export function messageOf(body: unknown): ChatMessage {
  const choice = isRecord(body) && Array.isArray(body.choices) ? body.choices[0] : undefined
  const message = isRecord(choice) ? choice.message : undefined
  if (!isRecord(message)) badResponse('chat completion without choices[0].message')
  return { role: 'assistant', content: typeof message.content === 'string' ? message.content : null, ...(Array.isArray(message.tool_calls) ? { tool_calls: message.tool_calls as ChatMessage['tool_calls'] } : {}) }
}

/**
 * Maps the assistant message to banter's reply: the content is the text (one bot message); the
 * tool calls' names are the turn's actions; the first call's name is `action` and its JSON
 * arguments the entities (key → type, value → value); the intent comes from `intent: tool` (the tool name) or a path into the content parsed as JSON.
 */
export function toReply(message: ChatMessage, opts: OpenAiOptions, body: unknown, redact: (text: string) => string): AssistantReply {
  const call = message.tool_calls?.[0]?.function
  const text = message.content ?? ''
  return {
    text,
    intent: intentOf(opts.intent, call?.name, text),
    entities: call ? argumentsAsEntities(call.arguments, redact) : [],
    action: call?.name,
    actions: (message.tool_calls ?? []).map((c) => (isRecord(c) && isRecord(c.function) ? c.function.name : undefined)).filter((n): n is string => typeof n === 'string'),
    body,
  }
}

function intentOf(source: string | undefined, tool: string | undefined, content: string): string | undefined {
  if (!source) return undefined
  if (source === 'tool') return tool
  try {
    const value = select(compilePath(source), parseJsonText(content, 'content'))
    return typeof value === 'string' ? value : undefined
  } catch {
    return undefined
  }
}

function argumentsAsEntities(args: string, redact: (text: string) => string): ReplyEntity[] {
  let parsed: unknown
  try {
    parsed = parseJsonText(args || '{}', 'tool call arguments')
  } catch (err) {
    if (err instanceof EndpointError) throw err
    badResponse(`tool call arguments are not valid JSON: ${clip(args, 100, redact)}`)
  }
  if (!isRecord(parsed)) return []
  return Object.entries(parsed).map(([type, v]) => ({ type, value: typeof v === 'string' ? v : JSON.stringify(v) }))
}
