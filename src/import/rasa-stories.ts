import type { DataPath } from '../diagnostics/yaml-source.js'
import type { Expect, Scenario, Turn } from '../scenario/types.generated.js'
import { parseAnnotations } from './rasa-annotations.js'
import { dropped, isRecord, type ParsedSource } from './source.js'
import type { Unsupported } from './types.js'

/**
 * Rasa test stories (`stories:` with `story:`) and end-to-end test cases (`test_cases:` with
 * `test_case:`) → scenarios. Mapping, per step:
 * - `user:` starts a turn: the text with inline annotations stripped; annotations (and an
 *   `entities:` list) become expected entities (not strict: Rasa lists only what it annotates);
 *   `intent:` becomes the expected intent.
 * - the first `action:` / `utter:` after it becomes the expected action; a `bot:` text becomes
 *   `reply.equals`. Further bot steps in the same turn are listed as not carried over: a banter
 *   turn has one reply and one action.
 * - `slot_was_set`, `active_loop`, `checkpoint`, `or`, steps before the first user message and
 *   any other key are listed as not carried over.
 */
export function storiesToScenarios(parsed: ParsedSource, key: 'stories' | 'test_cases', unsupported: Unsupported[]): Scenario[] {
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
    const name = typeof item[nameKey] === 'string' && item[nameKey] ? item[nameKey] : `${nameKey} ${i + 1}`
    const turns = stepsToTurns(parsed, item.steps, [...path, 'steps'], unsupported)
    if (turns.length === 0) {
      unsupported.push(dropped(parsed, path, `${nameKey} "${name}" has no user messages; skipped`))
      return
    }
    const line = dropped(parsed, path, '').loc.line
    scenarios.push({ name, description: `Rasa ${nameKey.replace('_', ' ')} (${parsed.source.file}:${line}).`, tags: ['imported', 'rasa'], turns })
  })
  return scenarios
}

function stepsToTurns(parsed: ParsedSource, steps: unknown[], path: DataPath, unsupported: Unsupported[]): Turn[] {
  const turns: Turn[] = []
  let current: { turn: Turn; answered: boolean } | undefined
  steps.forEach((step, i) => {
    const at: DataPath = [...path, i]
    if (!isRecord(step)) return unsupported.push(dropped(parsed, at, `step is not a mapping: ${JSON.stringify(step)}`))
    if (typeof step.user === 'string') {
      current = { turn: userTurn(step, parsed, at, unsupported), answered: false }
      turns.push(current.turn)
      return
    }
    const bot = botExpect(step)
    if (bot) {
      if (!current) return unsupported.push(dropped(parsed, at, `${describe(step)} before the first user message`))
      if (current.answered) return unsupported.push(dropped(parsed, at, `${describe(step)}: only the first bot step after a user message is checked`))
      current.turn.expect = { ...current.turn.expect, ...bot }
      current.answered = true
      return
    }
    unsupported.push(dropped(parsed, at, `${describe(step)} (${reason(step)})`))
  })
  return turns
}

function userTurn(step: Record<string, unknown>, parsed: ParsedSource, at: DataPath, unsupported: Unsupported[]): Turn {
  const { text, entities } = parseAnnotations(String(step.user).trim())
  const expect: Expect = {}
  if (typeof step.intent === 'string' && step.intent) expect.intent = step.intent
  const listed = Array.isArray(step.entities) ? step.entities.flatMap(entityItem) : []
  const all = [...entities.map((e) => ({ type: e.type, value: e.value })), ...listed]
  const unique = all.filter((e, i) => all.findIndex((o) => o.type === e.type && o.value === e.value) === i)
  if (unique.length > 0) expect.entities = unique
  for (const key of Object.keys(step)) {
    if (!['user', 'intent', 'entities'].includes(key)) unsupported.push(dropped(parsed, [...at, key], `${key}: on a user step`))
  }
  return Object.keys(expect).length > 0 ? { user: text, expect } : { user: text }
}

/** `entities:` in a story step: `- order_id` or `- order_id: "12345"`. */
function entityItem(item: unknown): { type: string; value?: string }[] {
  if (typeof item === 'string') return [{ type: item }]
  if (isRecord(item)) return Object.entries(item).map(([type, value]) => ({ type, value: String(value) }))
  return []
}

function botExpect(step: Record<string, unknown>): Expect | undefined {
  if (typeof step.action === 'string' && step.action !== 'action_listen') return { action: step.action }
  if (typeof step.utter === 'string') return { action: step.utter }
  if (typeof step.bot === 'string') return { reply: { equals: step.bot.trim() } }
  return undefined
}

function describe(step: Record<string, unknown>): string {
  const [key, value] = Object.entries(step)[0] ?? ['(empty step)', '']
  return `${key}: ${typeof value === 'string' || value === null ? String(value) : JSON.stringify(value)}`
}

const REASONS: Record<string, string> = {
  slot_was_set: 'slots are internal state, not observable in a reply',
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
