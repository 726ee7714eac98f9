import type { ToolResultsRequest } from '../core/config.types.generated.js'
import type { AssistantReply, ToolCall, TurnAttempt } from '../report/model.js'
import { compileJsonTemplate, renderJsonTemplate, type JsonTemplate } from '../template/json-template.js'
import type { Scope } from '../template/template.js'
import type { TurnInput, TurnOutput } from './adapter.js'
import { compileRequest, type RequestTemplate } from './request-template.js'
import { addCost, DEFAULT_MAX_TOOL_ROUNDS, loopStop, newCost, turnOutput } from './tool-rounds.js'

/** One answered call, when `tool_results.item` does not say otherwise. */
const DEFAULT_ITEM = { id: '{{call.id}}', name: '{{call.name}}', content: '{{result}}' }

/** The generic adapter's tool loop, compiled once from `endpoint.tool_results`. */
export interface HttpToolLoop {
  request: RequestTemplate
  item: JsonTemplate
  maxRounds: number
}

/** What one request of a turn brought back: the mapped reply, its calls' ids, and what it cost. */
export interface Exchange {
  reply: AssistantReply
  callIds: readonly (string | undefined)[]
  latencyMs: number
  retries: number
  attempts?: TurnAttempt[]
}

/**
 * Compiles `endpoint.tool_results`: the request goes to its url (default: the endpoint's), with
 * its method (default POST: it always has a body) and the endpoint's headers plus its own.
 */
export function compileToolLoop(
  spec: ToolResultsRequest | undefined,
  endpoint: { url: string; headers: Record<string, string> },
  defaults: { headers: Record<string, string> },
): HttpToolLoop | undefined {
  if (!spec) return undefined
  return {
    request: compileRequest(
      {
        url: spec.url ?? endpoint.url,
        method: spec.method ?? 'POST',
        headers: { ...endpoint.headers, ...spec.headers },
        body: spec.body,
      },
      defaults,
    ),
    item: compileJsonTemplate(spec.item ?? DEFAULT_ITEM),
    maxRounds: spec.max_rounds ?? DEFAULT_MAX_TOOL_ROUNDS,
  }
}

/**
 * Runs a turn's tool loop from the message's answer: while the reply calls tools, answer every
 * call with the turn's result for that tool (`{{tool_results}}` in the request, one `item` per
 * call) and map the next answer the same way. It stops when the assistant answers without calling
 * a tool (that answer is the turn's reply), when a called tool has no result in the turn
 * (TOOL_RESULT_MISSING; nothing is sent), or when calls still come after `maxRounds` rounds
 * (TOOL_ROUNDS_EXCEEDED). The reply carries every round's calls and, as the openai adapter's
 * does, the text written beside them ("Let me look that up."): each earlier round's messages come
 * before the last answer's (withEarlierTexts). The latency is the whole turn's. A turn without
 * `tool_results` does not loop: the reply that called the tools is its reply.
 */
export async function runToolLoop(
  loop: HttpToolLoop,
  first: Exchange,
  input: TurnInput,
  scope: Scope,
  send: (request: ReturnType<RequestTemplate['render']>) => Promise<Exchange>,
): Promise<TurnOutput> {
  const results = input.toolResults
  const calls: ToolCall[] = []
  // What the assistant wrote in the rounds before the last answer.
  const earlier: string[] = []
  const cost = newCost()
  let last = first
  addCost(cost, last)
  for (let round = 1; ; round++) {
    const made = (last.reply.toolCalls ?? []).map((c) => ({ ...c, round }))
    calls.push(...made)
    const missing = results ? made.filter((c) => !Object.hasOwn(results, c.name)).map((c) => c.name) : []
    const stop = made.length === 0 ? undefined : loopStop(missing, round, loop.maxRounds, input)
    if (made.length === 0 || !results || stop) {
      const reply = withEarlierTexts(last.reply, earlier)
      if (calls.length > 0) reply.toolCalls = calls
      if (stop) reply.toolLoop = stop
      return turnOutput(reply, cost)
    }
    const answered = made.map((c, i) =>
      renderJsonTemplate(loop.item, {
        ...scope,
        call: { id: last.callIds[i], name: c.name, arguments: c.arguments },
        result: results[c.name],
      }),
    )
    earlier.push(...textsOf(last.reply))
    last = await send(loop.request.render({ ...scope, tool_results: answered }))
    addCost(cost, last)
  }
}

/** A reply's messages: the list its `reply` path selected, else its one text (none when empty). */
function textsOf(reply: AssistantReply): string[] {
  return reply.messages?.texts ?? reply.botMessages ?? (reply.text ? [reply.text] : [])
}

/** The last answer with the earlier rounds' messages before its own: its text joins them all, as a reply of several messages does. */
function withEarlierTexts(reply: AssistantReply, earlier: string[]): AssistantReply {
  if (earlier.length === 0) return reply
  const texts = [...earlier, ...textsOf(reply)]
  reply.text = texts.join('\n')
  if (texts.length > 1) reply.botMessages = texts
  if (reply.messages) reply.messages = { mode: reply.messages.mode, texts }
  return reply
}
