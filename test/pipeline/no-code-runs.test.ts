import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { InputError } from '../../src/core/errors.js'
import { run } from '../../src/run.js'
import { loadScenarios } from '../../src/scenario/load.js'
import { json, startFakeServer, type FakeServer } from '../helpers/fake-server.js'
import { tempDir } from '../helpers/temp-dir.js'

const g = globalThis as Record<string, unknown>
let server: FakeServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
  expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  expect(g.pwned).toBeUndefined()
})

async function scenarioFile(text: string, config?: string): Promise<string> {
  const dir = await tempDir('banter-sec-')
  await writeFile(path.join(dir, 's.yaml'), text)
  if (config) await writeFile(path.join(dir, 'banter.config.yaml'), config)
  return dir
}

const HOSTILE = "{{constructor.constructor('globalThis.pwned=1')()}} {{ this.constructor() }} ${globalThis.pwned=1} <%= 7*7 %>"

describe('nothing in a scenario or config runs code or pollutes prototypes', () => {
  it('template syntax that looks like code is sent as literal text', async () => {
    server = await startFakeServer((_req, body, res) =>
      json(res, 200, { reply: (JSON.parse(body) as { message: string }).message, intent: { name: 'greeting', confidence: 1 } }),
    )
    const cwd = await scenarioFile(`name: Hostile\nturns:\n  - user: "${HOSTILE}"\n    expect:\n      intent: greeting\n`)
    const report = await run({ cwd, env: {}, paths: ['s.yaml'], endpoint: `${server.url}/chat` })
    expect(report.summary.passed).toBe(1)
    expect(JSON.parse(server.requests[0]!.body).message).toBe(HOSTILE)
  })

  it('{{__proto__}} and {{constructor}} are undefined variables, not inherited members', async () => {
    const cwd = await scenarioFile('name: Proto var\nturns:\n  - user: "{{__proto__}} {{constructor}}"\n')
    const err = await loadScenarios(['s.yaml'], { cwd }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(InputError)
    expect((err as InputError).diagnostics.map((d) => d.message)).toEqual([
      'undefined variable "{{__proto__}}"',
      'undefined variable "{{constructor}}"',
    ])
  })

  it('__proto__ keys in scenario YAML are refused', async () => {
    const cwd = await scenarioFile('name: Proto\nvariables:\n  __proto__:\n    polluted: 1\nturns:\n  - user: hi\n')
    const err = await loadScenarios(['s.yaml'], { cwd }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(InputError)
  })

  it('__proto__ in a response body, captured or not, pollutes nothing', async () => {
    server = await startFakeServer((_req, _body, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(
        '{"reply":"ok","intent":{"name":"greeting","confidence":1},"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}',
      )
    })
    const cwd = await scenarioFile(
      [
        'name: Capture proto',
        'turns:',
        '  - user: hi',
        '    capture:',
        '      got: $.__proto__',
        '      ctor: $.constructor.prototype',
        '  - user: "{{got}} {{ctor}}"',
      ].join('\n') + '\n',
    )
    const report = await run({ cwd, env: {}, paths: ['s.yaml'], endpoint: `${server.url}/chat` })
    expect(report.cases[0]!.status).not.toBe('errored')
  })

  it('__proto__ in a config body template or headers pollutes nothing', async () => {
    server = await startFakeServer((_req, _body, res) => json(res, 200, { reply: 'ok', intent: { name: 'greeting', confidence: 1 } }))
    const config = `endpoint:\n  url: ${server.url}/chat\n  headers:\n    __proto__: x\n  body:\n    message: "{{message}}"\n    __proto__:\n      polluted: yes\n`
    const cwd = await scenarioFile('name: Config proto\nturns:\n  - user: hi\n    expect:\n      intent: greeting\n', config)
    const report = await run({ cwd, env: {}, paths: ['s.yaml'] })
    expect(report.summary.passed).toBe(1)
    const sent = JSON.parse(server.requests[0]!.body) as Record<string, unknown>
    expect(sent.message).toBe('hi')
    expect(Object.getPrototypeOf(sent)).toBe(Object.prototype)
  })
})
