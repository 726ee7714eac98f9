import { brain, startFakeBot, type FakeBotServer } from './fake-bot.js'
import { json } from './fake-server.js'

/**
 * "Acme Chat", an invented API the generic adapter must drive from configuration alone: the
 * tenant token is in the path, an `x-api-key` header is required (401 otherwise), a session is
 * opened first (`POST /t/{token}/sessions` → `{data: {session: {id}}}`), messages go to
 * `/t/{token}/sessions/{id}/messages` as `{text}`, and replies nest everything under other names:
 * `{output: {messages: [{body}], nlu: {top: {label, score}}, slots: [{slotName, val: {resolved}}], next: {step}}}`.
 * A cookie set at session start must come back on every message (403 otherwise).
 */
export async function startFakeAcmeApi(opts: { token: string; apiKey: string }): Promise<FakeBotServer> {
  const sessions = new Map<string, number>()
  let next = 1
  return startFakeBot((req, body, res, mode) => {
    const url = new URL(req.url ?? '/', 'http://x')
    const m = /^\/t\/([^/]+)\/sessions(?:\/([^/]+)(\/messages)?)?$/.exec(url.pathname)
    if (!m || m[1] !== opts.token) return json(res, 404, { error: 'no such tenant' })
    if (req.headers['x-api-key'] !== opts.apiKey) return json(res, 401, { error: 'invalid api key' })
    const [, , id, messages] = m
    if (!id && req.method === 'POST') {
      const sid = `s${next++}`
      sessions.set(sid, 0)
      res.setHeader('set-cookie', [`acme_affinity=${sid}-node; Path=/; HttpOnly`, 'stale=1; Max-Age=0'])
      return json(res, 201, { data: { session: { id: sid } } })
    }
    if (id && !sessions.has(id)) return json(res, 404, { error: 'no such session' })
    if (id && !messages && req.method === 'DELETE') {
      sessions.delete(id)
      res.writeHead(204).end()
      return
    }
    if (!(req.headers.cookie ?? '').includes(`acme_affinity=${id}-node`)) return json(res, 403, { error: 'missing affinity cookie' })
    if (mode === 'malformed') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"output": {"messages": [')
      return
    }
    const count = sessions.get(id!)! + 1
    sessions.set(id!, count)
    const b = brain((JSON.parse(body) as { text: string }).text, count)
    json(res, 200, {
      output: {
        messages: [{ body: b.text }, { body: 'Anything else?' }],
        nlu: { top: { label: b.intent, score: b.confidence } },
        slots: b.entities.map((e) => ({ slotName: e.type, val: { resolved: e.value } })),
        next: { step: b.action },
      },
    })
  })
}
