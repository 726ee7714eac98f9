import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { createStreamAccumulator } from '../../../src/adapters/openai-stream.js'
import { toReply } from '../../../src/adapters/openai-reply.js'
import { redactDeep } from '../../../src/secrets/redact-report.js'
import { quoteBody } from '../../../src/network/read-body.js'
import { isCredentialName, maskCredentialLine, urlSecrets } from '../../../src/secrets/credentials.js'
import { renderDiagnostic } from '../../../src/diagnostics/render.js'
import { InputError } from '../../../src/core/errors.js'
import { loadConfig } from '../../../src/config/load-config.js'
import {
  clip,
  maskUrlCredentials,
  MIN_SECRET_LENGTH,
  redactor,
  urlCredentialValues,
  withUrlCredentials,
} from '../../../src/secrets/redact.js'
import { EndpointError } from '../../../src/network/endpoint-error.js'
import { openLiveSession } from '../../../src/record/live-session.js'
import { json, startFakeServer } from '../../helpers/fake-server.js'
import { tempDir } from '../../helpers/temp-dir.js'

async function secretsOf(config: string, env: Record<string, string>): Promise<Set<string>> {
  const dir = await tempDir('banter-credentials-')
  await writeFile(path.join(dir, 'banter.config.yaml'), config)
  return (await loadConfig(undefined, dir, env)).secrets
}

describe('which names are credentials', () => {
  it('headers, query parameters and variables named like a credential', () => {
    for (const name of [
      'Authorization',
      'proxy-authorization',
      'X-API-Key',
      'api-key',
      'api_key',
      'apiKey',
      'X-Auth-Token',
      'client_secret',
      'x-apikey',
      'OPENAI_API_KEY',
      'GITHUB_TOKEN',
      'DB_PASSWORD',
      'sig',
      'Cookie',
      'access_token',
    ]) {
      expect(isCredentialName(name), name).toBe(true)
    }
  })

  it('not ports, hosts, tenants or words that merely contain "key" or "auth"', () => {
    for (const name of [
      'BANK_PORT',
      'BANK_HOST',
      'ACME_TENANT',
      'content-type',
      'accept',
      'x-request-id',
      'monkey',
      'X-Author',
      'lang',
      'design',
    ]) {
      expect(isCredentialName(name), name).toBe(false)
    }
  })
})

describe('environment values: credentials masked, the rest of a URL visible', () => {
  it('a port, host and path from the environment stay visible; header, query string and body values are secret', async () => {
    const secrets = await secretsOf(
      `endpoint:
  url: http://\${BANK_HOST}:\${BANK_PORT}/t/\${TENANT}/chat?access=\${ACCESS}&lang=en
  headers:
    X-Tenant-Id: \${HEADER_VALUE}
  body:
    message: "{{message}}"
    context: \${BODY_VALUE}
`,
      {
        BANK_HOST: 'bank.internal',
        BANK_PORT: '18080',
        TENANT: 'tenant-42',
        ACCESS: 'acc-123456',
        HEADER_VALUE: 'hdr-abcdef',
        BODY_VALUE: 'body-987654',
      },
    )
    expect([...secrets]).toEqual(expect.arrayContaining(['acc-123456', 'hdr-abcdef', 'body-987654']))
    for (const visible of ['bank.internal', '18080', 'tenant-42', 'en']) expect(secrets.has(visible), visible).toBe(false)
  })

  it('a variable named like a credential is secret wherever it is used, even in a URL path (a bot token in the path)', async () => {
    const secrets = await secretsOf('endpoint:\n  url: https://api.example.com/bot${BOT_TOKEN}/send\n', { BOT_TOKEN: '123456:ABC-def' })
    expect(secrets.has('123456:ABC-def')).toBe(true)
  })

  it('secrets: declares more variables to mask, used in the config or not', async () => {
    const secrets = await secretsOf('endpoint:\n  url: http://127.0.0.1:9/t/${TENANT}/chat\nsecrets: [TENANT, UNUSED_BUT_SENSITIVE]\n', {
      TENANT: 'tenant-42',
      UNUSED_BUT_SENSITIVE: 'private-value',
    })
    expect([...secrets]).toEqual(expect.arrayContaining(['tenant-42', 'private-value']))
  })

  it('a whole URL from the environment: its userinfo and its query values are secret, not its host or path', async () => {
    const secrets = await secretsOf('endpoint:\n  url: ${BANK_URL}\n', {
      BANK_URL: 'http://svc:pw-7788@bank.internal:8443/chat?session=abc123&lang=en',
    })
    expect([...secrets]).toEqual(expect.arrayContaining(['svc:pw-7788', 'pw-7788', 'abc123']))
    for (const visible of ['bank.internal', '8443', 'http://svc:pw-7788@bank.internal:8443/chat?session=abc123&lang=en'])
      expect(secrets.has(visible), visible).toBe(false)
  })

  it('literal credentials in the file: credential headers, query parameters named like a key, body fields named like a password, userinfo', async () => {
    const secrets = await secretsOf(
      `endpoint:
  url: http://admin:lit-pass-1@127.0.0.1:9/chat?api_key=lit-key-2&lang=english
  headers:
    Authorization: Bearer lit-token-3
    Accept: application/json
  body:
    message: "{{message}}"
    login: { password: lit-pass-4, user: alice }
`,
      {},
    )
    expect([...secrets]).toEqual(
      expect.arrayContaining(['admin:lit-pass-1', 'lit-pass-1', 'lit-key-2', 'Bearer lit-token-3', 'lit-token-3', 'lit-pass-4']),
    )
    for (const visible of ['english', 'application/json', 'alice']) expect(secrets.has(visible), visible).toBe(false)
  })

  it('the rule is the same for every kind of secret: values shorter than 3 characters are never masked', async () => {
    expect(MIN_SECRET_LENGTH).toBe(3)
    const secrets = await secretsOf(
      'endpoint:\n  url: http://127.0.0.1:9/chat\n  headers:\n    X-API-Key: ${SHORT}\n    Authorization: ab\n',
      { SHORT: 'xy' },
    )
    const redact = redactor(secrets)
    expect(redact('xy ab abc')).toBe('xy ab abc')
    expect(redactor(['abc'])('xy ab abc')).toBe('xy ab ***')
  })
})

describe('redact, then cut', () => {
  const KEY = 'sk-live-9f8e7d6c5b4a3210'
  const redact = redactor([KEY])

  it('a key straddling the cut is masked whole, never left in part', () => {
    for (let at = 150; at <= 200; at++) {
      const quoted = quoteBody(`${'x'.repeat(at)}${KEY} tail`, redact)
      expect(quoted).toBe(`${'x'.repeat(at)}*** tail`.slice(0, 200) + (at + 8 > 200 ? '…' : ''))
      expect(quoted).not.toContain(KEY.slice(0, 3))
    }
    // Cut first, as banter once did, and the first part of the key escapes.
    expect(redact(`${'x'.repeat(190)}${KEY}`.slice(0, 200))).toContain(KEY.slice(0, 10))
  })

  it('a secret holding spaces is masked before whitespace is flattened', () => {
    expect(clip('a   b\n\nc', 100, redactor(['a   b\n\nc']))).toBe('***')
  })

  it('an invalid stream event and invalid tool arguments quote at most 100 redacted characters', () => {
    const stream = createStreamAccumulator(() => 0, redact)
    let error: unknown
    try {
      stream.push(`data: {${'y'.repeat(90)}${KEY}\n\n`)
    } catch (err) {
      error = err
    }
    expect(error).toBeInstanceOf(EndpointError)
    expect((error as Error).message).toMatch(/y{90}\*\*\*$/)
    const call = { id: 'c1', type: 'function' as const, function: { name: 'lookup', arguments: `{${'z'.repeat(95)}${KEY}` } }
    // Arguments that are not JSON are kept for a failed verdict; the report is masked as a whole.
    const reply = redactDeep(toReply({ role: 'assistant', content: '', tool_calls: [call] }, { model: 'm', intent: 'tool' }, {}), redact)
    expect(reply.toolCalls![0]!.invalidArguments!.text).toMatch(/z{95}\*\*\*$/)
    expect(JSON.stringify(reply)).not.toContain(KEY)
  })
})

describe('credentials in URLs', () => {
  it('maskUrlCredentials shows userinfo as *** in any text, whatever its length, and leaves other @ alone', () => {
    expect(maskUrlCredentials('GET http://u:p@host:1/x failed; see https://bob:s3cr3t@example.com/a?b=c')).toBe(
      'GET http://***@host:1/x failed; see https://***@example.com/a?b=c',
    )
    expect(maskUrlCredentials('mail bob@example.com, http://host/users/a@b.c')).toBe('mail bob@example.com, http://host/users/a@b.c')
  })

  it('urlCredentialValues and urlSecrets: userinfo as written and decoded, the password, credential query values', () => {
    expect(urlCredentialValues('http://ann:p%40ss-1@host/')).toEqual([
      'ann:p%40ss-1',
      'ann:p@ss-1',
      'p%40ss-1',
      'p@ss-1',
      Buffer.from('ann:p@ss-1').toString('base64'),
    ])
    expect(urlCredentialValues('http://host/a@b')).toEqual([])
    expect(urlSecrets('http://host/chat?token=t-123&page=2&sig=abc%2Fdef', [])).toEqual(['t-123', 't-123', 'abc%2Fdef', 'abc/def'])
  })

  it('withUrlCredentials turns userinfo into a Basic Authorization header and strips it from the URL, unless one is set', () => {
    const basic = `Basic ${Buffer.from('ann:p@ss').toString('base64')}`
    expect(withUrlCredentials('http://ann:p%40ss@127.0.0.1:9091/metrics', { accept: 'x' })).toEqual({
      url: 'http://127.0.0.1:9091/metrics',
      headers: { accept: 'x', authorization: basic },
    })
    expect(withUrlCredentials('http://ann:p%40ss@127.0.0.1:9091/m', { Authorization: 'Bearer t' })).toEqual({
      url: 'http://127.0.0.1:9091/m',
      headers: { Authorization: 'Bearer t' },
    })
    expect(withUrlCredentials('http://127.0.0.1:9091/metrics', {})).toEqual({ url: 'http://127.0.0.1:9091/metrics', headers: {} })
  })
})

describe('banter record', () => {
  it('a reply echoing a credential is shown and recorded masked; URL credentials are sent as Basic auth, not shown', async () => {
    const KEY = 'rec-key-5Gh8Jk2Lq9'
    const server = await startFakeServer((req, _body, res) =>
      json(res, 200, { reply: `your key is ${String(req.headers['x-api-key'])}`, intent: 'greet' }),
    )
    try {
      const dir = await tempDir('banter-record-secrets-')
      await writeFile(
        path.join(dir, 'banter.config.yaml'),
        `endpoint:\n  url: ${server.url.replace('http://', 'http://rec:pw-1234@')}/chat\n  headers:\n    X-API-Key: \${REC_KEY}\n`,
      )
      const config = await loadConfig(undefined, dir, { REC_KEY: KEY })
      const live = await openLiveSession({ timeoutMs: 10_000 }, config)
      try {
        expect(live.target).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/chat$/)
        expect((await live.send('hello')).text).toBe('your key is ***')
        // The header wins over the URL's user:pass (sent as Basic auth only when no Authorization is set).
        expect(server.requests[0]!.headers).toMatchObject({
          'x-api-key': KEY,
          authorization: `Basic ${Buffer.from('rec:pw-1234').toString('base64')}`,
        })
      } finally {
        await live.close()
      }
    } finally {
      await server.close()
    }
  })
})

describe('config code frames', () => {
  it('a line quoting a credential written in the config is masked in the frame; ${VARS} and other lines are shown', () => {
    expect(maskCredentialLine('    Authorization: Bearer lit-token-77')).toBe('    Authorization: ***')
    expect(maskCredentialLine('    X-API-Key: "12345678"')).toBe('    X-API-Key: ***')
    expect(maskCredentialLine('    X-API-Key: ${API_KEY}')).toBe('    X-API-Key: ${API_KEY}')
    expect(maskCredentialLine('  url: http://ann:pw-1@127.0.0.1:9/chat')).toBe('  url: http://***@127.0.0.1:9/chat')
    expect(maskCredentialLine('  timeout_ms: -5')).toBe('  timeout_ms: -5')
  })

  it('a schema error on a credential line renders without the credential', async () => {
    const dir = await tempDir('banter-frame-')
    await writeFile(
      path.join(dir, 'banter.config.yaml'),
      'endpoint:\n  url: http://127.0.0.1:9/chat\n  headers:\n    X-API-Key: 98765432101\n',
    )
    const error = await loadConfig(undefined, dir, {}).catch((err: unknown) => err)
    expect(error).toBeInstanceOf(InputError)
    const text = (error as InputError).diagnostics.map(renderDiagnostic).join('\n')
    expect(text).toContain('banter.config.yaml:4:16')
    expect(text).toContain('X-API-Key: ***')
    expect(text).not.toContain('98765432101')
  })
})
