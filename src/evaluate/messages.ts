import type { Check, MessageCheck } from '../scenario/compiled-conversation.js'
import type { Scope } from '../template/template.js'
import type { AssistantReply } from '../report/model.js'
import type { TextExpectation, Verdict } from '../report/verdict.js'
import { checkText, textExpectation } from './reply.js'
import { firstUnmatched, listExpectation, messagesOf } from './turn-lists.js'

type MessagesCheck = Extract<Check, { kind: 'messages' }>

/**
 * `messages:` compares the turn's bot messages with per-message checks: a plain list needs exactly
 * that many messages, the n-th satisfying the n-th checks; `contains_in_order` / `contains` look
 * for messages satisfying them in order / anywhere. `expected` lists each item's checks.
 */
export function checkMessages(check: MessagesCheck, reply: AssistantReply, scope: Scope): Verdict {
  const texts = messagesOf(reply)
  const satisfies = (item: MessageCheck, text: string) => item.every((c) => checkText(c, text, scope).pass)
  const bad = firstUnmatched(check.mode, check.items, texts, satisfies)
  const items = check.items.map((item) => item.reduce<TextExpectation>((all, c) => Object.assign(all, textExpectation(c, scope)), {}))
  const expected = listExpectation(check.mode, items)
  // Written out, not spread from a shared base (see intent.ts).
  const code =
    bad === -1
      ? 'MESSAGES_OK'
      : check.mode !== 'exact'
        ? 'MESSAGES_MISMATCH'
        : bad >= check.items.length
          ? 'MESSAGES_UNEXPECTED'
          : bad >= texts.length
            ? 'MESSAGES_MISSING'
            : 'MESSAGES_MISMATCH'
  return { check: 'messages', expected, actual: texts, loc: check.loc, pass: bad === -1, code }
}
