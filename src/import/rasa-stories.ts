import type { DataPath } from '../diagnostics/yaml-source.js'
import type { Expect, Scenario, Turn } from '../core/scenario.types.generated.js'
import { parseAnnotations } from './rasa-annotations.js'
import { dropped, type ParsedSource } from './source.js'
import type { Counts, Unsupported } from './types.js'
import { isRecord } from '../util/is-record.js'

/**
 * Rasa test stories (`stories:` with `story:`) and end-to-end test cases (`test_cases:` with
 * `test_case:`) → scenarios. Mapping, per step:
 * - `user:` starts a turn: the text with inline annotations stripped; annotations (and an
 *   `entities:` list) become expected entities (not strict: Rasa lists only what it annotates);
 *   `intent:` becomes the expected intent.
 * - every `action:` / `utter:` and `bot:` step up to the next user message belongs to the turn.
 *   Test stories are evaluated by `rasa test` action by action, so a story's actions become
 *   `actions: [...]`, exactly and in order. Rasa's e2e test runner checks each `utter:` / `bot:`
 *   step against all of the turn's bot utterances, in any order, extra ones allowed
 *   (`E2ETestRunner.find_test_failures`), so a test case's become `actions: {contains: [...]}`
 *   (`action:` for one) and `messages: {contains: [{equals: text}]}`.
 * - `slot_was_set`, `active_loop`, `checkpoint`, `or`, steps before the first user message and
 *   any other key are listed as not carried over.
 */
export function storiesToScenarios(
  parsed: ParsedSource,
  key: 'stories' | 'test_cases',
  unsupported: Unsupported[],
  read: Counts,
): Scenario[] {
  const list = (parsed.data as Record<string, unknown>)[key]
  const nameKey = key === 'stories' ? 'story' : 'test_case'
  const scenarios: Scenario[] = []
  if (!Array.isArray(list)) return scenarios
  list.forEach((item, i) => {
    const path: DataPath = [key, i]
    if (!isRecord(item) || !Array.isArray(item.steps)) {
      unsupported.push(dropped(parsed, path, `${nameKey} without a list of steps`))
      return
    }
    read.conversations++
    const name = typeof item[nameKey] === 'string' && item[nameKey] ? item[nameKey] : `${nameKey} ${i + 1}`
    const turns = stepsToTurns(parsed, item.steps, { path: [...path, 'steps'], unsupported, read, story: key === 'stories' })
    if (turns.length === 0) {
      unsupported.push(dropped(parsed, path, `${nameKey} "${name}" has no user messages; skipped`))
      return
    }
    const line = dropped(parsed, path, '').loc.line
    scenarios.push({
      name,
      description: `Rasa ${nameKey.replace('_', ' ')} (${parsed.source.file}:${line}).`,
      tags: ['imported', 'rasa'],
      turns,
    })
  })
  return scenarios
}

interface StepsContext {
  path: DataPath
  unsupported: Unsupported[]
  read: Counts
  /** A test story (exact action sequence) rather than an e2e test case. */
  story: boolean
}

interface PendingTurn {
  turn: Turn
  actions: string[]
  bots: string[]
}

function stepsToTurns(parsed: ParsedSource, steps: unknown[], ctx: StepsContext): Turn[] {
  const turns: PendingTurn[] = []
  steps.forEach((step, i) => {
    const at: DataPath = [...ctx.path, i]
    if (!isRecord(step)) return ctx.unsupported.push(dropped(parsed, at, `step is not a mapping: ${JSON.stringify(step)}`))
    if (typeof step.user === 'string') {
      ctx.read.userTurns++
      turns.push({ turn: userTurn(step, parsed, at, ctx), actions: [], bots: [] })
      return
    }
    const bot = botStep(step)
    if (bot) {
      ctx.read[bot.kind === 'action' ? 'actions' : 'botMessages']++
      const current = turns.at(-1)
      if (!current) return ctx.unsupported.push(dropped(parsed, at, `${describe(step)} before the first user message`))
      current[bot.kind === 'action' ? 'actions' : 'bots'].push(bot.value)
      return
    }
    ctx.unsupported.push(dropped(parsed, at, `${describe(step)} (${reason(step)})`))
  })
  return turns.map((t) => withBotExpect(t, ctx.story))
}

function withBotExpect(t: PendingTurn, story: boolean): Turn {
  const expect: Expect = { ...('expect' in t.turn ? t.turn.expect : {}) }
  if (t.actions.length) {
    if (story) expect.actions = t.actions
    else if (new Set(t.actions).size === 1) expect.action = t.actions[0]!
    else expect.actions = { contains: [...new Set(t.actions)] }
  }
  if (t.bots.length) {
    const items = t.bots.map((text) => ({ equals: text }))
    expect.messages = story ? { contains_in_order: items } : { contains: items }
  }
  return Object.keys(expect).length ? { ...t.turn, expect } : { user: t.turn.user }
}

function userTurn(step: Record<string, unknown>, parsed: ParsedSource, at: DataPath, ctx: StepsContext): Turn {
  const { text, entities } = parseAnnotations(String(step.user).trim())
  const expect: Expect = {}
  if (typeof step.intent === 'string' && step.intent) expect.intent = step.intent
  const listed = Array.isArray(step.entities) ? step.entities.flatMap(entityItem) : []
  const all = [...entities.map((e) => ({ type: e.type, value: e.value })), ...listed]
  const unique = all.filter((e, i) => all.findIndex((o) => o.type === e.type && o.value === e.value) === i)
  if (unique.length > 0) expect.entities = unique
  if (expect.intent) ctx.read.intents++
  ctx.read.entities += unique.length
  for (const key of Object.keys(step)) {
    if (!['user', 'intent', 'entities'].includes(key)) ctx.unsupported.push(dropped(parsed, [...at, key], `${key}: on a user step`))
  }
  return Object.keys(expect).length > 0 ? { user: text, expect } : { user: text }
}

/** `entities:` in a story step: `- order_id` or `- order_id: "12345"`. */
function entityItem(item: unknown): { type: string; value?: string }[] {
  if (typeof item === 'string') return [{ type: item }]
  if (isRecord(item)) return Object.entries(item).map(([type, value]) => ({ type, value: String(value) }))
  return []
}

function botStep(step: Record<string, unknown>): { kind: 'action' | 'bot'; value: string } | undefined {
  if (typeof step.action === 'string' && step.action && step.action !== 'action_listen') return { kind: 'action', value: step.action }
  if (typeof step.utter === 'string' && step.utter) return { kind: 'action', value: step.utter }
  if (typeof step.bot === 'string') return { kind: 'bot', value: step.bot.trim() }
  return undefined
}

function describe(step: Record<string, unknown>): string {
  const [key, value] = Object.entries(step)[0] ?? ['(empty step)', '']
  return `${key}: ${typeof value === 'string' || value === null ? String(value) : JSON.stringify(value)}`
}

const REASONS: Record<string, string> = {
  slot_was_set: 'slots are internal state, not observable in a reply',
  slot_was_not_set: 'slots are internal state, not observable in a reply',
  active_loop: 'forms are not modelled',
  checkpoint: 'checkpoints join stories; each scenario stands alone',
  or: 'alternatives are not supported in a scenario; a generator can express them with one_of',
  intent: 'an intent without user text has no message to send',
  action: 'action_listen is implicit',
}

function reason(step: Record<string, unknown>): string {
  const key = Object.keys(step)[0] ?? ''
  return REASONS[key] ?? 'not supported'
}
