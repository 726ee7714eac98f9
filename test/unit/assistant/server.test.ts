import { request } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startAssistant, type RunningAssistant } from '../../../src/assistant/server.js'
import { misclassifying } from '../../helpers/misclassify.js'

let assistant: RunningAssistant

beforeAll(async () => {
  assistant = await startAssistant({ port: 0, host: '127.0.0.1' })
})

afterAll(async () => {
  await assistant?.close()
})

interface ChatBody {
  session_id: string
  reply: string
  intent: { name: string; confidence: number }
  entities: { type: string; value: string; start: number; end: number }[]
  action: string
}
interface ErrorBody {
  error: string
}
interface HealthBody {
  status: string
  sessions: number
  uptime_s: number
}

async function json<T = ErrorBody>(res: Response): Promise<T> {
  return (await res.json()) as T
}

function chat(body: unknown): Promise<Response> {
  return fetch(`${assistant.url}/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
}

describe('reference assistant server', () => {
  it('listens on an ephemeral port on 127.0.0.1', () => {
    expect(assistant.host).toBe('127.0.0.1')
    expect(assistant.port).toBeGreaterThan(0)
    expect(assistant.url).toBe(`http://127.0.0.1:${assistant.port}`)
  })

  it('answers POST /chat', async () => {
    const res = await chat({ session_id: 'happy', user_id: 'u1', message: 'Hello, I need help with my order' })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8')
    expect(await json<ChatBody>(res)).toEqual({
      session_id: 'happy',
      reply: 'I can help with your order. What is your order number?',
      intent: { name: 'order_help', confidence: 0.95 },
      entities: [],
      action: 'ask_order_details',
    })
  })

  it('keeps context per session and isolates sessions', async () => {
    await chat({ session_id: 'cancel-a', message: 'I want to cancel my order' })
    const a = await json<ChatBody>(await chat({ session_id: 'cancel-a', message: '12345' }))
    expect(a.action).toBe('cancel_order')
    expect(a.intent.name).toBe('cancel_order')
    expect(a.entities).toEqual([{ type: 'order_id', value: '12345', start: 0, end: 5 }])
    expect(a.reply).toContain('12345')

    const b = await json<ChatBody>(await chat({ session_id: 'cancel-b', message: '12345' }))
    expect(b.action).toBe('retrieve_order')
    expect(b.intent.name).toBe('order_status')
  })

  it('reports health', async () => {
    const res = await fetch(`${assistant.url}/health`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8')
    const body = await json<HealthBody>(res)
    expect(body.status).toBe('ok')
    expect(body.sessions).toBeGreaterThanOrEqual(3)
    expect(typeof body.uptime_s).toBe('number')
  })

  it('rejects bad JSON with 400', async () => {
    const res = await chat('{"session_id": ')
    expect(res.status).toBe(400)
    expect((await json(res)).error).toMatch(/^invalid JSON: /)
  })

  it('rejects missing or wrongly typed fields with 400 naming the field', async () => {
    const missing = await chat({ session_id: 's' })
    expect(missing.status).toBe(400)
    expect((await json(missing)).error).toMatch(/message/)

    const noSession = await chat({ message: 'hi' })
    expect(noSession.status).toBe(400)
    expect((await json(noSession)).error).toMatch(/session_id/)

    const wrongUser = await chat({ session_id: 's', user_id: 7, message: 'hi' })
    expect(wrongUser.status).toBe(400)
    expect((await json(wrongUser)).error).toMatch(/user_id/)

    const notObject = await chat('[1, 2]')
    expect(notObject.status).toBe(400)
  })

  it('refuses a 65 KiB body with 413', async () => {
    const res = await chat({ session_id: 'big', message: 'x'.repeat(65 * 1024) })
    expect(res.status).toBe(413)
    expect((await json(res)).error).toMatch(/too large/)
  })

  it('refuses an oversized chunked body with 413', async () => {
    const result = await new Promise<{ status: number | undefined; body: string }>((resolve, reject) => {
      const req = request(`${assistant.url}/chat`, { method: 'POST', headers: { 'transfer-encoding': 'chunked' } }, (res) => {
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (c: string) => (body += c))
        res.on('end', () => resolve({ status: res.statusCode, body }))
      })
      req.on('error', reject)
      for (let i = 0; i < 20; i++) req.write('x'.repeat(4096))
      req.end()
    })
    expect(result.status).toBe(413)
  })

  it('answers unknown routes with 404', async () => {
    const res = await fetch(`${assistant.url}/nope`)
    expect(res.status).toBe(404)
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8')
    expect((await json(res)).error).toMatch(/nope/)
  })

  it('answers a wrong method with 405 and Allow', async () => {
    const get = await fetch(`${assistant.url}/chat`)
    expect(get.status).toBe(405)
    expect(get.headers.get('allow')).toBe('POST')
    await json(get)

    const post = await fetch(`${assistant.url}/health`, { method: 'POST', body: '{}' })
    expect(post.status).toBe(405)
    expect(post.headers.get('allow')).toBe('GET')
    await json(post)
  })

  it('ignores the query string when routing', async () => {
    const res = await fetch(`${assistant.url}/health?verbose=1`)
    expect(res.status).toBe(200)
    await json(res)
  })

  it('close() resolves promptly despite keep-alive connections, and is idempotent', async () => {
    const other = await startAssistant({ classify: misclassifying('cancel') })
    const res = await fetch(`${other.url}/chat`, {
      method: 'POST',
      body: JSON.stringify({ session_id: 's', message: 'I want to cancel my order' }),
    })
    expect((await json<ChatBody>(res)).action).toBe('fallback')
    const started = Date.now()
    await other.close()
    await other.close()
    expect(Date.now() - started).toBeLessThan(1500)
    await expect(fetch(`${other.url}/health`)).rejects.toThrow()
  })
})
