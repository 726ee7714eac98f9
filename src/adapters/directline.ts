import { performance } from 'node:perf_hooks'
import { DEFAULT_RETRY } from '../execute/retry.js'
import { EndpointError } from '../execute/transport-error.js'
import { PLAIN_WAITS, WaitCancelled } from '../execute/waits.js'
import type { Adapter } from './adapter.js'
import type { AdapterContext } from './endpoint.js'
import { isRecord, joinUrl, replyTexts } from './messages.js'
import { badResponse, expectOk, parseJson } from './read-body.js'
import { compileMapping, mapReply } from './response-mapping.js'

/** Where intent, entities and action are looked for in the bot's reply activity, unless `response` says otherwise. */
const ACTIVITY_MAPPING = { reply: '$.text', intent: '$.channelData.intent', confidence: '$.channelData.confidence', action: '$.channelData.action', entities: '$.channelData.entities' }

/**
 * Bot Framework Direct Line 3.0: `POST /v3/directline/conversations` (Bearer secret) starts a
 * conversation and returns `{conversationId, token}`; each turn posts a message activity to
 * `…/conversations/{id}/activities`, then polls `GET …/activities?watermark=W` until a message
 * from the bot that replies to it arrives, or the turn's timeout passes (TIMEOUT).
 */
export function createDirectLineAdapter(ctx: AdapterContext): Adapter {
  const { endpoint, transport, redact } = ctx
  const waits = ctx.waits ?? PLAIN_WAITS
  const opts = endpoint.directline ?? { secret: '' }
  const mapping = compileMapping({ ...ACTIVITY_MAPPING, ...endpoint.response })
  const retry = endpoint.retry ?? DEFAULT_RETRY
  const pollMs = opts.poll_interval_ms ?? 200
  const base = joinUrl(endpoint.url, '/v3/directline/conversations')
  const call = async (url: string, bearer: string, body?: unknown) => {
    const res = await transport.send({
      url, method: body === undefined ? 'GET' : 'POST', timeoutMs: endpoint.timeoutMs, retry,
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
      let watermark: string | undefined
      return {
        async send(input) {
          const deadline = performance.now() + endpoint.timeoutMs
          const posted = await call(`${base}/${encodeURIComponent(id)}/activities`, token, { type: 'message', from: { id: user }, text: input.message })
          const sentId = isRecord(posted.json) && typeof posted.json.id === 'string' ? posted.json.id : undefined
          let retries = posted.res.retries
          for (;;) {
            const page = await call(`${base}/${encodeURIComponent(id)}/activities${watermark ? `?watermark=${encodeURIComponent(watermark)}` : ''}`, token)
            retries += page.res.retries
            if (!isRecord(page.json) || !Array.isArray(page.json.activities)) badResponse('activities: expected {activities: [...], watermark}')
            if (typeof page.json.watermark === 'string') watermark = page.json.watermark
            const replies = page.json.activities.filter(isRecord).filter((a) => a.type === 'message' && isRecord(a.from) && a.from.id !== user && (sentId === undefined || a.replyToId === undefined || a.replyToId === sentId))
            if (replies.length > 0) {
              const reply = { ...mapReply(mapping, replies[0]), ...replyTexts(replies.map((a) => (typeof a.text === 'string' ? a.text : '')), endpoint.response?.reply_mode), body: replies }
              // From posting the message (its first attempt) to the reply: what the user waited.
              const end = performance.now()
              const attempts = posted.res.attempts?.map((a, i, all) => (i === all.length - 1 ? { ...a, latencyMs: end - posted.res.lastSentAt } : a))
              return { reply, latencyMs: end - posted.res.sentAt, retries, attempts }
            }
            if (performance.now() + pollMs > deadline) throw new EndpointError('TIMEOUT', `no reply from the bot within ${endpoint.timeoutMs} ms`)
            await poll(pollMs)
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
