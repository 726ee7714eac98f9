import { afterEach, describe, expect, it } from 'vitest'
import { createTransport, EndpointError } from '../../../src/network/transport.js'
import { startFakeServer, type FakeServer } from '../../helpers/fake-server.js'

let server: FakeServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

async function sendTo(url: string, timeoutMs: number, abort?: AbortSignal) {
  const transport = createTransport({ connections: 1, abort })
  try {
    return await transport.send({ url, method: 'POST', headers: {}, body: '{}', timeoutMs })
  } finally {
    await transport.close()
  }
}

describe('the per-turn timeout covers connecting, headers and body', () => {
  it('headers sent at once, then a body trickled past the timeout → TIMEOUT', async () => {
    server = await startFakeServer((_req, _body, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' })
      res.write('{"reply":"')
      const t = setInterval(() => (res.destroyed ? clearInterval(t) : res.write('x')), 100)
      res.on('close', () => clearInterval(t))
    })
    const started = Date.now()
    const err = await sendTo(server.url, 600).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(EndpointError)
    expect((err as EndpointError).code).toBe('TIMEOUT')
    expect((err as EndpointError).message).toBe('no complete response within 600 ms')
    expect(Date.now() - started).toBeLessThan(5_000)
  })

  it('no headers at all → TIMEOUT', async () => {
    server = await startFakeServer(() => undefined)
    const err = await sendTo(server.url, 400).catch((e: unknown) => e)
    expect((err as EndpointError).code).toBe('TIMEOUT')
  })

  it('a run-level abort cancels the request as ABORTED, not TIMEOUT', async () => {
    server = await startFakeServer(() => undefined)
    const abort = new AbortController()
    setTimeout(() => abort.abort('interrupted'), 100)
    const err = await sendTo(server.url, 10_000, abort.signal).catch((e: unknown) => e)
    expect(err).toMatchObject({ code: 'ABORTED', message: 'request cancelled: interrupted' })
  })
})
