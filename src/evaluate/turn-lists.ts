import type { AssistantReply } from '../report/model.js'
import type { ListExpectation } from '../report/verdict.js'
import type { SequenceMode } from '../scenario/compiled-conversation.js'

/** The turn's actions: the adapter's list, else its one action. */
export function actionsOf(reply: Pick<AssistantReply, 'action' | 'actions'>): string[] {
  return reply.actions ?? (reply.action === undefined ? [] : [reply.action])
}

/** The turn's bot messages: the adapter's list (set when there were several), else the reply_mode texts, else the one text (none when empty). */
export function messagesOf(reply: Pick<AssistantReply, 'text' | 'botMessages' | 'messages'>): string[] {
  return reply.botMessages ?? reply.messages?.texts ?? (reply.text === '' ? [] : [reply.text])
}

/**
 * The text structured-reply checks (json_schema, json_path) parse: the turn's last bot message when
 * it has several (the assistant's final answer, after any text it sent beside tool calls), else
 * the reply text. Several messages joined with newlines are never one JSON document.
 */
export function structuredText(reply: Pick<AssistantReply, 'text' | 'botMessages'>): string {
  return reply.botMessages?.at(-1) ?? reply.text
}

/**
 * Compares a turn's list with an expected one. `exact`: same length, item i matches item i.
 * `in_order`: the expected items match a subsequence, found greedily left to right.
 * `contains`: each expected item matches some item (items may be shared, as Rasa's e2e test runner
 * checks each `utter:` step against all of the turn's bot messages).
 * Returns the index of the first expected item that could not be placed, or -1 when all were.
 */
export function firstUnmatched<E, A>(mode: SequenceMode, expected: E[], actual: A[], match: (e: E, a: A) => boolean): number {
  if (mode === 'contains') return expected.findIndex((e) => !actual.some((a) => match(e, a)))
  if (mode === 'exact') {
    const bad = expected.findIndex((e, i) => i >= actual.length || !match(e, actual[i]!))
    return bad !== -1 ? bad : actual.length > expected.length ? expected.length : -1
  }
  let from = 0
  for (let i = 0; i < expected.length; i++) {
    const at = actual.findIndex((a, j) => j >= from && match(expected[i]!, a))
    if (at === -1) return i
    from = at + 1
  }
  return -1
}

/** A list expectation as a verdict shows it: the list itself (exact), or the list under `contains_in_order` / `contains`. */
export function listExpectation<T>(mode: SequenceMode, items: T[]): ListExpectation<T> {
  return mode === 'exact' ? items : mode === 'in_order' ? { contains_in_order: items } : { contains: items }
}
