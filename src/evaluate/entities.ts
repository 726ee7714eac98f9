import type { Check } from '../scenario/compiled-conversation.js'
import { sameEntityValue } from './entity-value.js'
import { renderTemplate, type Scope } from '../template/template.js'
import type { AssistantReply, ReplyEntity } from '../report/model.js'
import type { ExpectedEntity, Verdict } from '../report/verdict.js'

type EntitiesCheck = Extract<Check, { kind: 'entities' }>

/**
 * Each expected entity must be matched by a distinct actual entity of the same type (and value,
 * when one is given). In strict mode, an actual entity that no expectation matched fails too.
 */
export function checkEntities(check: EntitiesCheck, reply: AssistantReply, scope: Scope): Verdict {
  const expected = check.items.map(
    (i): ExpectedEntity => (i.value === undefined ? { type: i.type } : { type: i.type, value: renderTemplate(i.value, scope) }),
  )
  const unmatched = [...reply.entities]
  const missing: ExpectedEntity[] = []
  for (const want of expected) {
    const at = unmatched.findIndex((e) => e.type === want.type && (want.value === undefined || sameEntityValue(e.value, want.value)))
    if (at === -1) missing.push(want)
    else unmatched.splice(at, 1)
  }
  const actual: ReplyEntity[] = reply.entities
  const shown = check.strict ? { strict: true as const, items: expected } : expected
  // Written out, not spread from a shared base (see intent.ts).
  const code = missing.length > 0 ? 'ENTITY_MISSING' : check.strict && unmatched.length > 0 ? 'ENTITY_UNEXPECTED' : 'ENTITIES_OK'
  return { check: 'entities', loc: check.loc, expected: shown, actual, pass: code === 'ENTITIES_OK', code }
}
