import { afterEach, describe, expect, it } from 'vitest'
import { createCookieJar } from '../../../src/network/cookie-jar.js'
import { createHttpAdapter } from '../../../src/adapters/http.js'
import { checkReply } from '../../../src/evaluate/reply.js'
import { NO_RETRY } from '../../../src/network/retry.js'
import { createTransport, EndpointError } from '../../../src/network/transport.js'
import type { AssistantReply } from '../../../src/report/model.js'
import { compileTemplate } from '../../../src/template/template.js'
import { startFakeServer, type FakeServer } from '../../helpers/fake-server.js'

const servers: FakeServer[] = []
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close()
})

async function serve(handle: Parameters<typeof startFakeServer>[0]) {
  const s = await startFakeServer(handle)
  servers.push(s)
  return s
}

describe('generic http adapter', () => {
  it('reads a text/plain body as the reply, by content-type or by format: text', async () => {
    const server = await serve((_req, body, res) =>
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(`you said ${JSON.parse(body).message}`),
    )
    const adapter = createHttpAdapter({
      endpoint: { url: server.url, method: 'POST', headers: {}, timeoutMs: 2_000, retry: NO_RETRY },
      transport: createTransport({ connections: 1 }),
      redact: (s) => s,
    })
    const session = await adapter.open({ sessionId: 's', userId: 'u' })
    expect((await session.send({ message: 'hi', turn: 0, vars: {} })).reply).toMatchObject({ text: 'you said hi', entities: [] })
    await adapter.close()
  })

  it('a capture that finds nothing in the session-start response is BAD_RESPONSE naming the path', async () => {
    const server = await serve((_req, _body, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"other": 1}'))
    const adapter = createHttpAdapter({
      endpoint: {
        url: `${server.url}/m/{{session.id}}`,
        method: 'POST',
        headers: {},
        timeoutMs: 2_000,
        retry: NO_RETRY,
        session: { start: { url: `${server.url}/start`, capture: { id: '$.session.id' } } },
      },
      transport: createTransport({ connections: 1 }),
      redact: (s) => s,
    })
    const err = await adapter.open({ sessionId: 's', userId: 'u' }).then(
      () => undefined,
      (e: unknown) => e as EndpointError,
    )
    expect(err).toMatchObject({ code: 'BAD_RESPONSE' })
    expect(err!.message).toContain('$.session.id')
    await adapter.close()
  })
})

describe('cookie jar', () => {
  it('keeps name=value pairs, replaces them, and deletes on Max-Age=0 or a past Expires', () => {
    const jar = createCookieJar(() => Date.parse('2026-01-01T00:00:00Z'))
    expect(jar.header()).toBeUndefined()
    jar.store(['a=1; Path=/; HttpOnly', 'b=two=2'])
    expect(jar.header()).toBe('a=1; b=two=2')
    jar.store('a=3')
    jar.store('b=; Max-Age=0')
    expect(jar.header()).toBe('a=3')
    jar.store('a=x; Expires=Thu, 01 Jan 2015 00:00:00 GMT')
    expect(jar.header()).toBeUndefined()
    jar.store(['=nameless', 'garbage'])
    expect(jar.header()).toBeUndefined()
  })
})

describe('reply checks over several messages', () => {
  const loc = { file: 's.yaml', line: 1, col: 1 }
  const contains = (text: string) => ({
    kind: 'reply' as const,
    loc,
    op: 'contains' as const,
    text: compileTemplate(text),
    ignoreCase: false,
  })
  const reply = (mode: 'any' | 'all'): AssistantReply => ({
    text: 'Your order shipped.\nAnything else?',
    entities: [],
    body: {},
    messages: { mode, texts: ['Your order shipped.', 'Anything else?'] },
  })

  it('any: passes when one message satisfies the check; all: only when every one does', () => {
    expect(checkReply(contains('shipped'), reply('any'), {})).toMatchObject({
      pass: true,
      actual: ['Your order shipped.', 'Anything else?'],
    })
    expect(checkReply(contains('shipped'), reply('all'), {})).toMatchObject({ pass: false, code: 'REPLY_MISSING_TEXT' })
    expect(checkReply(contains('.'), reply('all'), {}).pass).toBe(false)
    expect(checkReply({ ...contains('?'), op: 'not_contains' }, reply('any'), {}).pass).toBe(false)
    expect(
      checkReply({ kind: 'reply', loc, op: 'equals', text: compileTemplate('Anything else?'), ignoreCase: false }, reply('any'), {}).pass,
    ).toBe(true)
  })

  it('join (no messages): checks the joined text', () => {
    expect(
      checkReply(contains('shipped.\nAnything'), { text: 'Your order shipped.\nAnything else?', entities: [], body: {} }, {}).pass,
    ).toBe(true)
  })
})
