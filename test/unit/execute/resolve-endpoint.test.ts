import { describe, expect, it } from 'vitest'
import { startAssistant } from '../../../src/assistant/server.js'
import { InputError } from '../../../src/core/errors.js'
import type { ResolvedConfig } from '../../../src/config/load-config.js'
import { resolveEndpoint, type EndpointStarter } from '../../../src/execute/resolve-endpoint.js'
import { run } from '../../../src/run.js'

const noConfig: ResolvedConfig = { base: process.cwd(), secrets: new Set(), missingEnv: [] }
const withConfig: ResolvedConfig = {
  ...noConfig,
  endpoint: { url: 'http://127.0.0.1:9/from-config', method: 'PUT', headers: { 'x-key': 'k' }, timeoutMs: 1234 },
}

/** A starter that records its calls and hands out a fixed URL. */
function recordingStarter() {
  const calls: { connections: number }[] = []
  let closed = 0
  const start: EndpointStarter = async (opts) => {
    calls.push(opts)
    return {
      url: 'http://127.0.0.1:7/chat',
      feedbackUrl: 'http://127.0.0.1:7/feedback',
      label: 'a started endpoint',
      close: async () => {
        closed++
      },
    }
  }
  return { start, calls, closed: () => closed }
}

describe('resolveEndpoint: --endpoint, else the config, else the injected default', () => {
  it('--endpoint wins over the config and starts nothing', async () => {
    const starter = recordingStarter()
    const ep = await resolveEndpoint(
      { endpoint: 'http://127.0.0.1:8/chat', timeoutMs: 1234, concurrency: 4, defaultEndpoint: starter.start },
      withConfig,
    )
    expect(ep.http).toMatchObject({ url: 'http://127.0.0.1:8/chat', method: 'POST', timeoutMs: 1234 })
    expect(ep.close).toBeUndefined()
    expect(starter.calls).toEqual([])
  })

  it("the config's endpoint is used as written and starts nothing", async () => {
    const starter = recordingStarter()
    const ep = await resolveEndpoint({ concurrency: 4, timeoutMs: 50, defaultEndpoint: starter.start }, withConfig)
    expect(ep.http).toEqual({ ...withConfig.endpoint, timeoutMs: 50 })
    expect(starter.calls).toEqual([])
  })

  it('without either, the default is started (sized by the concurrency) and speaks the default JSON shape', async () => {
    const starter = recordingStarter()
    const ep = await resolveEndpoint({ concurrency: 32, timeoutMs: 10_000, defaultEndpoint: starter.start }, noConfig)
    expect(starter.calls).toEqual([{ connections: 32 }])
    expect(ep.http).toEqual({
      url: 'http://127.0.0.1:7/chat',
      method: 'POST',
      headers: {},
      timeoutMs: 10_000,
      feedbackUrl: 'http://127.0.0.1:7/feedback',
      body: { session_id: '{{session_id}}', user_id: '{{user_id}}', message: '{{message}}' },
    })
    expect(ep.label).toBe('a started endpoint')
    await ep.close!()
    expect(starter.closed()).toBe(1)
  })

  it('without either and with no default to start, it is an input error (exit 2) naming both ways to give one', async () => {
    const err = await resolveEndpoint({ concurrency: 1, timeoutMs: 10_000 }, noConfig).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(InputError)
    expect(err).toMatchObject({ exitCode: 2, diagnostics: [{ code: 'NO_ENDPOINT' }] })
    expect((err as InputError).diagnostics[0]!.hint).toMatch(/--endpoint.*endpoint\.url/)
  })

  it('an invalid --endpoint is refused before any default is started', async () => {
    const starter = recordingStarter()
    await expect(
      resolveEndpoint({ endpoint: 'ftp://x', timeoutMs: 10_000, concurrency: 1, defaultEndpoint: starter.start }, noConfig),
    ).rejects.toMatchObject({ diagnostics: [{ code: 'INVALID_ENDPOINT' }] })
    expect(starter.calls).toEqual([])
  })
})

describe('run() with an injected endpoint', () => {
  it('talks to the endpoint the starter gives, names it by its label, and releases it when the run ends', async () => {
    const assistant = await startAssistant({ port: 0, host: '127.0.0.1' })
    let released = 0
    let connections = 0
    const start: EndpointStarter = async (opts) => {
      connections = opts.connections
      return {
        url: `${assistant.url}/chat`,
        label: 'the test assistant',
        close: async () => {
          released++
        },
      }
    }
    try {
      const targets: string[] = []
      const report = await run(
        { cwd: process.cwd(), env: {}, paths: ['scenarios/order-status.yaml'], concurrency: 3, defaultEndpoint: start },
        {
          onStart: (info) => {
            targets.push(info.target)
          },
        },
      )
      expect(targets).toEqual(['the test assistant'])
      expect(connections).toBe(3)
      expect(report.run.endpoint).toBe(`${assistant.url}/chat`)
      expect(report.summary.conversations).toBeGreaterThan(0)
      expect(report.summary.passed).toBe(report.summary.conversations)
      expect(released).toBe(1)
    } finally {
      await assistant.close()
    }
  })
})
