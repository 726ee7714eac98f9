import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Adapter } from '../../src/adapters/adapter.js'
import type { EndpointConfig } from '../../src/adapters/endpoint.js'
import { createAdapter } from '../../src/adapters/registry.js'
import { redactor } from '../../src/secrets/redact.js'
import { NO_RETRY } from '../../src/network/retry.js'
import { createTransport, EndpointError } from '../../src/network/transport.js'
import type { FakeBotServer } from '../helpers/fake-bot.js'
import { startFakeDirectLine } from '../helpers/fake-directline.js'
import { startFakeAcmeApi } from '../helpers/fake-generic-api.js'
import { startFakeOpenAi } from '../helpers/fake-openai.js'
import { startFakeRasa } from '../helpers/fake-rasa.js'

/**
 * One contract, every adapter: a normal turn, a multi-turn session (the second reply knows about
 * the first; another conversation starts afresh), an auth failure (HTTP_STATUS, no secret in the
 * message), a malformed reply (BAD_RESPONSE) and a timeout (TIMEOUT). Each fake server follows
 * its protocol's public documentation (sources in test/helpers/fake-*.ts).
 */
interface Subject {
  name: string
  start(secret: string): Promise<FakeBotServer>
  endpoint(url: string, secret: string): Omit<EndpointConfig, 'timeoutMs'>
}

const base = { method: 'POST', headers: {} }
const SUBJECTS: Subject[] = [
  {
    name: 'http (generic, configured)',
    start: (secret) => startFakeAcmeApi({ token: 'tenant-1', apiKey: secret }),
    endpoint: (url, secret) => ({
      ...base,
      adapter: 'http',
      url: `${url}/t/tenant-1/sessions/{{session.id}}/messages`,
      headers: { 'x-api-key': secret },
      body: { text: '{{message}}' },
      session: { start: { url: `${url}/t/tenant-1/sessions`, capture: { id: '$.data.session.id' } } },
      response: { reply: '$.output.messages[*].body' },
    }),
  },
  {
    name: 'rasa',
    start: (secret) => startFakeRasa({ token: secret }),
    endpoint: (url, secret) => ({ ...base, adapter: 'rasa', url, rasa: { token: secret } }),
  },
  {
    name: 'openai',
    start: (secret) => startFakeOpenAi({ apiKey: secret }),
    endpoint: (url, secret) => ({ ...base, adapter: 'openai', url, openai: { model: 'test-model', api_key: secret } }),
  },
  {
    name: 'openai (stream)',
    start: (secret) => startFakeOpenAi({ apiKey: secret }),
    endpoint: (url, secret) => ({ ...base, adapter: 'openai', url, openai: { model: 'test-model', api_key: secret, stream: true } }),
  },
  {
    name: 'directline',
    start: (secret) => startFakeDirectLine({ secret }),
    endpoint: (url, secret) => ({ ...base, adapter: 'directline', url, directline: { secret, poll_interval_ms: 20 } }),
  },
]

const SECRET = 'sk-contract-Zq81xW'
const WRONG = 'sk-wrong-Pp19aa'

describe.each(SUBJECTS)('adapter contract: $name', (subject) => {
  let server: FakeBotServer
  const adapters: Adapter[] = []
  const make = (over: { secret?: string; timeoutMs?: number } = {}) => {
    const endpoint = { ...subject.endpoint(server.url, over.secret ?? SECRET), timeoutMs: over.timeoutMs ?? 5_000, retry: NO_RETRY }
    const adapter = createAdapter({ endpoint, transport: createTransport({ connections: 4 }), redact: redactor([SECRET, WRONG]) })
    adapters.push(adapter)
    return adapter
  }
  const talk = async (adapter: Adapter, messages: string[], id = 'c1') => {
    const session = await adapter.open({ sessionId: `session-${id}`, userId: `user-${id}` })
    const replies = []
    for (const [turn, message] of messages.entries()) replies.push(await session.send({ message, turn, vars: {} }))
    await session.end()
    return replies
  }
  const failure = (adapter: Adapter) =>
    talk(adapter, ['hello there']).then(
      () => {
        throw new Error('expected a failure')
      },
      (err: unknown) => err as EndpointError,
    )

  beforeAll(async () => {
    server = await subject.start(SECRET)
  })
  afterAll(async () => {
    await Promise.all(adapters.map((a) => a.close()))
    await server.close()
  })

  it('a normal turn: the reply text and a latency', async () => {
    const [out] = await talk(make(), ['hello there'])
    expect(out!.reply.text).toContain('echo: hello there (#1)')
    expect(out!.latencyMs).toBeGreaterThan(0)
    expect(out!.retries).toBe(0)
  })

  it('a multi-turn session: state carries over, and a new conversation starts afresh', async () => {
    const adapter = make()
    const [a, b] = await Promise.all([talk(adapter, ['hello there', 'and then?'], 'a'), talk(adapter, ['first again'], 'b')])
    expect(a[1]!.reply.text).toContain('echo: and then? (#2)')
    expect(b[0]!.reply.text).toContain('echo: first again (#1)')
  })

  it('an auth failure: HTTP_STATUS 401/403, and no secret in the message', async () => {
    const err = await failure(make({ secret: WRONG }))
    expect(err).toBeInstanceOf(EndpointError)
    expect(err.code).toBe('HTTP_STATUS')
    expect([401, 403]).toContain(err.status)
    expect(err.message).not.toContain(WRONG)
    expect(err.message).not.toContain(SECRET)
  })

  it('a malformed reply: BAD_RESPONSE', async () => {
    server.mode = 'malformed'
    try {
      const err = await failure(make())
      expect(err.code).toBe('BAD_RESPONSE')
    } finally {
      server.mode = 'ok'
    }
  })

  it('a timeout: TIMEOUT within a bounded time', async () => {
    server.mode = 'slow'
    const started = Date.now()
    try {
      const err = await failure(make({ timeoutMs: 300 }))
      expect(err.code).toBe('TIMEOUT')
      expect(Date.now() - started).toBeLessThan(4_000)
    } finally {
      server.mode = 'ok'
    }
  })
})
