import type { OpenAiOptions } from '../core/config.types.generated.js'
import type { AssistantReply, ReplyEntity, ToolCall } from '../report/model.js'
import { compilePath, select } from '../template/path.js'
import { parsedCall } from './tool-call.js'
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
  return {
    role: 'assistant',
    content: typeof message.content === 'string' ? message.content : null,
    ...(Array.isArray(message.tool_calls) ? { tool_calls: message.tool_calls as ChatMessage['tool_calls'] } : {}),
  }
}

/**
 * Maps the assistant's final message to banter's reply. `texts` are the contents of the turn's
 * assistant messages over all tool rounds (text sent beside tool calls included), in order: each
 * is one bot message and the reply text is them joined with newlines, as a chat window would show
 * them one after another. `calls` are the turn's tool calls over all rounds (see toolCallsOf):
 * their names are the turn's actions, the first call's name is `action` and its arguments the
 * entities (key → type, value → value); the intent comes from `intent: tool` (the first tool's
 * name) or a path into the final message's content parsed as JSON.
 */
export function toReply(
  message: ChatMessage,
  opts: OpenAiOptions,
  body: unknown,
  calls: ToolCall[] = toolCallsOf(message, 1),
  texts: string[] = message.content ? [message.content] : [],
): AssistantReply {
  const first = calls[0]
  const kept = texts.filter((t) => t !== '')
  // Written out rather than spread: this runs once per turn (see execute/conversation.ts).
  const reply: AssistantReply = {
    text: kept.join('\n'),
    intent: intentOf(opts.intent, first?.name, message.content ?? ''),
    entities: first ? argumentsAsEntities(first) : [],
    action: first?.name,
    actions: calls.map((c) => c.name),
    body,
  }
  if (kept.length > 1) reply.botMessages = kept
  if (calls.length > 0) reply.toolCalls = calls
  return reply
}

/**
 * The tool calls of one assistant message, their arguments parsed from JSON text (OpenAI sends
 * them as a string). Arguments that are not valid JSON are kept as text with the parser's
 * message: a failed verdict (TOOL_CALL_ARGUMENTS_INVALID), not an error, since the model wrote them.
 */
export function toolCallsOf(message: ChatMessage, round: number): ToolCall[] {
  return (message.tool_calls ?? []).flatMap((c) => {
    const fn = isRecord(c) && isRecord(c.function) ? c.function : undefined
    if (!fn || typeof fn.name !== 'string') return []
    return [parsedCall(fn.name, fn.arguments, round)]
  })
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

function argumentsAsEntities(call: ToolCall): ReplyEntity[] {
  if (!isRecord(call.arguments)) return []
  return Object.entries(call.arguments).map(([type, v]) => ({ type, value: typeof v === 'string' ? v : JSON.stringify(v) }))
}
