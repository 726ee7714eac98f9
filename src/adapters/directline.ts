import { performance } from 'node:perf_hooks'
import { DEFAULT_RETRY } from '../network/retry.js'
import { EndpointError } from '../network/endpoint-error.js'
import { PLAIN_WAITS, WaitCancelled } from '../network/waits.js'
import type { Adapter } from './adapter.js'
import type { AdapterContext } from './endpoint.js'
import { joinUrl, replyTexts } from './reply-texts.js'
import { badResponse, expectOk, parseJson } from '../network/read-body.js'
import { compileMapping, mapReply } from './response-mapping.js'
import { isRecord } from '../util/is-record.js'

/** Where intent, entities and action are looked for in the bot's reply activity, unless `response` says otherwise. */
const ACTIVITY_MAPPING = {
  reply: '$.text',
  intent: '$.channelData.intent',
  confidence: '$.channelData.confidence',
  action: '$.channelData.action',
  entities: '$.channelData.entities',
}

/** Where the Direct Line API lives under the service URL: Azure's path; offline-directline serves `/directline`. */
const DEFAULT_DIRECTLINE_PATH = '/v3/directline'

/**
 * Bot Framework Direct Line 3.0: `POST {base_path}/conversations` (Bearer secret; base_path
 * /v3/directline by default, /directline for offline-directline) starts a
 * conversation and returns `{conversationId, token}`; each turn posts a message activity to
 * `…/conversations/{id}/activities`, then polls `GET …/activities?watermark=W` for the bot's
 * messages that reply to it. The turn's messages are complete when the bot waits: a message with
 * `inputHint: expectingInput`, or no new message for `settle_ms` (default: the poll interval).
 * No message before the turn's timeout is a TIMEOUT; messages still arriving at the timeout are
 * the turn's reply as far as they go. Each message's `channelData.action` (by default) is one of
 * the turn's actions; intent and entities come from the first message.
 *
 * How the service batches activities into polls never changes a turn: activities after the message
 * that ends a turn, in the same poll, are read by the next turn as if its first poll had returned
 * them (so one replying to the earlier message belongs to no turn, as it would had it come later).
 * An activity seen once (by id) is never read again, and neither the user's own activities (by
 * `from.id`, `from.role: user`, or the id the service gave the posted message) nor other types count.
 */
export function createDirectLineAdapter(ctx: AdapterContext): Adapter {
  const { endpoint, transport, redact } = ctx
  const waits = ctx.waits ?? PLAIN_WAITS
  const opts = endpoint.directline ?? { secret: '' }
  const mapping = compileMapping({ ...ACTIVITY_MAPPING, ...endpoint.response })
  const retry = endpoint.retry ?? DEFAULT_RETRY
  const pollMs = opts.poll_interval_ms ?? 200
  const settleMs = opts.settle_ms ?? pollMs
  const turnReply = (replies: Record<string, unknown>[]) => {
    const texts = replies.map((a) => (typeof a.text === 'string' ? a.text : ''))
    const actions = replies.map((a) => mapReply(mapping, a).action).filter((n): n is string => n !== undefined)
    return {
      ...mapReply(mapping, replies[0]),
      ...replyTexts(texts, endpoint.response?.reply_mode),
      ...(texts.length > 1 ? { botMessages: texts } : {}),
      action: actions.at(-1),
      actions,
      body: replies,
    }
  }
  const base = joinUrl(endpoint.url, `${opts.base_path ?? DEFAULT_DIRECTLINE_PATH}/conversations`)
  const call = async (url: string, bearer: string, body?: unknown) => {
    const res = await transport.send({
      url,
      method: body === undefined ? 'GET' : 'POST',
      timeoutMs: endpoint.timeoutMs,
      retry,
      headers: { ...endpoint.headers, authorization: `Bearer ${bearer}`, 'content-type': 'application/json', accept: 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    expectOk(res, redact)
    return { res, json: parseJson(res, redact) }
  }
  return {
    target: redact(endpoint.url),
    async open({ userId }) {
      const started = await call(base, opts.secret, {})
      if (!isRecord(started.json) || typeof started.json.conversationId !== 'string') badResponse('start conversation: no conversationId')
      const id = started.json.conversationId
      const token = typeof started.json.token === 'string' ? started.json.token : opts.secret
      const user = opts.user_id ?? userId
      // Who the user is to the service: the id sent, and the `from.id` it gave the posted message (it may put its own).
      const userIds = new Set([user])
      const postedIds = new Set<string>()
      // Every activity read so far, by id: a service that sends one again (no watermark, or one behind) shows it once.
      const seen = new Set<string>()
      let watermark: string | undefined
      // The rest of the poll that ended the last turn: this turn reads it first.
      let carried: unknown[] = []
      const isBotMessage = (a: Record<string, unknown>, sentId: string | undefined): boolean => {
        if (typeof a.id === 'string' && postedIds.has(a.id)) {
          if (isRecord(a.from) && typeof a.from.id === 'string') userIds.add(a.from.id)
          return false
        }
        return (
          a.type === 'message' &&
          isRecord(a.from) &&
          !(typeof a.from.id === 'string' && userIds.has(a.from.id)) &&
          a.from.role !== 'user' &&
          (sentId === undefined || a.replyToId === undefined || a.replyToId === sentId)
        )
      }
      return {
        async send(input) {
          const deadline = performance.now() + endpoint.timeoutMs
          const posted = await call(`${base}/${encodeURIComponent(id)}/activities`, token, {
            type: 'message',
            from: { id: user },
            text: input.message,
          })
          const sentId = isRecord(posted.json) && typeof posted.json.id === 'string' ? posted.json.id : undefined
          if (sentId !== undefined) postedIds.add(sentId)
          let retries = posted.res.retries
          const replies: Record<string, unknown>[] = []
          let lastAt = performance.now()
          for (;;) {
            const page = await call(
              `${base}/${encodeURIComponent(id)}/activities${watermark ? `?watermark=${encodeURIComponent(watermark)}` : ''}`,
              token,
            )
            retries += page.res.retries
            if (!isRecord(page.json) || !Array.isArray(page.json.activities))
              badResponse('activities: expected {activities: [...], watermark}')
            // Azure sends the watermark as a string, offline-directline as a number: both are the next poll's position.
            if (
              typeof page.json.watermark === 'string' ||
              (typeof page.json.watermark === 'number' && Number.isFinite(page.json.watermark))
            )
              watermark = String(page.json.watermark)
            const activities = [...carried, ...(page.json.activities as unknown[])]
            carried = []
            let fresh = 0
            let waiting = false
            for (const [i, a] of activities.entries()) {
              if (!isRecord(a)) continue
              if (typeof a.id === 'string') {
                if (seen.has(a.id)) continue
                seen.add(a.id)
              }
              if (!isBotMessage(a, sentId)) continue
              replies.push(a)
              fresh++
              // The bot waits for the user: the turn ends here, and what follows is the next turn's.
              if (a.inputHint === 'expectingInput') {
                carried = activities.slice(i + 1)
                waiting = true
                break
              }
            }
            const now = performance.now()
            if (fresh > 0) lastAt = now
            if (replies.length > 0 && (waiting || (fresh === 0 && now - lastAt >= settleMs) || now + pollMs > deadline)) {
              // From posting the message (its first attempt) to the turn's last message: what the user waited.
              const attempts = posted.res.attempts?.map((a, i, all) =>
                i === all.length - 1 ? { ...a, latencyMs: lastAt - posted.res.lastSentAt } : a,
              )
              return { reply: turnReply(replies), latencyMs: lastAt - posted.res.sentAt, retries, attempts }
            }
            if (now + pollMs > deadline) throw new EndpointError('TIMEOUT', `no reply from the bot within ${endpoint.timeoutMs} ms`)
            await poll(fresh > 0 && settleMs < pollMs ? settleMs : pollMs)
          }
        },
        async end() {},
      }
    },
    close: () => transport.close(),
  }

  async function poll(ms: number): Promise<void> {
    try {
      await waits.wait(ms, 'Direct Line poll interval')
    } catch (err) {
      if (err instanceof WaitCancelled) throw new EndpointError('ABORTED', `no reply yet: ${err.message}`)
      throw err
    }
  }
}
