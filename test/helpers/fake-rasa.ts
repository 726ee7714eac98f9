import { brain, startFakeBot, type FakeBotServer } from './fake-bot.js'
import { json } from './fake-server.js'

/**
 * A fake Rasa server, shapes from Rasa's HTTP API reference
 * (https://rasa.com/docs/reference/api/pro/http-api/channel-webhooks/post-user-message-from-a-rest-channel.md
 * and the tracker endpoint GET /conversations/{conversation_id}/tracker):
 * `POST /webhooks/rest/webhook?token=` with `{sender, message}` → `[{recipient_id, text}]`;
 * the tracker holds `latest_message.{intent{name,confidence}, entities[{entity,value}]}`,
 * `latest_action_name` and `events`; `POST /model/parse` with `{text}`. Without the right
 * `?token=` every endpoint answers 401 (Rasa's token auth).
 */
export async function startFakeRasa(opts: { token: string }): Promise<FakeBotServer> {
  const trackers = new Map<string, { count: number; events: Record<string, unknown>[]; latest: Record<string, unknown> }>()
  return startFakeBot((req, body, res, mode) => {
    const url = new URL(req.url ?? '/', 'http://x')
    if (url.searchParams.get('token') !== opts.token)
      return json(res, 401, {
        version: '3.6.0',
        status: 'failure',
        reason: 'NotAuthenticated',
        message: 'User is not authenticated.',
        code: 401,
      })
    if (url.pathname === '/webhooks/rest/webhook' && req.method === 'POST') {
      if (mode === 'malformed') {
        res.writeHead(200, { 'content-type': 'text/html' }).end('<html>502 upstream</html>')
        return
      }
      const { sender, message } = JSON.parse(body) as { sender: string; message: string }
      const t = trackers.get(sender) ?? { count: 0, events: [], latest: {} }
      trackers.set(sender, t)
      t.count++
      const b = brain(message, t.count)
      t.latest = {
        text: message,
        intent: { name: b.intent, confidence: b.confidence },
        entities: b.entities.map((e) => ({ entity: e.type, value: e.value, start: 0, end: 1, extractor: 'RegexEntityExtractor' })),
      }
      t.events.push(
        { event: 'user', text: message },
        { event: 'action', name: b.action },
        { event: 'bot', text: b.text },
        { event: 'action', name: 'action_listen' },
      )
      return json(res, 200, [
        { recipient_id: sender, text: b.text },
        { recipient_id: sender, text: 'Anything else?' },
      ])
    }
    const tracker = /^\/conversations\/([^/]+)\/tracker$/.exec(url.pathname)
    if (tracker && req.method === 'GET') {
      const t = trackers.get(decodeURIComponent(tracker[1]!)) ?? { count: 0, events: [], latest: {} }
      return json(res, 200, {
        sender_id: tracker[1],
        latest_message: t.latest,
        latest_action_name: 'action_listen',
        events: t.events,
        paused: false,
      })
    }
    if (url.pathname === '/model/parse' && req.method === 'POST') {
      const b = brain((JSON.parse(body) as { text: string }).text, 0)
      return json(res, 200, {
        text: '',
        intent: { name: b.intent, confidence: b.confidence },
        entities: b.entities.map((e) => ({ entity: e.type, value: e.value })),
      })
    }
    json(res, 404, { status: 'failure', reason: 'NotFound' })
  })
}
