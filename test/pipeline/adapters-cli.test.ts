import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../helpers/in-process-cli.js'
import type { FakeBotServer } from '../helpers/fake-bot.js'
import { startFakeAcmeApi } from '../helpers/fake-generic-api.js'
import { startFakeOpenAi } from '../helpers/fake-openai.js'
import { tempDir } from '../helpers/temp-dir.js'

const STACK = /\n\s+at .+:\d+:\d+/
const API_KEY = 'acme-key-7Hq2LmZ0'
const TENANT = 'tenant-Xy42secret'

const SCENARIO = `- name: Order lookup through Acme
  turns:
    - user: hello there
      expect:
        intent: greet
        reply:
          contains: Anything else?
    - user: where is order 12345
      expect:
        intent: order_status
        entities:
          - type: order_id
            value: "12345"
        action: action_lookup_order
        reply:
          contains: "(#2)"
`

/** The generic adapter configured for "Acme Chat" (test/helpers/fake-generic-api.ts) with no code. */
function acmeConfig(url: string): string {
  return `endpoint:
  url: ${url}/t/\${ACME_TENANT}/sessions/{{session.id}}/messages
  headers:
    X-API-Key: \${ACME_KEY}
  body:
    text: "{{message}}"
  session:
    start:
      url: ${url}/t/\${ACME_TENANT}/sessions
      capture:
        id: $.data.session.id
    end:
      url: ${url}/t/\${ACME_TENANT}/sessions/{{session.id}}
      method: DELETE
  response:
    reply: $.output.messages[*].body
    reply_mode: any
    intent: $.output.nlu.top.label
    confidence: $.output.nlu.top.score
    entities:
      path: $.output.slots
      type: slotName
      value: val.resolved
    action: $.output.next.step
  timeout_ms: 3000
`
}

async function project(config: string): Promise<string> {
  const dir = await tempDir('banter-adapters-')
  await writeFile(path.join(dir, 'banter.config.yaml'), config)
  await writeFile(path.join(dir, 'acme.yaml'), SCENARIO)
  return dir
}

describe('the generic adapter configured for a new API, without code', () => {
  let server: FakeBotServer
  beforeAll(async () => {
    server = await startFakeAcmeApi({ token: TENANT, apiKey: API_KEY })
  })
  afterAll(() => server.close())

  it('opens a session, keeps its cookie, maps nested renamed fields, ends the session, and never prints the API key', async () => {
    const dir = await project(acmeConfig(server.url))
    const r = await runCli(['run', 'acme.yaml', '--reporter', 'console,json,junit', '--out', 'out'], {
      cwd: dir,
      env: { ACME_KEY: API_KEY, ACME_TENANT: TENANT },
    })
    expect(r.stderr).not.toMatch(STACK)
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('1 passed, 0 failed, 0 errored, 0 skipped')
    const json = await readFile(path.join(dir, 'out', 'banter-report.json'), 'utf8')
    const junit = await readFile(path.join(dir, 'out', 'junit.xml'), 'utf8')
    for (const text of [r.stdout, r.stderr, json, junit]) expect(text).not.toContain(API_KEY)
    const report = JSON.parse(json)
    // ${ACME_TENANT} is in the URL's path: not a credential, so it stays visible (docs/config-and-adapters.md "Secrets").
    expect(report.run.endpoint).toContain(`/t/${TENANT}/sessions/`)
    expect(report.cases[0].turns[1].reply).toMatchObject({
      intent: 'order_status',
      confidence: 0.93,
      entities: [{ type: 'order_id', value: '12345' }],
      action: 'action_lookup_order',
      messages: { mode: 'any' },
    })
    const calls = server.requests.map((q) => `${q.method} ${q.url!.replace(TENANT, 'T')}`)
    expect(calls).toEqual([
      'POST /t/T/sessions',
      'POST /t/T/sessions/s1/messages',
      'POST /t/T/sessions/s1/messages',
      'DELETE /t/T/sessions/s1',
    ])
    expect(server.requests[1]!.headers).toMatchObject({ 'x-api-key': API_KEY, cookie: 'acme_affinity=s1-node' })
  })

  it('a wrong API key: errored (exit 3) with HTTP_STATUS 401, and the key appears nowhere', async () => {
    const dir = await project(acmeConfig(server.url))
    const r = await runCli(['run', 'acme.yaml', '--reporter', 'console,json', '--out', 'out'], {
      cwd: dir,
      env: { ACME_KEY: 'wrong-key-123456', ACME_TENANT: TENANT },
    })
    expect(r.code).toBe(3)
    expect(r.stdout).toContain('HTTP_STATUS: session start: HTTP 401')
    const json = await readFile(path.join(dir, 'out', 'banter-report.json'), 'utf8')
    for (const text of [r.stdout, r.stderr, json]) expect(text).not.toContain('wrong-key-123456')
  })

  it('--think-time spaces the turns; --rate and --think-time refuse nonsense with exit 2', async () => {
    const dir = await project(acmeConfig(server.url))
    const env = { ACME_KEY: API_KEY, ACME_TENANT: TENANT }
    const started = Date.now()
    const r = await runCli(['run', 'acme.yaml', '--think-time', '600', '--rate', '50'], { cwd: dir, env })
    expect(r.code).toBe(0)
    expect(Date.now() - started).toBeGreaterThanOrEqual(600)
    for (const args of [
      ['--rate', '0'],
      ['--rate', 'fast'],
      ['--think-time', '-5'],
    ]) {
      const bad = await runCli(['run', 'acme.yaml', ...args], { cwd: dir, env })
      expect(bad.code).toBe(2)
      expect(bad.stderr).not.toMatch(STACK)
    }
  })

  it('config mistakes are positioned: an unknown adapter, a bad capture path', async () => {
    const unknown = await project('endpoint:\n  adapter: rassa\n  url: http://127.0.0.1:9\n')
    const a = await runCli(['run', 'acme.yaml'], { cwd: unknown })
    expect(a.code).toBe(2)
    expect(a.stderr).toContain('banter.config.yaml:2:')
    const badPath = await project(
      'endpoint:\n  url: http://127.0.0.1:9/{{session.id}}\n  session:\n    start:\n      url: http://127.0.0.1:9/s\n      capture:\n        id: $.a[\n',
    )
    const b = await runCli(['run', 'acme.yaml'], { cwd: badPath })
    expect(b.code).toBe(2)
    expect(b.stderr).toContain('INVALID_PATH')
    expect(b.stderr).toContain('banter.config.yaml:')
    expect(b.stderr).not.toMatch(STACK)
    const noOptions = await project('endpoint:\n  url: http://127.0.0.1:9\n  adapter: openai\n  rasa:\n    token: x\n')
    const c = await runCli(['run', 'acme.yaml'], { cwd: noOptions })
    expect(c.code).toBe(2)
    expect(c.stderr).toContain('error[CONFIG_PRESET_OPTIONS]: endpoint.adapter openai needs an endpoint.openai block (with model)')
    expect(c.stderr).toContain('--> banter.config.yaml:3:12')
    expect(c.stderr).toContain('error[CONFIG_PRESET_MISMATCH]')
    expect(c.stderr).toContain('--> banter.config.yaml:4:3')
  })

  it('a config error quoting a URL from the environment masks its credentials', async () => {
    const dir = await project('endpoint:\n  url: ${CHAT_URL}\n')
    const r = await runCli(['run', 'acme.yaml'], { cwd: dir, env: { CHAT_URL: 'ftp://user:hunter2pass@example' } })
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('endpoint.url: not an http(s) URL: "ftp://***@example"')
    expect(r.stderr).not.toContain('hunter2pass')
  })
})

describe('the openai preset from the command line', () => {
  let server: FakeBotServer
  beforeAll(async () => {
    server = await startFakeOpenAi({ apiKey: 'sk-e2e-AbCdEf123', chunkDelayMs: 20 })
  })
  afterAll(() => server.close())

  it('streams, records ttftMs per turn in the JSON report, and keeps the key out of it', async () => {
    const dir = await project(
      `endpoint:\n  adapter: openai\n  url: ${server.url}\n  openai:\n    model: test-model\n    api_key: \${OPENAI_API_KEY}\n    stream: true\n`,
    )
    await writeFile(
      path.join(dir, 'acme.yaml'),
      '- name: Streams\n  turns:\n    - user: hello\n      expect:\n        reply:\n          contains: "echo: hello (#1)"\n    - user: again\n      expect:\n        reply:\n          contains: "(#2)"\n',
    )
    const r = await runCli(['run', 'acme.yaml', '--reporter', 'json', '--out', 'out'], {
      cwd: dir,
      env: { OPENAI_API_KEY: 'sk-e2e-AbCdEf123' },
    })
    expect(r.code).toBe(0)
    const report = JSON.parse(await readFile(path.join(dir, 'out', 'banter-report.json'), 'utf8'))
    for (const turn of report.cases[0].turns) {
      expect(turn.ttftMs).toBeGreaterThan(0)
      expect(turn.ttftMs).toBeLessThanOrEqual(turn.latencyMs)
    }
    expect(JSON.stringify(report)).not.toContain('sk-e2e-AbCdEf123')
  })
})
