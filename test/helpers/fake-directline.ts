import { bearer, brain, startFakeBot, type FakeBotServer } from './fake-bot.js'
import { json } from './fake-server.js'

interface Activity {
  type: string
  id: string
  from: { id: string; name?: string }
  text?: string
  replyToId?: string
  channelData?: unknown
}

/**
 * A fake Bot Framework Direct Line 3.0 service, shapes from Microsoft's REST reference
 * (https://learn.microsoft.com/en-us/azure/bot-service/rest-api/bot-framework-rest-direct-line-3-0-send-activity
 * and the start-conversation / receive-activities pages): `POST /v3/directline/conversations`
 * with `Authorization: Bearer <secret>` → 201 `{conversationId, token, expires_in}`;
 * `POST …/{id}/activities` → 200 `{id}`; `GET …/{id}/activities?watermark=W` →
 * `{activities, watermark}` (the user's own activities included). A missing credential is 401, a
 * wrong one 403. The bot answers after `replyDelayMs`, with intent and entities in `channelData`;
 * with `silent` set it never answers.
 */
export async function startFakeDirectLine(opts: {
  secret: string
  replyDelayMs?: number
  /** Where the API lives: Azure's /v3/directline (default) or offline-directline's /directline. */
  basePath?: string
  /** Send the watermark as a number, as offline-directline does (Azure sends a string). */
  numericWatermark?: boolean
}): Promise<FakeBotServer & { silent: boolean }> {
  const basePath = opts.basePath ?? '/v3/directline'
  const conversations = new Map<string, { token: string; activities: Activity[]; count: number }>()
  let next = 1
  const bot: FakeBotServer & { silent: boolean } = Object.assign(
    await startFakeBot((req, body, res, mode) => {
      const url = new URL(req.url ?? '/', 'http://x')
      const auth = bearer(req)
      if (!auth) return json(res, 401, { error: { code: 'BadArgument', message: 'Missing token or secret' } })
      if (url.pathname === `${basePath}/conversations` && req.method === 'POST') {
        if (auth !== opts.secret) return json(res, 403, { error: { code: 'BadArgument', message: 'Invalid token or secret' } })
        const id = `conv${next++}`
        conversations.set(id, { token: `tok-${id}-${opts.secret.length}`, activities: [], count: 0 })
        return json(res, 201, {
          conversationId: id,
          token: conversations.get(id)!.token,
          expires_in: 1800,
          streamUrl: `wss://example.invalid/${id}`,
        })
      }
      const m = url.pathname.startsWith(`${basePath}/conversations/`)
        ? /^\/conversations\/([^/]+)\/activities$/.exec(url.pathname.slice(basePath.length))
        : null
      const conv = m ? conversations.get(decodeURIComponent(m[1]!)) : undefined
      if (!conv) return json(res, 404, { error: { code: 'BadArgument', message: 'Conversation not found' } })
      if (auth !== conv.token) return json(res, 403, { error: { code: 'TokenInvalid', message: 'Token not valid for this conversation' } })
      if (req.method === 'POST') {
        const activity = JSON.parse(body) as Activity
        const id = `${m![1]}|${String(conv.activities.length).padStart(7, '0')}`
        conv.activities.push({ ...activity, id })
        conv.count++
        const b = brain(activity.text ?? '', conv.count)
        if (!bot.silent) {
          setTimeout(
            () =>
              conv.activities.push(
                { type: 'typing', id: `${id}-t`, from: { id: 'fake-bot' } },
                {
                  type: 'message',
                  id: `${id}-r`,
                  from: { id: 'fake-bot', name: 'Fake Bot' },
                  replyToId: id,
                  text: b.text,
                  channelData: { intent: b.intent, confidence: b.confidence, entities: b.entities, action: b.action },
                },
              ),
            opts.replyDelayMs ?? 30,
          )
        }
        return json(res, 200, { id })
      }
      if (mode === 'malformed') {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"activities": nope')
        return
      }
      const from = Number(url.searchParams.get('watermark') ?? 0)
      json(res, 200, {
        activities: conv.activities.slice(from),
        watermark: opts.numericWatermark ? conv.activities.length : String(conv.activities.length),
      })
    }),
    { silent: false },
  )
  return bot
}
