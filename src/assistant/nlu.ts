/**
 * Rule-based natural-language understanding for the reference assistant: keyword/regex intent
 * rules with fixed confidences, and regex entity extraction. Fully deterministic (no clock, no
 * randomness), so scenarios can assert on exact results.
 */

/** Every intent the reference assistant can recognise. */
export type IntentName =
  | 'greeting'
  | 'order_help'
  | 'order_status'
  | 'cancel_order'
  | 'refund_request'
  | 'talk_to_human'
  | 'goodbye'
  | 'fallback'

/** A classified intent with a confidence in (0, 1]. */
export interface Intent {
  name: IntentName
  confidence: number
}

/** An entity found in a message. `start`/`end` are character offsets into the message (end exclusive). */
export interface Entity {
  type: 'order_id' | 'email' | 'date'
  value: string
  start: number
  end: number
}

/** Confidence reported when no rule matches. */
export const FALLBACK_CONFIDENCE = 0.3

interface Rule {
  intent: Exclude<IntentName, 'fallback'>
  pattern: RegExp
  confidence: number
}

/** Patterns run against `normalize(message)`: lower case, apostrophes dropped, punctuation → space. */
const RULES: readonly Rule[] = [
  { intent: 'greeting', pattern: /^(hi|hello|hey|hiya|howdy|greetings|yo|good (morning|afternoon|evening|day))\b/, confidence: 0.95 },
  { intent: 'greeting', pattern: /\b(hi|hello|hey|hiya|howdy|good (morning|afternoon|evening))\b/, confidence: 0.85 },

  {
    intent: 'order_help',
    pattern: /\b(help|assist|assistance|question|questions|problem|issue|trouble)\b.*(?<!in )\border\b/,
    confidence: 0.95,
  },
  { intent: 'order_help', pattern: /\border (number|no|id|ref|reference)\b/, confidence: 0.85 },
  { intent: 'order_help', pattern: /(?<!in )\b(order|orders|purchase|purchases)\b/, confidence: 0.75 },
  { intent: 'order_help', pattern: /^(?!.*\b(thanks|thank you)\b).*\b(help|assist|assistance|support)\b/, confidence: 0.7 },

  { intent: 'order_status', pattern: /\bwheres?\b.*\b(order|package|parcel|delivery|shipment|stuff|item|items)\b/, confidence: 0.95 },
  { intent: 'order_status', pattern: /\btrack(ing)?\b.*\b(order|package|parcel|shipment|delivery)\b/, confidence: 0.95 },
  {
    intent: 'order_status',
    pattern: /\b(order|delivery|shipping|shipment) status\b|\bstatus of (my|the|an|this|that) (order|package|parcel|delivery|shipment)\b/,
    confidence: 0.95,
  },
  {
    intent: 'order_status',
    pattern: /\b(has|have|did|is|was)\b.*\b(order|package|parcel|it)\b.*\b(ship|shipped|arrive|arrived|dispatched|delivered|sent)\b/,
    confidence: 0.9,
  },
  { intent: 'order_status', pattern: /\bwhen\b.*\b(arrive|ship|come|get here|be delivered|deliver)\b/, confidence: 0.9 },
  { intent: 'order_status', pattern: /\b(track|tracking|status|shipped|delivered|delivery|shipping|arrive|arrived)\b/, confidence: 0.8 },

  { intent: 'cancel_order', pattern: /\bcancel(l?ed|l?ing|l?ation|s)?\b/, confidence: 0.95 },
  {
    intent: 'cancel_order',
    pattern: /\b(dont|do not|no longer) (want|need) (my|the|this|that|it)\b|\bstop (my|the|this) (order|shipment)\b/,
    confidence: 0.85,
  },

  { intent: 'refund_request', pattern: /\brefund(s|ed|ing)?\b|\bmoney back\b|\breimburse(ment|d)?\b/, confidence: 0.95 },
  { intent: 'refund_request', pattern: /\breturn(s|ed|ing)?\b|\bsend (it|this|them|these) back\b/, confidence: 0.9 },
  {
    intent: 'refund_request',
    pattern: /\b(charged twice|double charged|overcharged|wrong item|damaged|broken|defective)\b/,
    confidence: 0.8,
  },

  {
    intent: 'talk_to_human',
    pattern:
      /\b(talk|speak|chat|connect|transfer)\b.*\b(human|agent|person|representative|rep|someone|somebody|operator|manager|supervisor|staff|customer (service|support))\b/,
    confidence: 0.95,
  },
  {
    intent: 'talk_to_human',
    pattern: /\b(human|agent|representative|operator|real person|live person|customer (service|support|care))\b/,
    confidence: 0.85,
  },

  { intent: 'goodbye', pattern: /^(bye|goodbye|good bye|bye bye|see you|see ya|cya|farewell|later)\b/, confidence: 0.95 },
  {
    intent: 'goodbye',
    pattern: /\b(bye|goodbye|thats all|that is all|thats it|nothing else|have a (nice|good|great) (day|one|evening))\b/,
    confidence: 0.9,
  },
  { intent: 'goodbye', pattern: /\b(thanks|thank you|thx|cheers)\b/, confidence: 0.75 },
]

/**
 * Task intents beat social ones (greeting, goodbye) whenever any task rule matched, so
 * "Hello, I need help with my order" is order_help. Within a group the highest confidence wins;
 * ties go to the earlier intent in this list.
 */
const TASK_PRIORITY: readonly IntentName[] = ['talk_to_human', 'cancel_order', 'refund_request', 'order_status', 'order_help']
const SOCIAL_PRIORITY: readonly IntentName[] = ['goodbye', 'greeting']

/** Lower-cases, drops apostrophes ("that's" → "thats") and turns other punctuation into spaces. */
export function normalize(message: string): string {
  return message
    .toLowerCase()
    .replace(/['’`]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
}

/** Classifies a message into one intent; `fallback` (confidence 0.3) when no rule matches. */
export function classify(message: string): Intent {
  const text = normalize(message)
  const scores = new Map<IntentName, number>()
  for (const rule of RULES) {
    if (rule.pattern.test(text)) scores.set(rule.intent, Math.max(scores.get(rule.intent) ?? 0, rule.confidence))
  }
  return best(scores, TASK_PRIORITY) ?? best(scores, SOCIAL_PRIORITY) ?? { name: 'fallback', confidence: FALLBACK_CONFIDENCE }
}

function best(scores: Map<IntentName, number>, priority: readonly IntentName[]): Intent | undefined {
  let winner: Intent | undefined
  for (const name of priority) {
    const confidence = scores.get(name)
    if (confidence !== undefined && (winner === undefined || confidence > winner.confidence)) winner = { name, confidence }
  }
  return winner
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g
/** 5-10 digits, optionally after '#', not part of a longer number, word, email or decimal. */
const ORDER_ID = /(?<![\w.@#-])#?(\d{5,10})(?![\w@]|[.,-]\d)/g
const ISO_DATE = /(?<![\w-])(\d{4})-(\d{2})-(\d{2})(?![\w-])/g
const DATE_WORD = /\b(today|tomorrow|yesterday)\b/gi

/**
 * Extracts `order_id`, `email` and `date` entities, ordered by start offset.
 * - order_id: a 5-10 digit number; "#12345" has value "12345" and its span includes the '#'.
 *   Digits inside an email address or a date are not order ids.
 * - email: value as written.
 * - date: ISO `YYYY-MM-DD` (month 01-12, day 01-31) as written, or today/tomorrow/yesterday
 *   with the value lower-cased.
 */
export function extractEntities(message: string): Entity[] {
  const entities: Entity[] = []
  for (const m of message.matchAll(EMAIL)) entities.push(span('email', m[0], m))
  for (const m of message.matchAll(ISO_DATE)) {
    const month = Number(m[2])
    const day = Number(m[3])
    if (month >= 1 && month <= 12 && day >= 1 && day <= 31) entities.push(span('date', m[0], m))
  }
  for (const m of message.matchAll(DATE_WORD)) entities.push(span('date', m[0].toLowerCase(), m))
  const taken = [...entities]
  for (const m of message.matchAll(ORDER_ID)) {
    const candidate = span('order_id', m[1] ?? '', m)
    if (!taken.some((e) => candidate.start < e.end && e.start < candidate.end)) entities.push(candidate)
  }
  return entities.sort((a, b) => a.start - b.start || a.end - b.end)
}

function span(type: Entity['type'], value: string, m: RegExpMatchArray): Entity {
  const start = m.index ?? 0
  return { type, value, start, end: start + m[0].length }
}
