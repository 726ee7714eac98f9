/**
 * The reference assistant as a chat model: a pure function from an OpenAI-style message list to
 * the assistant's next message, built on the rule-based dialogue (dialogue.ts). Like the real
 * API it is stateless: the conversation's state is rebuilt by replaying the user messages.
 *
 * Tools (only those the request offers in `tools`):
 *   lookup_order(order_id)  called when the user asks about an order and an order number is known;
 *   cancel_order(order_id)  called when the user asks to cancel and an order number is known.
 * After the tool messages come back, the answer is made from their content (JSON such as
 * {"status": "shipped"} or {"found": false}; anything else is reported as unreadable).
 */
import { REPLIES, respond, type DialogueTurn, type OrderStatus, type SessionContext } from './dialogue.js'
import { rephrase } from './deviate.js'
import type { Deviation } from './sampling.js'

export interface ToolCallOut {
  id: string
  type: 'function'
  function: { name: string; arguments: string }
}

/** A request message, validated (see openai-request.ts). */
export interface InMessage {
  role: 'system' | 'developer' | 'user' | 'assistant' | 'tool'
  content: string
  tool_calls?: ToolCallOut[]
  tool_call_id?: string
}

export interface OutMessage {
  content: string | null
  tool_calls?: ToolCallOut[]
}

/** The assistant's next message for `messages`, offering only `tools`. */
export function completeChat(messages: InMessage[], tools: ReadonlySet<string>, deviation: Deviation = 'none'): OutMessage {
  const last = messages.at(-1)
  if (last?.role === 'tool') return { content: answerFromTools(messages, deviation) }
  let context: SessionContext = {}
  let turn: DialogueTurn | undefined
  let before: SessionContext = {}
  for (const m of messages) {
    if (m.role !== 'user') continue
    before = context
    turn = respond(context, m.content)
    context = turn.context
  }
  if (!turn) return { content: REPLIES.greet }
  if (deviation === 'misroute') return { content: REPLIES.fallback }
  const orderId = turn.entities.find((e) => e.type === 'order_id')?.value ?? before.orderId
  const tool = toolFor(turn, tools)
  if (tool && orderId !== undefined) {
    const index = messages.filter((m) => m.role === 'assistant').length + 1
    return {
      content: null,
      tool_calls: [{ id: `call_${index}_1`, type: 'function', function: { name: tool, arguments: JSON.stringify({ order_id: orderId }) } }],
    }
  }
  return { content: deviation === 'rephrase' ? rephrase(turn) : turn.reply }
}

function toolFor(turn: DialogueTurn, tools: ReadonlySet<string>): string | undefined {
  if ((turn.action === 'retrieve_order' || turn.action === 'order_not_found') && tools.has('lookup_order')) return 'lookup_order'
  if (turn.action === 'cancel_order' && tools.has('cancel_order')) return 'cancel_order'
  return undefined
}

/** The answer to the last tool messages, from the assistant message whose calls they answer. */
function answerFromTools(messages: InMessage[], deviation: Deviation): string {
  const asked = messages.findLast((m) => m.role === 'assistant' && m.tool_calls?.length)
  const answers = (asked?.tool_calls ?? []).map((call) => {
    const result = messages.find((m) => m.role === 'tool' && m.tool_call_id === call.id)?.content ?? ''
    const orderId = String((parseObject(call.function.arguments) ?? {}).order_id ?? '')
    return call.function.name === 'cancel_order' ? cancelAnswer(orderId, result) : lookupAnswer(orderId, result)
  })
  const text = answers.join(' ')
  return deviation === 'rephrase' ? `Sure. ${text}` : deviation === 'misroute' ? REPLIES.fallback : text
}

const KNOWN_STATUS = new Set<string>(['processing', 'shipped', 'delivered'])

function lookupAnswer(orderId: string, result: string): string {
  const data = parseObject(result)
  if (!data) return `Sorry, I could not read the order system's answer for order ${orderId}.`
  const id = typeof data.order_id === 'string' || typeof data.order_id === 'number' ? String(data.order_id) : orderId
  if (data.found === false || data.status === 'not_found' || data.error !== undefined) return REPLIES.notFound(id)
  const status = typeof data.status === 'string' ? data.status : 'unknown'
  const eta = typeof data.eta === 'string' ? ` Expected delivery: ${data.eta}.` : ''
  return KNOWN_STATUS.has(status)
    ? `${REPLIES.found(id, status as Exclude<OrderStatus, 'not_found'>)}${eta}`
    : `I found order ${id}. Its status is ${status}.${eta}`
}

function cancelAnswer(orderId: string, result: string): string {
  const data = parseObject(result)
  if (!data) return `Sorry, I could not read the order system's answer for order ${orderId}.`
  if (data.cancelled === false || data.error !== undefined) {
    const reason = typeof data.reason === 'string' ? data.reason : typeof data.error === 'string' ? data.error : 'the order system refused'
    return `I couldn't cancel order ${orderId}: ${reason}.`
  }
  return REPLIES.cancelled(orderId)
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text)
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}
