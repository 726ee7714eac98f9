import type { ResponseMapping } from '../core/config.types.generated.js'
import type { AssistantReply, ReplyEntity, ToolCall } from '../report/model.js'
import { parsedCall } from './tool-call.js'
import { isRecord } from '../util/is-record.js'
import { compilePath, select, type CompiledPath } from '../template/path.js'

/** Compiled response mapping: where each part of the reply is found in a JSON body. */
export interface CompiledMapping {
  reply: CompiledPath
  intent: CompiledPath
  confidence: CompiledPath
  action: CompiledPath
  /** Set only when configured; the default `$.actions` is tried, then `action`. */
  actions: CompiledPath
  entities: { path: CompiledPath; type: CompiledPath; value: CompiledPath }
  /** Set only when configured (`tool_calls`): where the list of tool calls is. */
  toolCalls?: CompiledPath
  replyMode: 'join' | 'any' | 'all'
  /**
   * True when the config maps the body's root itself (`$`, `$[0]`, `$[*].text`…): then a body
   * that is a list, a string or a number is expected. Otherwise a body that is not a JSON object
   * is a BAD_RESPONSE, never a reply with every field missing.
   */
  readsRoot: boolean
}

/** banter's default JSON shape: `{reply, intent: {name, confidence} | "name", entities: [{type, value}], action}`. */
const DEFAULT_MAPPING: Required<Omit<ResponseMapping, 'entities' | 'format' | 'reply_mode' | 'tool_calls'>> & {
  entities: { path: string; type: string; value: string }
} = {
  reply: '$.reply',
  intent: '$.intent',
  confidence: '$.intent.confidence',
  action: '$.action',
  actions: '$.actions',
  entities: { path: '$.entities', type: 'type', value: 'value' },
}

/** Compiles a mapping; throws PathSyntaxError (the config loader positions it). */
export function compileMapping(mapping: ResponseMapping = {}): CompiledMapping {
  const entities: { path?: string; type?: string; value?: string } =
    typeof mapping.entities === 'string' ? { path: mapping.entities } : (mapping.entities ?? {})
  return {
    reply: compilePath(mapping.reply ?? DEFAULT_MAPPING.reply),
    intent: compilePath(mapping.intent ?? DEFAULT_MAPPING.intent),
    confidence: compilePath(mapping.confidence ?? DEFAULT_MAPPING.confidence),
    action: compilePath(mapping.action ?? DEFAULT_MAPPING.action),
    actions: compilePath(mapping.actions ?? DEFAULT_MAPPING.actions),
    entities: {
      path: compilePath(entities.path ?? DEFAULT_MAPPING.entities.path),
      type: compilePath(entities.type ?? DEFAULT_MAPPING.entities.type),
      value: compilePath(entities.value ?? DEFAULT_MAPPING.entities.value),
    },
    ...(mapping.tool_calls !== undefined ? { toolCalls: compilePath(mapping.tool_calls) } : {}),
    replyMode: mapping.reply_mode ?? 'join',
    readsRoot: [mapping.reply, mapping.intent, mapping.confidence, mapping.action, entities.path].some(
      (p) => p !== undefined && readsRoot(compilePath(p)),
    ),
  }
}

function readsRoot(path: CompiledPath): boolean {
  const first = path.segments[0]
  return first === undefined || !('key' in first)
}

function asText(value: unknown): string {
  if (value === undefined || value === null) return ''
  if (typeof value === 'string') return value
  if (Array.isArray(value))
    return value
      .map(asText)
      .filter((s) => s !== '')
      .join('\n')
  if (typeof value === 'object' && 'text' in value) return asText((value as { text: unknown }).text)
  return typeof value === 'object' ? JSON.stringify(value) : String(value)
}

function asName(value: unknown): string | undefined {
  if (typeof value === 'string') return value
  if (value !== null && typeof value === 'object' && 'name' in value && typeof value.name === 'string') return value.name
  return undefined
}

function asEntities(mapping: CompiledMapping['entities'], body: unknown): ReplyEntity[] {
  const list = select(mapping.path, body)
  if (!Array.isArray(list)) return []
  const out: ReplyEntity[] = []
  for (const item of list) {
    const type = select(mapping.type, item)
    const value = select(mapping.value, item)
    if (typeof type === 'string')
      out.push({ type, value: typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value ?? '') })
  }
  return out
}

/** Maps a parsed JSON body to the normalised reply. */
export function mapReply(mapping: CompiledMapping, body: unknown): AssistantReply {
  const confidence = select(mapping.confidence, body)
  const reply = select(mapping.reply, body)
  const texts = Array.isArray(reply) ? reply.map(asText).filter((t) => t !== '') : undefined
  const listed = select(mapping.actions, body)
  const actions = Array.isArray(listed) ? listed.map(asName).filter((n): n is string => n !== undefined) : undefined
  const action = asName(select(mapping.action, body)) ?? actions?.at(-1)
  const toolCalls = mapping.toolCalls ? asToolCalls(select(mapping.toolCalls, body)) : undefined
  // Optional fields are set, not spread in: this runs once per turn (see evaluate/intent.ts).
  const mapped: AssistantReply = {
    text: asText(reply),
    intent: asName(select(mapping.intent, body)),
    confidence: typeof confidence === 'number' ? confidence : undefined,
    entities: asEntities(mapping.entities, body),
    action,
    body,
  }
  if (texts && mapping.replyMode !== 'join') mapped.messages = { mode: mapping.replyMode, texts }
  if (texts && texts.length > 1) mapped.botMessages = texts
  if (actions) mapped.actions = actions
  if (toolCalls && toolCalls.length > 0) mapped.toolCalls = toolCalls
  return mapped
}

/** Tool calls as `{name, arguments}` or OpenAI's `{function: {name, arguments}}`; arguments an object or JSON text. */
function asToolCalls(list: unknown): ToolCall[] {
  return callsIn(list).map(({ fn }) => parsedCall(fn.name, fn.arguments, 1))
}

/**
 * The ids of the tool calls mapReply reads from `body` (an item's `id`, `call_id` or
 * `tool_call_id`), in the same order: what the tool results of the generic adapter answer.
 */
export function toolCallIds(mapping: CompiledMapping, body: unknown): (string | undefined)[] {
  if (!mapping.toolCalls) return []
  return callsIn(select(mapping.toolCalls, body)).map(({ item }) => {
    const id = item.id ?? item.call_id ?? item.tool_call_id
    return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined
  })
}

/** The items of a list that are tool calls (with a name, directly or under `function`), each with its call. */
function callsIn(list: unknown): { item: Record<string, unknown>; fn: { name: string; arguments?: unknown } }[] {
  if (!Array.isArray(list)) return []
  return list.flatMap((item) => {
    if (!isRecord(item)) return []
    const fn = isRecord(item.function) ? item.function : item
    return typeof fn.name === 'string' ? [{ item, fn: { name: fn.name, arguments: fn.arguments } }] : []
  })
}
