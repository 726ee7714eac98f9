import type http from 'node:http'
import { json, startFakeServer, type FakeServer } from './fake-server.js'

/**
 * A fake OpenAI-compatible judge on loopback, one behaviour per base path, so a config can point
 * `judge.url` at `${judge.url}/<mode>/v1`:
 *   good        {score: 0.9, reason: "fine"} with usage 40 + 8 tokens
 *   low         {score: 0.2, reason: "poor"}
 *   malformed   content that is not JSON
 *   range       {score: 7, reason: …}: out of 0..1
 *   slow        answers after `slowMs` (default 3000), a good grade
 *   failing     HTTP 500 whose body echoes the Authorization header (to test masking)
 *   never       reads the request and never answers
 * `maxInFlight` is the most requests it was answering at once (good mode waits `goodMs`).
 */
export interface FakeJudge extends FakeServer {
  maxInFlight: number
  /** performance.now() at each request's arrival. */
  arrivals: number[]
}

export async function startFakeJudge(opts: { goodMs?: number; slowMs?: number } = {}): Promise<FakeJudge> {
  let inFlight = 0
  const state = { maxInFlight: 0 }
  const arrivals: number[] = []
  const grade = (res: http.ServerResponse, content: string) =>
    json(res, 200, {
      id: 'judge-1',
      object: 'chat.completion',
      created: 0,
      model: 'fake-judge',
      choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 40, completion_tokens: 8, total_tokens: 48 },
    })
  const server = await startFakeServer((req, _body, res) => {
    arrivals.push(performance.now())
    const mode = (req.url ?? '').split('/')[1]
    inFlight++
    state.maxInFlight = Math.max(state.maxInFlight, inFlight)
    res.on('close', () => {
      inFlight--
    })
    switch (mode) {
      case 'good':
        return void setTimeout(() => grade(res, JSON.stringify({ score: 0.9, reason: 'fine' })), opts.goodMs ?? 0)
      case 'low':
        return grade(res, JSON.stringify({ score: 0.2, reason: 'poor' }))
      case 'malformed':
        return grade(res, 'I would give this reply a solid 8 out of 10.')
      case 'range':
        return grade(res, JSON.stringify({ score: 7, reason: 'seven out of ten' }))
      case 'slow':
        return void setTimeout(() => grade(res, JSON.stringify({ score: 1, reason: 'late' })), opts.slowMs ?? 3000)
      case 'failing':
        return json(res, 500, { error: { message: `upstream failed for ${req.headers.authorization ?? 'nobody'}` } })
      case 'never':
        return
      default:
        return json(res, 404, { error: { message: 'not found' } })
    }
  })
  return {
    url: server.url,
    requests: server.requests,
    close: server.close,
    arrivals,
    get maxInFlight() {
      return state.maxInFlight
    },
  }
}
