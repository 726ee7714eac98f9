import { json, startFakeServer, type FakeServer } from './fake-server.js'

/** What a scripted Rasa bot does for one user message: the actions it runs, in order, and the intent it recognises. */
export type RasaScript = (
  message: string,
  turn: number,
) => string[] | { actions: string[]; intent?: string; entities?: { entity: string; value: string }[] }

/**
 * A Rasa server that runs scripted actions, shapes from Rasa's HTTP API: `POST
 * /webhooks/rest/webhook` with `{sender, message}` answers `[{recipient_id, text}]`, one per
 * `utter_*` action; `GET /conversations/{sender}/tracker` holds `events`: the `user` event, then
 * for each action an `action` event (an utter action followed by its `bot` event with
 * `metadata.utter_action`), then `action_listen`, as Rasa's tracker records a turn.
 */
export async function startScriptedRasa(script: RasaScript): Promise<FakeServer> {
  const trackers = new Map<string, { turn: number; events: Record<string, unknown>[] }>()
  return startFakeServer((req, body, res) => {
    const url = new URL(req.url ?? '/', 'http://x')
    if (url.pathname === '/webhooks/rest/webhook' && req.method === 'POST') {
      const { sender, message } = JSON.parse(body) as { sender: string; message: string }
      const t = trackers.get(sender) ?? {
        turn: 0,
        events: [
          { event: 'action', name: 'action_session_start' },
          { event: 'action', name: 'action_listen' },
        ],
      }
      trackers.set(sender, t)
      const scripted = script(message, t.turn++)
      const { actions, intent = 'unknown', entities = [] } = Array.isArray(scripted) ? { actions: scripted } : scripted
      t.events.push({ event: 'user', text: message, parse_data: { intent: { name: intent, confidence: 1 }, entities } })
      const out: { recipient_id: string; text: string }[] = []
      for (const name of actions) {
        t.events.push({ event: 'action', name })
        if (name.startsWith('utter_')) {
          const text = `(${name.slice(6).replace(/_/g, ' ')})`
          t.events.push({ event: 'bot', text, metadata: { utter_action: name } })
          out.push({ recipient_id: sender, text })
        }
      }
      t.events.push({ event: 'action', name: 'action_listen' })
      return json(res, 200, out)
    }
    const tracker = /^\/conversations\/([^/]+)\/tracker$/.exec(url.pathname)
    if (tracker && req.method === 'GET') {
      const t = trackers.get(decodeURIComponent(tracker[1]!)) ?? { turn: 0, events: [] }
      const latest = [...t.events].reverse().find((e) => e.event === 'user') ?? {}
      return json(res, 200, {
        sender_id: tracker[1],
        latest_message: { text: latest.text, ...(latest.parse_data as object) },
        latest_action_name: 'action_listen',
        events: t.events,
      })
    }
    json(res, 404, { status: 'failure', reason: 'NotFound' })
  })
}

/** What a scripted chat bot answers: its messages in order, and the entities it recognised. */
export type BotScript = (message: string, turn: number) => { messages: string[]; entities?: { type: string; value: string }[] }

/**
 * A chat API in banter's default request shape (`{session_id, user_id, message}`) that answers
 * `{messages: [...], entities: [...]}`: several bot messages per turn, as a Botium connector
 * delivers them. Run with `response: {reply: $.messages}`.
 */
export async function startScriptedBot(script: BotScript): Promise<FakeServer> {
  const turns = new Map<string, number>()
  return startFakeServer((_req, body, res) => {
    const { session_id: session, message } = JSON.parse(body) as { session_id: string; message: string }
    const turn = turns.get(session) ?? 0
    turns.set(session, turn + 1)
    const out = script(message, turn)
    json(res, 200, { messages: out.messages, entities: out.entities ?? [] })
  })
}
