import type { EntityExpect, Expect, MessageExpect, Scenario, Turn } from '../core/scenario.types.generated.js'
import type { BotiumHook, BotiumStep } from './botium-step.js'
import { mergeExpect, textAsserterExpect, textExpect } from './botium-text.js'
import type { Counts, Unsupported } from './types.js'

/** Utterance lists by name (from `.utterances.txt` files and YAML `utterances:`). */
export type Utterances = ReadonlyMap<string, string[]>

export interface ConvoContext {
  file: string
  utterances: Utterances
  unsupported: Unsupported[]
  /** What was read, counted as the convo is converted. */
  read: Counts
}

/** A converted convo: the scenario, and per turn the utterance list its message came from. */
export interface ConvertedConvo {
  scenario: Scenario
  variants: (string[] | undefined)[]
}

interface PendingTurn {
  turn: Turn
  bots: BotiumStep[]
}

/**
 * Botium steps → turns. A `#me` step starts a turn (its message; an utterance list name → the
 * list's first utterance, the generator of the same convo uses all of them). The `#bot` steps up
 * to the next `#me` are the turn's bot messages, in order: one becomes `reply:`, several become
 * `messages:` (exactly that many, the n-th checked by the n-th step; with an optional `?` step
 * dropped, `contains_in_order`). INTENT, INTENT_CONFIDENCE, ENTITIES, ENTITY_VALUES and
 * ENTITY_CONTENT become the turn's intent and entities. Everything else is listed as not carried
 * over, never turned into required reply text.
 */
export function convoToScenario(
  name: string,
  description: string | undefined,
  steps: BotiumStep[],
  ctx: ConvoContext,
): ConvertedConvo | undefined {
  const turns: PendingTurn[] = []
  const variants: (string[] | undefined)[] = []
  ctx.read.conversations++
  for (const step of steps) {
    for (const h of step.logicHooks)
      drop(
        ctx,
        h.line,
        `${h.name}${h.args.length ? ` ${h.args.join('|')}` : ''} (${h.custom ? 'a custom asserter or logic hook' : 'logic hook'})`,
      )
    if (step.sender === 'me') {
      const message = userMessage(step, ctx)
      ctx.read.userTurns++
      if (message === undefined) continue
      turns.push({ turn: { user: message.text }, bots: [] })
      variants.push(message.variants)
    } else if (step.sender === 'bot') {
      countBot(step, ctx)
      if (!turns.length) drop(ctx, step.line, '#bot before the first #me (a greeting the assistant sends first)')
      else turns.at(-1)!.bots.push(step)
    } else {
      drop(
        ctx,
        step.line,
        step.sender === 'include'
          ? '#include (partial convos are not supported)'
          : `#${step.sender} section (begin/end hooks are not supported)`,
      )
      for (const a of step.asserters) drop(ctx, a.line, `${a.name} in #${step.sender}`)
    }
  }
  if (!turns.length) return undefined
  const note = variants.some(Boolean)
    ? 'Messages from utterance lists use their first utterance; the generator of the same name uses all.'
    : ''
  const about = [description, note].filter(Boolean).join('\n')
  const written = turns.map((t) => withExpect(t, ctx))
  ctx.unsupported.sort((a, b) => a.loc.line - b.loc.line)
  return { scenario: { name, ...(about ? { description: about } : {}), tags: ['imported', 'botium'], turns: written }, variants }
}

function countBot(step: BotiumStep, ctx: ConvoContext): void {
  if (step.text || step.sourceData !== undefined || step.asserters.some((a) => TEXT_ASSERTER.test(a.name))) ctx.read.botMessages++
  for (const a of step.asserters) {
    if (a.name === 'INTENT') ctx.read.intents++
    if (a.name === 'ENTITIES' || (a.name === 'ENTITY_VALUES' && !step.asserters.some((x) => x.name === 'ENTITIES')))
      ctx.read.entities += a.args.filter((x) => !MORE.has(x)).length
    if (a.name === 'ENTITY_CONTENT') ctx.read.entities += Math.max(0, a.args.length - 1)
  }
}

function userMessage(step: BotiumStep, ctx: ConvoContext): { text: string; variants?: string[] } | undefined {
  for (const h of step.asserters) drop(ctx, h.line, `${h.name} on a #me step`)
  const button = step.userInputs.find((u) => u.name === 'BUTTON' && u.args[0])
  for (const u of step.userInputs.filter((x) => x !== button))
    drop(ctx, u.line, `${u.name}${u.args.length ? ` ${u.args.join('|')}` : ''} (user input)`)
  if (step.sourceData !== undefined) {
    drop(ctx, step.textLine, 'a JSON structured #me message (banter sends text); the turn and its #bot steps are skipped')
    return undefined
  }
  if (step.text === null || step.text === '') {
    if (button) {
      drop(ctx, button.line, `BUTTON ${button.args.join('|')} (a button click; sent as the text "${button.args[0]}")`)
      return { text: button.args[0]! }
    }
    drop(ctx, step.line, '#me without a message text; the turn and its #bot steps are skipped')
    return undefined
  }
  const list = resolveUtterances(step.text, ctx.utterances)
  if (list?.length) return { text: list[0]!, variants: list }
  if (/^UTT_[A-Z0-9_]+$/.test(step.text))
    drop(ctx, step.textLine, `utterance list ${step.text} not found (pass its .utterances.txt file); sent as literal text`)
  const memory = step.text.match(/\$[A-Za-z_][A-Za-z0-9_]*/g)
  if (memory) drop(ctx, step.textLine, `scripting memory ${[...new Set(memory)].join(', ')} in a #me message; sent as written`)
  return { text: step.text }
}

/** An utterance list by name, or `NAME arg…` filling the list's `%s` placeholders (Botium's `_resolveUtterance`). */
function resolveUtterances(text: string, utterances: Utterances): string[] | undefined {
  const exact = utterances.get(text)
  if (exact) return exact
  const [head, ...args] = text.split(' ')
  const list = utterances.get(head!)
  if (!list || !args.length) return undefined
  return list.map((u) => {
    let i = 0
    return u.replace(/%[sdij]/g, (m) => (i < args.length ? args[i++]! : m))
  })
}

function withExpect(pending: PendingTurn, ctx: ConvoContext): Turn {
  const expect: Expect = {}
  const kept = pending.bots.filter((b) => {
    if (!b.optional) return true
    drop(ctx, b.line, `optional #bot message${b.text ? ` "${b.text}"` : ''} (Botium skips it when it does not match)`)
    return false
  })
  const messages = kept.map((b) => messageExpect(b, ctx))
  if (messages.length === 1 && Object.keys(messages[0]!).length && kept.length === pending.bots.length)
    expect.reply = messages[0] as Expect['reply']
  else if (messages.length > 1 || (messages.length === 1 && kept.length < pending.bots.length && Object.keys(messages[0]!).length)) {
    expect.messages = kept.length < pending.bots.length ? { contains_in_order: messages } : messages
  }
  const hooks = kept.flatMap((b) => b.asserters.filter((a) => !a.not && !a.optional))
  nluExpect(hooks, expect, ctx)
  return Object.keys(expect).length ? { ...pending.turn, expect } : pending.turn
}

const TEXT_ASSERTER = /^TEXT(_|$)/
const NLU = new Set(['INTENT', 'INTENT_CONFIDENCE', 'ENTITIES', 'ENTITY_VALUES', 'ENTITY_CONTENT'])

function messageExpect(step: BotiumStep, ctx: ConvoContext): MessageExpect {
  let out: MessageExpect = {}
  if (step.sourceData !== undefined)
    drop(ctx, step.textLine, "a JSON structured #bot message (Botium compares it with the bot message's source data)")
  if (step.text) {
    const list = resolveUtterances(step.text, ctx.utterances)
    out = textExpect(list?.length ? list : [step.text], step.not)
  }
  for (const a of step.asserters) {
    if (a.not || a.optional) {
      drop(
        ctx,
        a.line,
        `${a.optional ? '?' : ''}${a.not ? '!' : ''}${a.name} ${a.args.join('|')} (negated and optional asserters are not supported)`,
      )
      continue
    }
    if (NLU.has(a.name)) continue
    const text = TEXT_ASSERTER.test(a.name) ? textAsserterExpect(a) : undefined
    const merged = text && mergeExpect(out, text)
    if (merged) out = merged
    else drop(ctx, a.line, `${a.name}${a.args.length ? ` ${a.args.join('|')}` : ''} (no equivalent expectation)`)
  }
  return out
}

/** `..` (or `...`) as the last argument of ENTITIES / ENTITY_VALUES: more entities are allowed. */
const MORE = new Set(['..', '...'])

function nluExpect(hooks: BotiumHook[], expect: Expect, ctx: ConvoContext): void {
  const byName = new Map<string, BotiumHook>()
  for (const h of hooks) if (NLU.has(h.name) && !byName.has(h.name)) byName.set(h.name, h)
  const intent = byName.get('INTENT')?.args[0]
  const confidence = byName.get('INTENT_CONFIDENCE')
  if (intent) expect.intent = confidence ? { name: intent, min_confidence: minConfidence(confidence.args[0]) } : intent
  else if (confidence) drop(ctx, confidence.line, 'INTENT_CONFIDENCE without INTENT (banter checks confidence together with a name)')
  const entities = entityExpect(byName, ctx)
  if (entities) expect.entities = entities
}

/**
 * Botium's ENTITIES compares the multiset of entity names, ENTITY_VALUES that of values: exactly,
 * unless the last argument is `..` (more allowed). banter pairs them in order into {type, value}
 * and is `strict` when either list is exact. ENTITY_CONTENT type|v1|v2 adds {type, v} for each value.
 */
function entityExpect(byName: Map<string, BotiumHook>, ctx: ConvoContext): Expect['entities'] | undefined {
  const split = (h: BotiumHook | undefined) =>
    h ? { items: h.args.filter((a) => a !== '' && !MORE.has(a)), more: MORE.has(h.args.at(-1) ?? '') } : undefined
  const types = split(byName.get('ENTITIES'))
  const values = split(byName.get('ENTITY_VALUES'))
  const items: EntityExpect[] = (types?.items ?? []).map((type) => ({ type }))
  let strict = types ? !types.more : false
  if (values) {
    if (types && values.items.length === types.items.length) {
      values.items.forEach((v, i) => {
        items[i]!.value = v
      })
      strict = strict || !values.more
    } else {
      drop(
        ctx,
        byName.get('ENTITY_VALUES')!.line,
        `ENTITY_VALUES ${byName.get('ENTITY_VALUES')!.args.join('|')} (banter checks values per entity type; pair each value with ENTITIES in the same order)`,
      )
    }
  }
  const content = byName.get('ENTITY_CONTENT')
  if (content && content.args.length >= 2) for (const v of content.args.slice(1)) items.push({ type: content.args[0]!, value: v })
  if (!items.length && !(types && !types.more)) return undefined
  return strict ? { strict: true, items } : items
}

function minConfidence(arg: string | undefined): number {
  const n = Number(arg)
  if (!Number.isFinite(n)) return 0
  return Math.min(1, Math.max(0, n > 1 ? n / 100 : n))
}

function drop(ctx: ConvoContext, line: number, what: string): void {
  ctx.unsupported.push({ loc: { file: ctx.file, line, col: 1 }, what })
}
