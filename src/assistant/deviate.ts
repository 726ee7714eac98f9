/**
 * What a "temperature" deviation (sampling.ts) does to one dialogue turn: `rephrase` keeps the
 * intent, action and facts but words the reply otherwise; `misroute` answers as if the message
 * was not understood (fallback), leaving the conversation's state as it was.
 */
import { FALLBACK_CONFIDENCE } from './nlu.js'
import { REPLIES, type DialogueTurn, type SessionContext } from './dialogue.js'
import type { Deviation } from './sampling.js'

const REPHRASED: Partial<Record<DialogueTurn['action'], string>> = {
  greet: 'Hi there! What can I do for you today?',
  fallback: "I'm not sure what you mean. I can look up, cancel or refund an order, or get you a person.",
  say_goodbye: 'Bye, and thanks for getting in touch!',
}

/** The reply in other words: a fixed variant for social turns, else the same facts after "Sure." */
export function rephrase(turn: Pick<DialogueTurn, 'action' | 'reply'>): string {
  return REPHRASED[turn.action] ?? `Sure. ${turn.reply}`
}

export function deviateTurn(turn: DialogueTurn, before: SessionContext, deviation: Deviation): DialogueTurn {
  if (deviation === 'rephrase') return { ...turn, reply: rephrase(turn) }
  if (deviation === 'misroute')
    return {
      ...turn,
      intent: { name: 'fallback', confidence: FALLBACK_CONFIDENCE },
      action: 'fallback',
      reply: REPLIES.fallback,
      context: before,
    }
  return turn
}
