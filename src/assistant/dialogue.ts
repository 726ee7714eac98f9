/**
 * The reference assistant's dialogue policy: a pure function from (session context, message) to
 * a reply, an action and the next context. Deterministic — the same inputs always give the same
 * output — so scenarios can assert on exact replies.
 */
import { classify, extractEntities, type Entity, type Intent, type IntentName } from './nlu.js'

/** Intents that need an order number before they can be acted on. */
type OrderIntent = 'order_help' | 'order_status' | 'cancel_order' | 'refund_request'

/** What the assistant remembers about one conversation. */
export interface SessionContext {
  /** Last valid (found) order id the user gave. */
  orderId?: string
  /** Last email address the user gave. */
  email?: string
  /** An order intent waiting for the user to supply an order id. */
  pendingIntent?: OrderIntent
}

/** The assistant's next step, reported with every reply. */
type Action =
  | 'greet'
  | 'ask_order_details'
  | 'retrieve_order'
  | 'order_not_found'
  | 'cancel_order'
  | 'start_refund'
  | 'escalate_to_human'
  | 'say_goodbye'
  | 'fallback'

/** Options for `respond`. */
export interface DialogueOptions {
  /** The NLU to use instead of the rule-based `classify` (a test injects a misclassification this way). */
  classify?: (message: string) => Intent
}

/** The result of one turn. */
export interface DialogueTurn {
  reply: string
  intent: Intent
  entities: Entity[]
  action: Action
  /** The context to pass to the next turn of the same session. */
  context: SessionContext
}

/** Order fulfilment state, derived from the order id (see `orderStatus`). */
export type OrderStatus = 'processing' | 'shipped' | 'delivered' | 'not_found'

/** Confidence reported when a bare order id continues a pending intent. */
const CONTINUATION_CONFIDENCE = 0.8
/** Confidence reported when a bare order id with nothing pending is read as a status request. */
const IMPLIED_STATUS_CONFIDENCE = 0.6

const ORDER_INTENTS: ReadonlySet<IntentName> = new Set<IntentName>(['order_help', 'order_status', 'cancel_order', 'refund_request'])

/**
 * Deterministic order state:
 * - ids starting with "0" (e.g. "00000", "01234") do not exist → `not_found`;
 * - otherwise by last digit: 0-3 → `processing`, 4-6 → `shipped`, 7-9 → `delivered`.
 * So 12345 is shipped, 12340 processing, 12347 delivered.
 */
export function orderStatus(orderId: string): OrderStatus {
  if (orderId.startsWith('0')) return 'not_found'
  const last = Number(orderId.at(-1))
  if (last <= 3) return 'processing'
  if (last <= 6) return 'shipped'
  return 'delivered'
}

const STATUS_DETAIL: Record<Exclude<OrderStatus, 'not_found'>, string> = {
  processing: 'it is being prepared and has not shipped yet',
  shipped: 'it is on its way',
  delivered: 'it has been delivered',
}

const ASK_LEAD: Record<OrderIntent, string> = {
  order_help: 'I can help with your order.',
  order_status: 'I can check on your order.',
  cancel_order: 'I can cancel your order.',
  refund_request: 'I can help you with a refund.',
}

export const REPLIES = {
  greet: "Hello! I'm the order support assistant. How can I help you today?",
  escalate: 'Let me connect you with a human agent. Please hold on.',
  goodbye: 'Thank you for contacting us. Goodbye!',
  fallback: "Sorry, I didn't understand that. I can check an order's status, cancel an order, start a refund, or connect you with a human.",
  ask: (intent: OrderIntent) => `${ASK_LEAD[intent]} What is your order number?`,
  found: (id: string, status: Exclude<OrderStatus, 'not_found'>) =>
    `I found order ${id}. Its status is ${status}: ${STATUS_DETAIL[status]}.`,
  notFound: (id: string) => `I couldn't find an order with number ${id}. Please check the number and try again.`,
  cancelled: (id: string, email?: string) => `I've cancelled order ${id}.${confirmation(email)}`,
  refund: (id: string, email?: string) => `I've started a refund for order ${id}.${confirmation(email)}`,
} as const

function confirmation(email: string | undefined): string {
  return email === undefined ? ' You will receive a confirmation shortly.' : ` A confirmation has been sent to ${email}.`
}

/**
 * One turn of the policy. Context rules:
 * - An order id or email in the message is remembered (order ids only if they exist).
 * - Order intents without a known order id ask for one and remember the intent as pending.
 * - When NLU says `fallback` but the message carries an order id (e.g. a bare "12345"):
 *   with a pending intent, that intent continues (reported with confidence 0.8); with nothing
 *   pending, it is read as an order-status request (order_status, confidence 0.6).
 * - An unknown order id (see `orderStatus`) gives `order_not_found` and keeps the intent pending.
 * - greeting, goodbye and talk_to_human clear the pending intent; plain fallback keeps it.
 */
export function respond(context: SessionContext, message: string, options: DialogueOptions = {}): DialogueTurn {
  const entities = extractEntities(message)
  const nlu = (options.classify ?? classify)(message)
  const messageOrderId = entities.find((e) => e.type === 'order_id')?.value
  const email = entities.find((e) => e.type === 'email')?.value ?? context.email
  const next: SessionContext = { ...context, email }
  if (email === undefined) delete next.email
  if (messageOrderId !== undefined && orderStatus(messageOrderId) !== 'not_found') next.orderId = messageOrderId

  let intent: Intent = nlu
  if (nlu.name === 'fallback' && messageOrderId !== undefined) {
    intent = context.pendingIntent
      ? { name: context.pendingIntent, confidence: CONTINUATION_CONFIDENCE }
      : { name: 'order_status', confidence: IMPLIED_STATUS_CONFIDENCE }
  }

  const done = (action: Action, reply: string, ctx: SessionContext): DialogueTurn => ({ reply, intent, entities, action, context: ctx })
  const settled = (ctx: SessionContext): SessionContext => {
    const copy = { ...ctx }
    delete copy.pendingIntent
    return copy
  }

  if (ORDER_INTENTS.has(intent.name)) {
    const orderIntent = intent.name as OrderIntent
    const orderId = messageOrderId ?? context.orderId
    if (orderId === undefined) return done('ask_order_details', REPLIES.ask(orderIntent), { ...next, pendingIntent: orderIntent })
    const status = orderStatus(orderId)
    if (status === 'not_found') return done('order_not_found', REPLIES.notFound(orderId), { ...next, pendingIntent: orderIntent })
    const ctx = settled(next)
    if (orderIntent === 'cancel_order') return done('cancel_order', REPLIES.cancelled(orderId, email), ctx)
    if (orderIntent === 'refund_request') return done('start_refund', REPLIES.refund(orderId, email), ctx)
    return done('retrieve_order', REPLIES.found(orderId, status), ctx)
  }
  switch (intent.name) {
    case 'greeting':
      return done('greet', REPLIES.greet, settled(next))
    case 'talk_to_human':
      return done('escalate_to_human', REPLIES.escalate, settled(next))
    case 'goodbye':
      return done('say_goodbye', REPLIES.goodbye, settled(next))
    default:
      return done('fallback', REPLIES.fallback, next)
  }
}
