/**
 * Validation of a chat completions request for the reference assistant, with OpenAI's rules for
 * the shape that matters to a tool loop: every tool message answers a call of the assistant
 * message before it, and every call is answered before the conversation goes on. So a client
 * that gets the loop wrong (banter included) is told so, as the real API would.
 */
import type { InMessage, ToolCallOut } from './chat-completion.js'
import { MAX_TEMPERATURE } from './sampling.js'

export interface CompletionRequest {
  model: string
  messages: InMessage[]
  stream: boolean
  includeUsage: boolean
  /** Names of the functions offered in `tools`. */
  tools: Set<string>
  temperature?: number
  seed?: number
}

/** What is wrong, and which parameter (OpenAI's `param`). */
export interface RequestProblem {
  message: string
  param: string | null
}

const ROLES = new Set(['system', 'developer', 'user', 'assistant', 'tool'])

export function validateCompletion(body: unknown): CompletionRequest | RequestProblem {
  if (!isRecord(body)) return { message: 'request body must be a JSON object', param: null }
  if (typeof body.model !== 'string' || body.model === '')
    return { message: 'you must provide a model parameter (a non-empty string)', param: 'model' }
  if (!Array.isArray(body.messages) || body.messages.length === 0)
    return { message: "'messages' must be a non-empty array", param: 'messages' }
  if (body.stream !== undefined && body.stream !== null && typeof body.stream !== 'boolean')
    return { message: "'stream' must be a boolean", param: 'stream' }
  const temperature = body.temperature ?? undefined
  if (temperature !== undefined && (typeof temperature !== 'number' || !(temperature >= 0 && temperature <= MAX_TEMPERATURE)))
    return { message: `'temperature' must be a number from 0 to ${MAX_TEMPERATURE}`, param: 'temperature' }
  const seed = body.seed ?? undefined
  if (seed !== undefined && !Number.isSafeInteger(seed)) return { message: "'seed' must be an integer", param: 'seed' }
  const tools = toolNames(body.tools)
  if (!(tools instanceof Set)) return tools
  const messages: InMessage[] = []
  for (const [i, raw] of (body.messages as unknown[]).entries()) {
    const m = message(raw, i)
    if ('param' in m) return m
    messages.push(m)
  }
  const order = toolOrder(messages)
  if (order) return order
  const options = isRecord(body.stream_options) ? body.stream_options : {}
  return {
    model: body.model,
    messages,
    stream: body.stream === true,
    includeUsage: options.include_usage === true,
    tools,
    ...(temperature !== undefined ? { temperature: temperature as number } : {}),
    ...(seed !== undefined ? { seed: seed as number } : {}),
  }
}

function message(raw: unknown, i: number): InMessage | RequestProblem {
  const param = `messages[${i}]`
  if (!isRecord(raw) || typeof raw.role !== 'string' || !ROLES.has(raw.role))
    return { message: `${param}.role must be one of system, developer, user, assistant, tool`, param: `${param}.role` }
  const content = contentText(raw.content)
  if (content === undefined)
    return { message: `${param}.content must be a string, a list of text parts, or null`, param: `${param}.content` }
  const role = raw.role as InMessage['role']
  if (role === 'tool') {
    if (typeof raw.tool_call_id !== 'string' || raw.tool_call_id === '')
      return { message: `${param}: a tool message needs tool_call_id`, param: `${param}.tool_call_id` }
    return { role, content, tool_call_id: raw.tool_call_id }
  }
  if (role === 'assistant' && raw.tool_calls !== undefined && raw.tool_calls !== null) {
    const calls = toolCalls(raw.tool_calls)
    if (!calls)
      return {
        message: `${param}.tool_calls must be a list of {id, type: "function", function: {name, arguments}}`,
        param: `${param}.tool_calls`,
      }
    return { role, content, tool_calls: calls }
  }
  return { role, content }
}

/** OpenAI's rule: tool messages follow an assistant message with tool_calls, answering each id. */
function toolOrder(messages: InMessage[]): RequestProblem | undefined {
  let pending: Set<string> | undefined
  for (const [i, m] of messages.entries()) {
    if (m.role === 'tool') {
      if (!pending?.has(m.tool_call_id!))
        return {
          message: `messages[${i}]: a message with role 'tool' must be a response to a preceding message with 'tool_calls' (no pending call ${JSON.stringify(m.tool_call_id)})`,
          param: `messages[${i}].tool_call_id`,
        }
      pending.delete(m.tool_call_id!)
      continue
    }
    if (pending && pending.size > 0)
      return {
        message: `messages[${i}]: an assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'; not answered: ${[...pending].join(', ')}`,
        param: `messages[${i}]`,
      }
    pending = m.tool_calls ? new Set(m.tool_calls.map((c) => c.id)) : undefined
  }
  if (pending && pending.size > 0)
    return { message: `messages: the last assistant message's tool calls are not answered: ${[...pending].join(', ')}`, param: 'messages' }
  return undefined
}

function contentText(content: unknown): string | undefined {
  if (content === undefined || content === null) return ''
  if (typeof content === 'string') return content
  if (!Array.isArray(content)) return undefined
  const texts = content.map((p) => (isRecord(p) && p.type === 'text' && typeof p.text === 'string' ? p.text : undefined))
  return texts.every((t) => t !== undefined) ? texts.join('\n') : undefined
}

function toolCalls(raw: unknown): ToolCallOut[] | undefined {
  if (!Array.isArray(raw)) return undefined
  const calls = raw.map((c) =>
    isRecord(c) &&
    typeof c.id === 'string' &&
    isRecord(c.function) &&
    typeof c.function.name === 'string' &&
    typeof (c.function.arguments ?? '') === 'string'
      ? { id: c.id, type: 'function' as const, function: { name: c.function.name, arguments: (c.function.arguments ?? '') as string } }
      : undefined,
  )
  return calls.every((c) => c !== undefined) ? (calls as ToolCallOut[]) : undefined
}

function toolNames(raw: unknown): Set<string> | RequestProblem {
  if (raw === undefined || raw === null) return new Set()
  if (!Array.isArray(raw)) return { message: "'tools' must be a list", param: 'tools' }
  const names = new Set<string>()
  for (const [i, t] of raw.entries()) {
    if (!isRecord(t) || !isRecord(t.function) || typeof t.function.name !== 'string')
      return { message: `tools[${i}] must be {type: "function", function: {name, ...}}`, param: `tools[${i}]` }
    names.add(t.function.name)
  }
  return names
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v)
}
