import { connect } from 'node:net'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startAssistant, type RunningAssistant } from '../../../src/assistant/server.js'

let assistant: RunningAssistant
beforeAll(async () => {
  assistant = await startAssistant()
})
afterAll(() => assistant.close())

/** Writes raw bytes on a fresh connection; resolves with whatever came back when the server closes or 2 s pass. */
function raw(payload: string | Buffer, waitMs = 2_000): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(assistant.port, '127.0.0.1')
    let out = ''
    const done = () => {
      clearTimeout(timer)
      socket.destroy()
      resolve(out)
    }
    const timer = setTimeout(done, waitMs)
    socket.on('data', (d: Buffer) => {
      out += d.toString('latin1')
    })
    socket.on('error', done)
    socket.on('close', done)
    socket.write(payload)
    socket.end()
  })
}

const MALFORMED: [string, string | Buffer][] = [
  ['empty line', '\r\n\r\n'],
  ['garbage request line', 'HELLO THERE\r\n\r\n'],
  ['no version', 'GET /health\r\n\r\n'],
  ['bad version', 'GET /health HTTP/9.9\r\n\r\n'],
  ['space in path', 'GET /he alth HTTP/1.1\r\nHost: x\r\n\r\n'],
  ['huge header', `GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(100_000)}\r\n\r\n`],
  ['many headers', `GET /health HTTP/1.1\r\n${Array.from({ length: 3000 }, (_, i) => `X-${i}: v`).join('\r\n')}\r\n\r\n`],
  ['header without colon', 'GET /health HTTP/1.1\r\nHost x\r\n\r\n'],
  ['bad content-length', 'POST /chat HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n{}'],
  ['two content-lengths', 'POST /chat HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 5\r\n\r\n{}'],
  ['content-length and chunked', 'POST /chat HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n'],
  ['bad chunk size', 'POST /chat HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\nabc\r\n0\r\n\r\n'],
  ['chunk longer than said', 'POST /chat HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabcdef\r\n0\r\n\r\n'],
  ['huge chunk size', 'POST /chat HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFF\r\nab'],
  ['declared body too large', 'POST /chat HTTP/1.1\r\nHost: x\r\nContent-Length: 999999999\r\n\r\n{'],
  [
    'invalid UTF-8 body',
    Buffer.concat([
      Buffer.from('POST /chat HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 44\r\n\r\n'),
      Buffer.from('{"session_id":"a","message":"\xff\xfe\xc3\x28 bad"}  ', 'latin1').subarray(0, 44),
    ]),
  ],
  ['invalid UTF-8 in path', Buffer.from('GET /\xff\xfe HTTP/1.1\r\nHost: x\r\n\r\n', 'latin1')],
  ['NUL bytes', 'GET /health\0 HTTP/1.1\r\n\0\r\n\r\n'],
  ['pipelined garbage', 'GET /health HTTP/1.1\r\nHost: x\r\n\r\nGARBAGE\r\n\r\nPOST /chat HTTP/1.1\r\n\r\n'],
  ['truncated request', 'POST /chat HTTP/1.1\r\nHost: x\r\nContent-Length: 50\r\n\r\n{"session'],
  ['unknown method', 'BREW /chat HTTP/1.1\r\nHost: x\r\n\r\n'],
  [
    'proto pollution body',
    'POST /chat HTTP/1.1\r\nHost: x\r\nContent-Length: 73\r\n\r\n{"__proto__":{"polluted":1},"session_id":"p","message":"hi","user_id":null}',
  ],
]

describe('the reference assistant survives malformed HTTP', () => {
  it.each(MALFORMED)('%s: answers with a 4xx/5xx or closes, never crashes', async (_name, payload) => {
    const reply = await raw(payload)
    if (reply !== '') expect(reply).toMatch(/^HTTP\/1\.1 \d{3} /)
    const health = await fetch(`${assistant.url}/health`)
    expect(health.status).toBe(200)
  })

  it('arbitrary JSON bodies to /chat get 200 or 400, each with a JSON body', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.jsonValue(),
          fc.record(
            {
              session_id: fc.oneof(fc.string(), fc.jsonValue()),
              message: fc.oneof(fc.string(), fc.jsonValue()),
              user_id: fc.option(fc.jsonValue()),
            },
            { requiredKeys: [] },
          ),
        ),
        async (body) => {
          const res = await fetch(`${assistant.url}/chat`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(body) ?? 'null',
          })
          expect([200, 400]).toContain(res.status)
          expect(typeof (await res.json())).toBe('object')
        },
      ),
      { numRuns: 300 },
    )
  }, 60_000)

  it('arbitrary bytes as a body get a 400, never a crash', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), async (bytes) => {
        const res = await fetch(`${assistant.url}/chat`, { method: 'POST', body: bytes })
        expect([200, 400]).toContain(res.status)
        await res.text()
      }),
      { numRuns: 200 },
    )
  }, 60_000)

  it('after all the fuzzing, /health still answers 200 and nothing was polluted', async () => {
    const res = await fetch(`${assistant.url}/health`)
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ status: 'ok' })
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('listens on loopback unless told otherwise', () => {
    expect(assistant.host).toBe('127.0.0.1')
  })
})
