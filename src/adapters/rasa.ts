import { DEFAULT_RETRY } from '../network/retry.js'
import type { AssistantReply, ReplyEntity } from '../report/model.js'
import type { Adapter } from './adapter.js'
import type { AdapterContext } from './endpoint.js'
import { joinUrl, replyTexts } from './reply-texts.js'
import { badResponse, expectOk, parseJson } from '../network/read-body.js'
import { isRecord } from '../util/is-record.js'

/**
 * Rasa: the REST channel (`POST /webhooks/rest/webhook` with `{sender, message}` → a list of
 * `{recipient_id, text}`), then intent, entities and the last action from the conversation's
 * tracker (`GET /conversations/{sender}/tracker`: every action after the user's message), or intent and entities from `POST /model/parse`.
 * Token auth is Rasa's `?token=` query parameter.
 */
export function createRasaAdapter(ctx: AdapterContext): Adapter {
  const { endpoint, transport, redact } = ctx
  const opts = endpoint.rasa ?? {}
  const auth = opts.token ? `?token=${encodeURIComponent(opts.token)}` : ''
  const headers = { ...endpoint.headers, 'content-type': 'application/json', accept: 'application/json' }
  const retry = endpoint.retry ?? DEFAULT_RETRY
  const call = async (path: string, body?: unknown) => {
    const res = await transport.send({
      url: joinUrl(endpoint.url, path + auth),
      method: body === undefined ? 'GET' : 'POST',
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      timeoutMs: endpoint.timeoutMs,
      retry,
    })
    expectOk(res, redact, `${path.split('?')[0]}: `)
    return { res, json: parseJson(res, redact, `${path}: `) }
  }
  return {
    target: redact(endpoint.url),
    async open({ userId }) {
      const sender = userId
      return {
        async send(input) {
          const { res, json } = await call('/webhooks/rest/webhook', { sender, message: input.message })
          if (!Array.isArray(json)) badResponse('/webhooks/rest/webhook: expected a list of bot messages')
          const texts = json.map((m) => (isRecord(m) && typeof m.text === 'string' ? m.text : ''))
          let nlu: Partial<AssistantReply> = {}
          let retries = res.retries
          if (opts.nlu !== 'none') {
            const extra =
              opts.nlu === 'parse'
                ? await call('/model/parse', { text: input.message })
                : await call(`/conversations/${encodeURIComponent(sender)}/tracker`)
            retries += extra.res.retries
            nlu = opts.nlu === 'parse' ? fromParse(extra.json) : fromTracker(extra.json)
          }
          const reply: AssistantReply = {
            entities: [],
            ...nlu,
            ...replyTexts(texts, endpoint.response?.reply_mode),
            ...(texts.length > 1 ? { botMessages: texts } : {}),
            body: json,
          }
          // The user waits for the webhook's answer; the NLU request after it is banter's own.
          return { reply, latencyMs: res.latencyMs, retries, attempts: res.attempts }
        },
        async end() {},
      }
    },
    close: () => transport.close(),
  }
}

/** `{intent: {name, confidence}, entities: [{entity, value}]}`, as in latest_message and /model/parse. */
function fromParse(parsed: unknown): Partial<AssistantReply> {
  if (!isRecord(parsed)) return {}
  const intent = isRecord(parsed.intent) ? parsed.intent : {}
  const entities: ReplyEntity[] = (Array.isArray(parsed.entities) ? parsed.entities : [])
    .filter(isRecord)
    .filter((e) => typeof e.entity === 'string')
    .map((e) => ({ type: e.entity as string, value: typeof e.value === 'string' ? e.value : JSON.stringify(e.value) }))
  return {
    intent: typeof intent.name === 'string' ? intent.name : undefined,
    confidence: typeof intent.confidence === 'number' ? intent.confidence : undefined,
    entities,
  }
}

/**
 * The tracker's latest message, and the turn's actions: every `action` event after the last `user`
 * event, in order (action_listen, which ends the turn, does not count); `action` is the last one.
 */
export function fromTracker(tracker: unknown): Partial<AssistantReply> {
  if (!isRecord(tracker)) badResponse('tracker: expected an object')
  const events = Array.isArray(tracker.events) ? tracker.events.filter(isRecord) : []
  const lastUser = events.map((e) => e.event).lastIndexOf('user')
  const actions = events
    .slice(lastUser + 1)
    .filter((e) => e.event === 'action' && typeof e.name === 'string' && e.name !== 'action_listen')
    .map((e) => e.name as string)
  const latest =
    typeof tracker.latest_action_name === 'string' && tracker.latest_action_name !== 'action_listen'
      ? tracker.latest_action_name
      : undefined
  const list = actions.length ? actions : latest ? [latest] : []
  return { ...fromParse(tracker.latest_message), action: list.at(-1), actions: list }
}
